/**
 * The sync server's edge against the attacks that worked: a disabled user's open sockets, ended
 * sessions, floods of refused upgrades, too many sockets, oversize frames. Real server, real
 * sockets, real SQLite; the admin CLI runs as its own process against the same data directory.
 *
 * Past 250 lines on purpose: the account and upgrade edges (AU5–AU7, UP6–UP8) share one server
 * fixture.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { disableUser } from '../../src/lib/server/accounts.js';
import { endUserSessions } from '../../src/lib/server/session.js';
import { CloseCode } from '../../src/lib/sync/protocol.js';
import { rawSocket, sessionCookie, startServer, waitFor } from './helpers.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';

let s: Awaited<ReturnType<typeof startServer>>;
beforeEach(async () => {
	s = await startServer({
		maxSocketsPerUser: 3,
		maxSocketsPerAddress: 5,
		maxPayloadBytes: 4096,
		sessionSweepMs: 50
	});
});
afterEach(() => s.close());

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Runs the built admin CLI against the server's data directory. */
function admin(args: string[], stdin = ''): Promise<{ code: number; out: string }> {
	return new Promise((resolve) => {
		const child = spawn(
			process.execPath,
			[path.join(ROOT, 'build-server/server/admin.js'), ...args],
			{
				env: { ...process.env, DATA_DIR: s.dataDir },
				stdio: ['pipe', 'pipe', 'pipe']
			}
		);
		let out = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		child.stderr.on('data', (d: Buffer) => (out += d.toString()));
		child.on('close', (code) => resolve({ code: code ?? -1, out }));
		child.stdin.end(stdin);
	});
}

/** An open socket of the user on the family's plan, synced far enough to be in its room. */
async function openSocket(userId: string, from?: string) {
	const { cookie } = sessionCookie(s.app.db, userId);
	const ws = new WebSocket(`${s.wsUrl}/${s.seed.docName}`, {
		headers: { Cookie: cookie },
		localAddress: from
	});
	ws.on('error', () => {});
	const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
	const opened = new Promise<boolean>((resolve) => {
		ws.once('message', () => resolve(true));
		ws.once('close', () => resolve(false));
	});
	return { ws, cookie, closed, opened };
}

const refusedRows = () =>
	s.app.db.prepare("SELECT actor_id, detail FROM audit_log WHERE action = 'refused'").all() as {
		actor_id: string | null;
		detail: string;
	}[];

describe('ended sessions close their sockets', () => {
	it('[AU7] disabling a user closes their open socket 4401 at once', async () => {
		const sock = await openSocket(s.seed.editor);
		expect(await sock.opened).toBe(true);
		await disableUser(sqliteSqlOf(s.app.db), s.seed.editor, { id: null, role: null, via: 'app' });
		expect(await sock.closed).toBe(CloseCode.unauthorized);
		// And the next upgrade with the same cookie is refused.
		const again = rawSocket(`${s.wsUrl}/${s.seed.docName}`, { Cookie: sock.cookie });
		expect((await again.closed).code).toBe(CloseCode.unauthorized);
	});

	it('[AU7] the admin CLI, another process, disables a user: their socket closes 4401', async () => {
		const sock = await openSocket(s.seed.reader);
		expect(await sock.opened).toBe(true);
		const r = await admin(['disable-user', '--email', 're@test.local']);
		expect(r.code, r.out).toBe(0);
		expect(await sock.closed).toBe(CloseCode.unauthorized);
	});

	it('[AU7] reset-password reads stdin, never argv, and ends the sessions; end-sessions too', async () => {
		const sock = await openSocket(s.seed.editor);
		expect(await sock.opened).toBe(true);
		const refused = await admin(['reset-password', '--email', 'ed@test.local', '--password', 'x']);
		expect(refused.code).not.toBe(0);
		const r = await admin(['reset-password', '--email', 'ed@test.local'], 'nowe-haslo-123\n');
		expect(r.code, r.out).toBe(0);
		expect(await sock.closed).toBe(CloseCode.unauthorized);
		const second = await openSocket(s.seed.editor);
		expect(await second.opened).toBe(true);
		const ended = await admin(['end-sessions', '--email', 'ed@test.local']);
		expect(ended.code, ended.out).toBe(0);
		expect(await second.closed).toBe(CloseCode.unauthorized);
	});

	it('[ST2] the admin CLI creates a police member of the ZI group as a participant of another institution', async () => {
		const r = await admin(
			[
				'create-user',
				'--org',
				'OPS Test',
				'--email',
				'policja@test.local',
				'--name',
				'Marek Policjant',
				'--role',
				'zespol_interdyscyplinarny',
				'--institution',
				'policja',
				'--institution-name',
				'KPP w Przykładowie'
			],
			'haslo-policja-123\n'
		);
		expect(r.code, r.out).toBe(0);
		const row = s.app.db
			.prepare(
				`SELECT s.institution FROM users u JOIN staff_law s ON s.user_id = u.id WHERE u.email = ?`
			)
			.get('policja@test.local') as { institution: string } | undefined;
		expect(JSON.parse(row?.institution ?? 'null')).toEqual({
			kind: 'policja',
			name: 'KPP w Przykładowie',
			ziMember: true
		});
		// An institution of another kind needs its name: refused, nobody created.
		const refused = await admin(
			[
				'create-user',
				'--org',
				'OPS Test',
				'--email',
				'pcpr@test.local',
				'--name',
				'Ewa',
				'--role',
				'koordynator',
				'--institution',
				'pcpr'
			],
			'haslo-pcpr-1234\n'
		);
		expect(refused.code).not.toBe(0);
		expect(refused.out).toMatch(/Podaj nazwę instytucji/);
		expect(
			s.app.db.prepare('SELECT count(*) AS n FROM users WHERE email = ?').get('pcpr@test.local')
		).toEqual({ n: 0 });
	});

	it('[AU5] a session past its idle limit closes its socket 4401 without anyone acting', async () => {
		const sock = await openSocket(s.seed.editor);
		expect(await sock.opened).toBe(true);
		const long = Date.now() - 13 * 60 * 60 * 1000;
		// As if 13 hours had passed since the sign-in and its last use (idle limit: 12 h).
		s.app.db.prepare('DELETE FROM session_activity').run();
		s.app.db
			.prepare('UPDATE sessions SET created_at = ? WHERE user_id = ?')
			.run(long, s.seed.editor);
		expect(await sock.closed).toBe(CloseCode.unauthorized);
	});

	it('[AU6] "Wyloguj wszędzie" ends every session of the user and closes all their sockets', async () => {
		const a = await openSocket(s.seed.editor);
		const b = await openSocket(s.seed.editor);
		expect(await a.opened).toBe(true);
		expect(await b.opened).toBe(true);
		expect(await endUserSessions(sqliteSqlOf(s.app.db), s.seed.editor)).toBe(2);
		expect(await a.closed).toBe(CloseCode.unauthorized);
		expect(await b.closed).toBe(CloseCode.unauthorized);
	});
});

describe('limits at the upgrade', () => {
	it('[UP6] 200 refused upgrades without a cookie: one aggregated audit row, not 200', async () => {
		const before = refusedRows().length;
		for (let batch = 0; batch < 4; batch++) {
			const socks = Array.from({ length: 50 }, () => rawSocket(`${s.wsUrl}/${s.seed.docName}`, {}));
			const codes = await Promise.all(socks.map((r) => r.closed.then((c) => c.code)));
			expect(new Set(codes)).toEqual(new Set([CloseCode.unauthorized]));
		}
		// Nothing written per request…
		expect(refusedRows().length - before).toBe(0);
		// …one row for the address and window, with the count.
		await s.app.flushRefusals();
		const rows = refusedRows().slice(before);
		expect(rows).toHaveLength(1);
		expect(JSON.parse(rows[0].detail)).toMatchObject({
			address: '127.0.0.1',
			count: 200,
			codes: { [CloseCode.unauthorized]: 200 }
		});
	});

	it('[UP7] sockets per user are capped (4429); a closed one frees its place', async () => {
		const socks = [];
		for (let i = 0; i < 3; i++) {
			const sock = await openSocket(s.seed.editor);
			expect(await sock.opened).toBe(true);
			socks.push(sock);
		}
		const fourth = await openSocket(s.seed.editor);
		expect(await fourth.closed).toBe(CloseCode.rateLimited);
		socks[0].ws.close();
		await socks[0].closed;
		await waitFor(() => s.app.edge.socketsOf(s.seed.editor) === 2, 5000, 'socket uncounted');
		const again = await openSocket(s.seed.editor);
		expect(await again.opened).toBe(true);
		await s.app.flushRefusals();
		expect(refusedRows().some((r) => r.actor_id === s.seed.editor)).toBe(true);
		for (const x of [...socks, again]) x.ws.close();
	});

	it('[UP7] sockets per address are capped; another address is not affected', async () => {
		const socks = [];
		for (const user of [
			s.seed.editor,
			s.seed.editor,
			s.seed.editor,
			s.seed.reader,
			s.seed.reader
		]) {
			const sock = await openSocket(user);
			expect(await sock.opened).toBe(true);
			socks.push(sock);
		}
		const sixth = await openSocket(s.seed.reader);
		expect(await sixth.closed).toBe(CloseCode.rateLimited);
		const elsewhere = await openSocket(s.seed.reader, '127.0.0.2');
		expect(await elsewhere.opened).toBe(true);
		for (const x of [...socks, elsewhere]) x.ws.close();
	});

	it('[UP8] a frame over the payload limit closes 1009 and is audited', async () => {
		const sock = await openSocket(s.seed.editor);
		expect(await sock.opened).toBe(true);
		sock.ws.send(new Uint8Array(20_000));
		expect(await sock.closed).toBe(1009);
		await waitFor(
			() => refusedRows().some((r) => JSON.parse(r.detail).code === 1009),
			5000,
			'oversize audit row'
		);
	});
});
