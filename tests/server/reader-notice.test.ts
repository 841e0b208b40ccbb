/**
 * [RM19] A reader who changed nothing is never told that the server refused their changes: every
 * y-websocket client answers the server's SyncStep1 with a SyncStep2 (empty for a fresh device),
 * and that is no write. A reader's real change still gets the one `read-only` notice (RM7).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { familyDocName } from '../../src/lib/domain/compartments.js';
import { startDemoServer, connectClient, sessionCookie, waitFor } from './helpers.js';
import type { AsystaServer } from '../../server/app.js';

let app: AsystaServer;
let wsUrl: string;
let origin: string;
let familyId: string;
let kasia: string;
let close: () => Promise<void>;

beforeAll(async () => {
	let ids: Record<string, string>;
	({ app, wsUrl, origin, familyId, ids, close } = await startDemoServer('reader-notice'));
	kasia = ids.kasia;
});
afterAll(() => close());

/** A reader's client, with a way to know that the server has handled everything sent so far. */
function readerClient() {
	const c = connectClient({
		wsUrl,
		docName: familyDocName(familyId, 'plan'),
		headers: { Cookie: sessionCookie(app.db, kasia).cookie, Origin: origin }
	});
	let awarenessReplies = 0;
	const handle = c.provider.messageHandlers[1];
	c.provider.messageHandlers[1] = (...args) => {
		awarenessReplies++;
		return handle(...args);
	};
	/** Frames are handled in order: once the answer to this query is back, so is any notice. */
	const roundTrip = async () => {
		const before = awarenessReplies;
		c.provider.ws?.send(new Uint8Array([3])); // y-websocket's "query awareness"
		await waitFor(() => awarenessReplies > before, 5000, 'awareness answer');
	};
	return { c, roundTrip };
}

describe('reader notices', () => {
	it('[RM19] a kurator with a comment grant who changed nothing gets no refusal notice', async () => {
		const { c, roundTrip } = readerClient();
		await waitFor(() => c.provider.synced, 5000, 'synced');
		await roundTrip();
		expect(c.notices).toEqual([]);
		c.destroy();
	});

	it('[RM19][RM7] the same reader writing something gets the read-only notice', async () => {
		const { c, roundTrip } = readerClient();
		await waitFor(() => c.provider.synced, 5000, 'synced');
		c.doc.getMap('meta').set('probe-kasia', 1);
		await roundTrip();
		expect(c.notices).toEqual([{ type: 'read-only', role: 'comment' }]);
		c.destroy();
	});
});
