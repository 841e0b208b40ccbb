import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { grantAccess } from '../../src/lib/server/families.js';
import { authoringRangesOf, MAX_OFFLINE_MS } from '../../src/lib/server/authoring-times.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';
import { listAudit } from '../../src/lib/server/audit-query.js';
import { AuthoringLog } from '../../src/lib/sync/authoring-log.js';
import { encodeAuthoringBatch, startAuthoringSync } from '../../src/lib/sync/authoring-sync.js';
import { addAction, addGoal } from '../../src/lib/sync/plan-doc.js';
import { MessageType } from '../../src/lib/sync/protocol.js';
import { connectClient, rawSocket, sessionCookie, startServer, waitFor } from './helpers.js';
import { MemoryStorage } from '../../src/lib/sync/test-support.js';

let s: Awaited<ReturnType<typeof startServer>>;

/** The document's stored authoring ranges. */
const rangesStored = () => authoringRangesOf(sqliteSqlOf(s.app.db), s.seed.docName);
beforeEach(async () => {
	s = await startServer();
});
afterEach(() => s.close());

const HOUR = 3_600_000;

/** A device: y-websocket client + authoring sync with its own clock, not yet connected. */
function device(userId: string, clock: { now: number }, doc = new Y.Doc()) {
	const c = connectClient({
		wsUrl: s.wsUrl,
		docName: s.seed.docName,
		headers: { Cookie: sessionCookie(s.app.db, userId).cookie },
		doc
	});
	const log = new AuthoringLog(new MemoryStorage(), 'k');
	const stop = startAuthoringSync({
		doc: c.doc,
		provider: c.provider,
		log,
		isRemoteOrigin: (o) => o === c.provider,
		now: () => clock.now
	});
	return {
		...c,
		log,
		destroy: () => {
			stop();
			c.destroy();
		}
	};
}

describe('[HI1] authoring times of offline changes (message 102)', () => {
	it('[HI1] changes made offline reach the server with the device’s time; the device then forgets them', async () => {
		const t0 = Date.now() - 3 * HOUR;
		const clock = { now: t0 };
		const d = device(s.seed.editor, clock);
		d.provider.disconnect();
		const goal = addGoal(d.doc, { kind: 'glowny', title: 'Cel napisany bez sieci' });
		clock.now += 10 * 60_000;
		addAction(d.doc, goal, { description: 'Działanie dziesięć minut później' });
		expect(d.log.size).toBe(2);
		clock.now = Date.now();
		d.provider.connect();
		await waitFor(async () => (await rangesStored()).length === 2, 8000, 'stored');
		await waitFor(() => d.log.size === 0, 8000, 'log settled');
		const stored = await rangesStored();
		expect(stored.map((r) => r.clientId)).toEqual([d.doc.clientID, d.doc.clientID]);
		expect(stored.map((r) => r.userId)).toEqual([s.seed.editor, s.seed.editor]);
		// Exactly the device's times (3 h ago, and 10 minutes later), in clock order.
		expect(stored.map((r) => r.authoredAt)).toEqual([t0, t0 + 10 * 60_000]);
		expect(stored[0].from).toBe(0);
		expect(stored[1].from).toBe(stored[0].to);
		d.destroy();
	});

	it('[HI1] ranges under another user’s client id are dropped and audited; a reader’s are never stored', async () => {
		const clock = { now: Date.now() };
		const anna = device(s.seed.editor, clock);
		await waitFor(() => anna.provider.synced);
		addGoal(anna.doc, { kind: 'glowny', title: 'Cel Anny' });
		await waitFor(async () => (await rangesStored()).length === 1, 8000, 'anna');

		// A second editor claims Anna's client id with a time of its own.
		const other = await import('../../src/lib/server/users.js').then((u) =>
			u.createUser(sqliteSqlOf(s.app.db), {
				orgId: s.seed.org,
				email: 'inna@test.local',
				name: 'Inna Edytorka',
				role: 'asystent',
				password: 'test-password'
			})
		);
		await grantAccess(sqliteSqlOf(s.app.db), {
			familyId: s.seed.familyId,
			userId: other,
			role: 'edit',
			compartments: ['plan'],
			grantedBy: s.seed.editor,
			reason: 'test'
		});
		const raw = rawSocket(`${s.wsUrl}/${s.seed.docName}`, {
			Cookie: sessionCookie(s.app.db, other).cookie
		});
		await raw.opened;
		const claim = { client: anna.doc.clientID, from: 0, to: 1, at: Date.now() - 2 * HOUR };
		raw.ws.send(encodeAuthoringBatch(7, [claim]));
		await waitFor(() => raw.frames.some((f) => f[0] === MessageType.authoring), 5000, 'ack');
		const ack = raw.frames.find((f) => f[0] === MessageType.authoring) as Uint8Array;
		const dec = decoding.createDecoder(ack);
		decoding.readVarUint(dec);
		expect(JSON.parse(decoding.readVarString(dec))).toEqual({ id: 7, later: [] });
		const stored = await rangesStored();
		expect(stored).toHaveLength(1);
		expect(stored[0].userId).toBe(s.seed.editor);
		const audit = (await listAudit(sqliteSqlOf(s.app.db), s.seed.familyId)).find(
			(a) => a.action === 'refused' && a.detail.includes('authoring')
		);
		expect(audit?.actorId).toBe(other);

		// The reader's socket: settled, nothing stored.
		const reader = rawSocket(`${s.wsUrl}/${s.seed.docName}`, {
			Cookie: sessionCookie(s.app.db, s.seed.reader).cookie
		});
		await reader.opened;
		reader.ws.send(encodeAuthoringBatch(1, [{ ...claim, at: Date.now() }]));
		await waitFor(() => reader.frames.some((f) => f[0] === MessageType.authoring), 5000, 'ack');
		expect(await rangesStored()).toHaveLength(1);
		raw.ws.close();
		reader.ws.close();
		anna.destroy();
	});

	it('[HI1] a device clock years off is stored as unknown, one ahead is clamped to the arrival, a range not yet held waits', async () => {
		const yearsAgo = Date.now() - 3 * MAX_OFFLINE_MS;
		const clock = { now: yearsAgo };
		const d = device(s.seed.editor, clock);
		await waitFor(() => d.provider.synced);
		addGoal(d.doc, { kind: 'glowny', title: 'Zegar sprzed lat' });
		await waitFor(async () => (await rangesStored()).length === 1, 8000, 'old');
		clock.now = Date.now() + HOUR;
		addGoal(d.doc, { kind: 'glowny', title: 'Zegar do przodu' });
		await waitFor(async () => (await rangesStored()).length === 2, 8000, 'ahead');
		const [old, ahead] = await rangesStored();
		expect(old.authoredAt).toBeNull();
		expect(old.deviceAt).toBe(yearsAgo);
		expect(ahead.authoredAt).toBe(ahead.receivedAt);
		expect(ahead.deviceAt).toBeGreaterThan(ahead.receivedAt);

		// Clocks the server has not received: "later", not stored, not dropped.
		const raw = rawSocket(`${s.wsUrl}/${s.seed.docName}`, {
			Cookie: sessionCookie(s.app.db, s.seed.editor).cookie
		});
		await raw.opened;
		raw.ws.send(encodeAuthoringBatch(3, [{ client: 12345, from: 0, to: 4, at: Date.now() }]));
		await waitFor(() => raw.frames.some((f) => f[0] === MessageType.authoring), 5000, 'ack');
		const ack = raw.frames.find((f) => f[0] === MessageType.authoring) as Uint8Array;
		const dec = decoding.createDecoder(ack);
		decoding.readVarUint(dec);
		expect(JSON.parse(decoding.readVarString(dec))).toEqual({ id: 3, later: [0] });
		expect(await rangesStored()).toHaveLength(2);
		raw.ws.close();
		d.destroy();
	});

	it('[HI1][RM10] a malformed or oversized authoring message closes only that socket 4400', async () => {
		const cookie = sessionCookie(s.app.db, s.seed.editor).cookie;
		const bad = (text: string) => {
			const e = encoding.createEncoder();
			encoding.writeVarUint(e, MessageType.authoring);
			encoding.writeVarString(e, text);
			return encoding.toUint8Array(e);
		};
		for (const text of [
			'not json',
			JSON.stringify({ id: 1, ranges: [{ client: 1, from: 5, to: 5, at: 0 }] }),
			JSON.stringify({ id: 1, ranges: Array(501).fill({ client: 1, from: 0, to: 1, at: 0 }) }),
			'x'.repeat(70_000)
		]) {
			const raw = rawSocket(`${s.wsUrl}/${s.seed.docName}`, { Cookie: cookie });
			await raw.opened;
			raw.ws.send(bad(text));
			expect((await raw.closed).code).toBe(4400);
		}
		expect(await rangesStored()).toHaveLength(0);
	});
});
