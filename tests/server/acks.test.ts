/**
 * [RM5] Who is sent a persisted snapshot after a commit: the writer, every time; someone only
 * watching, when it tells them something. Real server, real y-websocket clients, and the device's
 * own save tracker (src/lib/sync/save-state.ts) on the watcher's copy.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HEARTBEAT_MS } from '../../src/lib/sync/protocol.js';
import { SaveTracker } from '../../src/lib/sync/save-state.js';
import { connectClient, sessionCookie, startServer, waitFor } from './helpers.js';

/** READER_ACK_MS in server/room-acks.ts: a watcher is told at least this rarely. */
const READER_ACK_MS = 5_000;

let s: Awaited<ReturnType<typeof startServer>>;
beforeEach(async () => {
	s = await startServer();
});
afterEach(() => s.close());

function editor() {
	const { cookie } = sessionCookie(s.app.db, s.seed.editor);
	return connectClient({ wsUrl: s.wsUrl, docName: s.seed.docName, headers: { Cookie: cookie } });
}

describe('acknowledgements', () => {
	it('[RM5] a watcher is not acknowledged each keystroke of the one typing, and its device stays saved', async () => {
		const writer = editor();
		const watcher = editor();
		await waitFor(() => writer.provider.synced && watcher.provider.synced);
		const tracker = new SaveTracker(watcher.doc, {
			storage: null,
			key: 'watcher',
			isRemoteOrigin: (o) => o === watcher.provider
		});
		watcher.onPersisted = (snap) => tracker.applyPersisted(Y.encodeSnapshot(snap));
		await waitFor(() => watcher.persisted.length > 0);
		const before = watcher.persisted.length;
		const t0 = Date.now();
		const text = writer.doc.getText('t');
		for (let i = 0; i < 30; i++) {
			text.insert(i, 'x');
			// Each keystroke is acknowledged to its writer (persistedAckMs 0 here).
			await waitFor(() => writer.persisted.some((p) => p.sv.get(writer.doc.clientID) === i + 1));
		}
		await waitFor(() => watcher.doc.getText('t').length === 30);
		// A bound from the time the run took, never a time limit: the greeting's follow-up and the
		// last one, and per READER_ACK_MS window and per heartbeat one snapshot plus the one that
		// may follow it. The old rule sent the watcher one per keystroke (30).
		const elapsed = Date.now() - t0;
		const windows = Math.ceil(elapsed / READER_ACK_MS) + Math.ceil(elapsed / HEARTBEAT_MS);
		expect(watcher.persisted.length - before).toBeLessThanOrEqual(2 + 2 * windows);
		expect(tracker.facts.pending).toBe(0);
		// Whatever it was last told, the watcher ends up told everything it holds.
		await waitFor(() => tracker.facts.saved, 5000, 'watcher saved');
		writer.destroy();
		watcher.destroy();
	});

	it('[RM5] a watcher that starts typing is acknowledged like any writer', async () => {
		const a = editor();
		const b = editor();
		await waitFor(() => a.provider.synced && b.provider.synced);
		a.doc.getText('t').insert(0, 'ala');
		await waitFor(() => a.persisted.some((p) => p.sv.get(a.doc.clientID) === 3));
		b.doc.getText('u').insert(0, 'ma kota');
		await waitFor(() => b.persisted.some((p) => p.sv.get(b.doc.clientID) === 7));
		a.destroy();
		b.destroy();
	});
});
