/**
 * Abuse of the sync server (RM7–RM11): past 250 lines on purpose, as the cases share one server
 * fixture and raw-socket helpers.
 */
import * as encoding from 'lib0/encoding';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { grantAccess } from '../../src/lib/server/families.js';
import { notifyAccessChanged, revokeGrant } from '../../src/lib/server/grants.js';
import { invalidateSession } from '../../src/lib/server/session.js';
import { CloseCode, MessageType } from '../../src/lib/sync/protocol.js';
import {
	connectClient,
	rawSocket,
	sessionCookie,
	settled,
	startServer,
	waitFor
} from './helpers.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';

let s: Awaited<ReturnType<typeof startServer>>;
beforeEach(async () => {
	s = await startServer({ rateLimitBurst: 100, rateLimitPerS: 20, maxPayloadBytes: 64 * 1024 });
});
afterEach(() => s.close());

function client(userId: string) {
	const { cookie, token } = sessionCookie(s.app.db, userId);
	return {
		...connectClient({ wsUrl: s.wsUrl, docName: s.seed.docName, headers: { Cookie: cookie } }),
		cookie,
		token
	};
}

const rowsBy = (userId: string) =>
	(
		s.app.db.prepare('SELECT count(*) AS n FROM doc_updates WHERE user_id = ?').get(userId) as {
			n: number;
		}
	).n;

function awarenessFrame(entries: [client: number, clock: number, state: unknown][]): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, entries.length);
	for (const [id, clock, state] of entries) {
		encoding.writeVarUint(inner, id);
		encoding.writeVarUint(inner, clock);
		encoding.writeVarString(inner, JSON.stringify(state));
	}
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MessageType.awareness);
	encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
	return encoding.toUint8Array(e);
}

describe('roles', () => {
	it('[RM7] a reader syncs, but its write is never applied or stored, and it gets one notice', async () => {
		const ed = client(s.seed.editor);
		await waitFor(() => ed.provider.synced);
		ed.doc.getText('t').insert(0, 'plan');
		const rd = client(s.seed.reader);
		await waitFor(() => rd.provider.synced && rd.doc.getText('t').toString() === 'plan');
		rd.doc.getText('t').insert(0, 'HACK ');
		rd.doc.getText('t').insert(0, 'HACK ');
		await waitFor(() => rd.notices.length > 0);
		await settled(rd); // both writes handled, every frame for the reader received
		await s.app.rooms.queue.flush();
		expect(rd.notices).toEqual([{ type: 'read-only', role: 'read' }]);
		expect(ed.doc.getText('t').toString()).toBe('plan');
		expect(rowsBy(s.seed.reader)).toBe(0);
		ed.destroy();
		rd.destroy();
	});
});

describe('bad input', () => {
	it('[RM10] malformed frames close 4400 and are audited; the other client keeps working and storage stays intact', async () => {
		const a = client(s.seed.editor);
		await waitFor(() => a.provider.synced);
		a.doc.getText('t').insert(0, 'stabilny');
		const frames = [
			Uint8Array.from([0xff, 0xff, 0xff]), // varint running off the end
			Uint8Array.from([42]), // unknown message type
			Uint8Array.from([MessageType.sync, 2, 5, 1, 2, 3, 4, 5]), // garbage update
			Uint8Array.from([MessageType.sync, 0, 3, 200, 200, 200]), // garbage state vector
			Uint8Array.from([MessageType.awareness, 3, 1, 1, 9]) // truncated awareness
		];
		for (const f of frames) {
			const raw = rawSocket(`${s.wsUrl}/${s.seed.docName}`, { Cookie: a.cookie });
			await raw.opened;
			raw.ws.send(f);
			expect((await raw.closed).code, `frame ${Array.from(f)}`).toBe(CloseCode.malformed);
		}
		const text = rawSocket(`${s.wsUrl}/${s.seed.docName}`, { Cookie: a.cookie });
		await text.opened;
		text.ws.send('hello');
		expect((await text.closed).code).toBe(CloseCode.malformed);
		a.doc.getText('t').insert(8, ' dalej');
		const b = client(s.seed.editor);
		await waitFor(() => b.doc.getText('t').toString() === 'stabilny dalej');
		await waitFor(() => rowsBy(s.seed.editor) === 2);
		const loaded = await s.app.store.load(s.seed.docName);
		const doc = new Y.Doc();
		for (const u of loaded.updates) Y.applyUpdate(doc, u.bytes);
		expect(doc.getText('t').toString()).toBe('stabilny dalej');
		const audited = s.app.db
			.prepare(
				`SELECT count(*) AS n FROM audit_log WHERE action = 'refused' AND actor_id = ? AND detail LIKE '%"code":4400%'`
			)
			.get(s.seed.editor) as { n: number };
		expect(audited.n).toBe(frames.length + 1);
		a.destroy();
		b.destroy();
	});

	it('[RM10] a frame above maxPayload closes only that socket', async () => {
		const a = client(s.seed.editor);
		await waitFor(() => a.provider.synced);
		const raw = rawSocket(`${s.wsUrl}/${s.seed.docName}`, { Cookie: a.cookie });
		await raw.opened;
		raw.ws.send(new Uint8Array(100 * 1024));
		expect((await raw.closed).code).toBe(1009);
		a.doc.getText('t').insert(0, 'ok');
		await waitFor(() => rowsBy(s.seed.editor) === 1);
		a.destroy();
	});

	it('[RM10] a flood beyond the rate limit closes 4429', async () => {
		const { cookie } = sessionCookie(s.app.db, s.seed.editor);
		const raw = rawSocket(`${s.wsUrl}/${s.seed.docName}`, { Cookie: cookie });
		await raw.opened;
		for (let i = 0; i < 500; i++) raw.ws.send(Uint8Array.from([MessageType.queryAwareness]));
		expect((await raw.closed).code).toBe(CloseCode.rateLimited);
	});
});

describe('backpressure', () => {
	it('[RM10] a socket that stops reading is dropped with 4508 once its unsent bytes pass the bound', async () => {
		await s.close();
		s = await startServer({ maxBufferedBytes: 256 * 1024 });
		const a = client(s.seed.editor);
		await waitFor(() => a.provider.synced);
		const slow = rawSocket(`${s.wsUrl}/${s.seed.docName}`, { Cookie: a.cookie });
		await slow.opened;
		await waitFor(() => slow.frames.length >= 2); // greeted: it is in the room now
		(slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
		const chunk = 'x'.repeat(512 * 1024);
		for (let i = 0; i < 40; i++) {
			a.doc.getText('t').insert(0, chunk);
			await new Promise((r) => setTimeout(r, 5));
		}
		await waitFor(() => rowsBy(s.seed.editor) === 40, 20_000, 'rows');
		(slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
		const timeout = new Promise<{ code: number }>((r) => setTimeout(() => r({ code: -1 }), 10_000));
		expect((await Promise.race([slow.closed, timeout])).code).toBe(CloseCode.slowConsumer);
		expect(a.closes).toEqual([]);
		a.destroy();
	});
});

describe('awareness', () => {
	it('[RM8] the user field comes from the session, and the state leaves with its socket', async () => {
		const a = client(s.seed.editor);
		const b = client(s.seed.reader);
		a.provider.awareness.setLocalState({
			user: { name: 'Hacker', color: '#000000' },
			focus: 'goal:1'
		});
		await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.focus === 'goal:1');
		const seen = b.provider.awareness.getStates().get(a.doc.clientID) as { user: unknown };
		expect(seen.user).toEqual({
			name: 'Edyta Edytor',
			color: expect.stringMatching(/^#[0-9a-f]{6}$/),
			role: 'asystent'
		});
		a.destroy();
		await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID), 5000, 'removal');
		b.destroy();
	});

	it('[RM9] an entry claiming another live socket’s client id with a newer clock closes 4400', async () => {
		const a = client(s.seed.editor);
		const b = client(s.seed.reader);
		a.provider.awareness.setLocalState({ focus: 'mine' });
		await waitFor(() => b.provider.awareness.getStates().get(a.doc.clientID)?.focus === 'mine');
		const raw = rawSocket(`${s.wsUrl}/${s.seed.docName}`, { Cookie: b.cookie });
		await raw.opened;
		raw.ws.send(awarenessFrame([[424242, 1, { focus: 'own' }]]));
		raw.ws.send(awarenessFrame([[a.doc.clientID, 1000, { focus: 'spoofed' }]]));
		expect((await raw.closed).code).toBe(CloseCode.malformed);
		await settled(b); // anything the spoof broadcast would have reached b by now
		expect(b.provider.awareness.getStates().get(a.doc.clientID)?.focus).toBe('mine');
		a.destroy();
		b.destroy();
	});
});

describe('reconnecting after a silent network drop', () => {
	it('[RM9] the same session announcing its client id on a new socket replaces its dead old socket', async () => {
		const { cookie } = sessionCookie(s.app.db, s.seed.editor);
		const watcher = client(s.seed.reader);
		const old = rawSocket(`${s.wsUrl}/${s.seed.docName}`, { Cookie: cookie });
		await old.opened;
		old.ws.send(awarenessFrame([[777001, 1, { focus: 'przed' }]]));
		await waitFor(() => watcher.provider.awareness.getStates().get(777001)?.focus === 'przed');
		// The network dropped without a close: the server still holds `old`. The device comes back.
		const fresh = rawSocket(`${s.wsUrl}/${s.seed.docName}`, { Cookie: cookie });
		await fresh.opened;
		fresh.ws.send(awarenessFrame([[777001, 5, { focus: 'po' }]]));
		expect((await old.closed).code).toBe(CloseCode.superseded);
		await waitFor(() => watcher.provider.awareness.getStates().get(777001)?.focus === 'po');
		expect(fresh.ws.readyState).toBe(fresh.ws.OPEN);
		fresh.ws.close();
		watcher.destroy();
	});
});

describe('sessions and grants on open sockets', () => {
	it('[RM11] logging out closes that session’s sockets 4401 at once, others stay', async () => {
		const a = client(s.seed.editor);
		const other = client(s.seed.editor);
		await waitFor(() => a.provider.synced && other.provider.synced);
		const { sessionIdFromToken } = await import('../../src/lib/server/session.js');
		await invalidateSession(sqliteSqlOf(s.app.db), sessionIdFromToken(a.token));
		await waitFor(() => a.closes.length > 0, 2000, 'the logged-out socket to close');
		expect(a.closes[0].code).toBe(CloseCode.unauthorized);
		expect(other.closes).toEqual([]);
		a.destroy();
		other.destroy();
	});

	it('[RM11] the periodic re-check closes a logged-out socket 4401 and a revoked one 4403', async () => {
		const a = client(s.seed.editor);
		const r = client(s.seed.reader);
		await waitFor(() => a.provider.synced && r.provider.synced);
		await invalidateSession(
			sqliteSqlOf(s.app.db),
			(await import('../../src/lib/server/session.js')).sessionIdFromToken(a.token)
		);
		s.app.db
			.prepare('UPDATE grants SET revoked_at = ? WHERE user_id = ?')
			.run(Date.now(), s.seed.reader);
		s.app.rooms.recheckSessions();
		await waitFor(() => a.closes.length > 0 && r.closes.length > 0);
		expect(a.closes[0].code).toBe(CloseCode.unauthorized);
		expect(r.closes[0].code).toBe(CloseCode.forbidden);
		a.destroy();
		r.destroy();
	});

	it('[RM11] a revocation reported by the data layer closes that user’s sockets at once', async () => {
		const grantId = await grantAccess(sqliteSqlOf(s.app.db), {
			familyId: s.seed.familyId,
			userId: s.seed.stranger,
			role: 'edit',
			compartments: ['plan'],
			grantedBy: null,
			reason: 't'
		});
		const o = client(s.seed.stranger);
		const a = client(s.seed.editor);
		await waitFor(() => o.provider.synced && a.provider.synced);
		const change = await revokeGrant(sqliteSqlOf(s.app.db), grantId, s.seed.editor);
		expect(change).not.toBeNull();
		notifyAccessChanged(change as { userId: string; familyId: string });
		await waitFor(() => o.closes.length > 0, 2000, '4403');
		expect(o.closes[0].code).toBe(CloseCode.forbidden);
		expect(a.closes).toEqual([]);
		o.destroy();
		a.destroy();
	});

	it('[RM11] closeSockets closes exactly the selected sockets', async () => {
		await grantAccess(sqliteSqlOf(s.app.db), {
			familyId: s.seed.familyId,
			userId: s.seed.stranger,
			role: 'edit',
			compartments: ['plan'],
			grantedBy: null,
			reason: 't'
		});
		const a = client(s.seed.editor);
		const o = client(s.seed.stranger);
		await waitFor(() => a.provider.synced && o.provider.synced);
		expect(
			s.app.rooms.closeSockets((c) => c.info.userId === s.seed.stranger, CloseCode.forbidden)
		).toBe(1);
		await waitFor(() => o.closes.length > 0);
		expect(o.closes[0].code).toBe(CloseCode.forbidden);
		a.doc.getText('t').insert(0, 'dalej');
		await waitFor(() => rowsBy(s.seed.editor) === 1);
		expect(a.closes).toEqual([]);
		a.destroy();
		o.destroy();
	});
});
