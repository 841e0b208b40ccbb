/**
 * [AU5][AU6] Sessions over HTTP against the built server: the id rotates at sign-in, "Wyloguj
 * wszędzie" for oneself and by the head, the limits as organisation settings; [SH2] HSTS and
 * Secure cookies when served over https.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode } from '../../src/lib/sync/protocol.js';
import { createUser } from '../../src/lib/server/users.js';
import { cookieOf, login, request, startBuiltServer } from './built-server.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';

let s: Awaited<ReturnType<typeof startBuiltServer>>;
let headId: string;
beforeAll(async () => {
	s = await startBuiltServer();
	headId = await createUser(sqliteSqlOf(s.db), {
		orgId: s.seed.org,
		email: 'kier@test.local',
		name: 'Kinga Kierownik',
		role: 'kierownik',
		password: 'test-password'
	});
});
afterAll(() => s.close());

const me = (cookie: string) => request(`${s.url}/api/session`, { headers: { cookie } });

/** A synced socket on the family's plan with this cookie, and its close code to come. */
async function socket(cookie: string): Promise<{ closed: Promise<number> }> {
	const ws = new WebSocket(`${s.wsUrl}/${s.seed.docName}`, { headers: { Cookie: cookie } });
	ws.on('error', () => {});
	const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
	await new Promise<void>((resolve, reject) => {
		ws.once('message', () => resolve());
		ws.once('close', () => reject(new Error('closed before syncing')));
	});
	return { closed };
}

describe('sessions over HTTP', () => {
	it('[AU5] signing in again ends the session the browser presented (the id rotates)', async () => {
		const first = cookieOf(await login(s.url, 'ed@test.local', 'test-password', '127.0.1.1'));
		expect((await me(first)).status).toBe(200);
		const again = await request(`${s.url}/api/session`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie: first },
			body: JSON.stringify({ email: 'ed@test.local', password: 'test-password' })
		});
		const second = cookieOf(again);
		expect(second).not.toBe(first);
		expect((await me(first)).status).toBe(401);
		expect((await me(second)).status).toBe(200);
	});

	it('[AU6] "Wyloguj wszędzie" ends every session of the user and closes their sockets', async () => {
		const a = cookieOf(await login(s.url, 'ed@test.local', 'test-password', '127.0.1.2'));
		const b = cookieOf(await login(s.url, 'ed@test.local', 'test-password', '127.0.1.3'));
		const { closed } = await socket(b);
		const out = await request(`${s.url}/api/session?all=1`, {
			method: 'DELETE',
			headers: { cookie: a }
		});
		expect(out.status).toBe(204);
		expect(await closed).toBe(CloseCode.unauthorized);
		expect((await me(a)).status).toBe(401);
		expect((await me(b)).status).toBe(401);
	});

	it('[AU6] the head ends a staff member’s sessions; nobody else may', async () => {
		const head = cookieOf(await login(s.url, 'kier@test.local', 'test-password', '127.0.1.4'));
		const reader = cookieOf(await login(s.url, 're@test.local', 'test-password', '127.0.1.5'));
		const { closed } = await socket(reader);
		const list = await request(`${s.url}/api/organisation/staff`, { headers: { cookie: head } });
		expect(list.status).toBe(200);
		const staff = JSON.parse(list.body).staff as { id: string; sessions: number }[];
		expect(staff.find((m) => m.id === s.seed.reader)?.sessions).toBe(1);
		const notHead = await request(`${s.url}/api/organisation/staff/${s.seed.editor}/end-sessions`, {
			method: 'POST',
			headers: { cookie: reader }
		});
		expect(notHead.status).toBe(403);
		const ended = await request(`${s.url}/api/organisation/staff/${s.seed.reader}/end-sessions`, {
			method: 'POST',
			headers: { cookie: head }
		});
		expect(ended.status).toBe(200);
		expect(JSON.parse(ended.body)).toEqual({ sessions: 1 });
		expect(await closed).toBe(CloseCode.unauthorized);
		expect((await me(reader)).status).toBe(401);
		const stranger = await request(`${s.url}/api/organisation/staff/nie-ma/end-sessions`, {
			method: 'POST',
			headers: { cookie: head }
		});
		expect(stranger.status).toBe(404);
	});

	it('[AU5] the limits are organisation settings the head changes, with Polish bounds', async () => {
		const head = cookieOf(await login(s.url, 'kier@test.local', 'test-password', '127.0.1.6'));
		const put = (body: unknown) =>
			request(`${s.url}/api/organisation/settings`, {
				method: 'PUT',
				headers: { cookie: head, 'content-type': 'application/json' },
				body: JSON.stringify(body)
			});
		const bad = await put({ sessionIdleHours: 0 });
		expect(bad.status).toBe(400);
		expect(JSON.parse(bad.body).fields.sessionIdleHours).toMatch(/bezczynności/);
		const ok = await put({ sessionIdleHours: 4, sessionMaxDays: 7 });
		expect(ok.status).toBe(200);
		expect(JSON.parse(ok.body).settings).toMatchObject({ sessionIdleHours: 4, sessionMaxDays: 7 });
		// The cookie of a new sign-in lives until the absolute limit.
		const fresh = await login(s.url, 'ed@test.local', 'test-password', '127.0.1.7');
		const maxAge = Number(/Max-Age=(\d+)/i.exec(String(fresh.headers['set-cookie']))?.[1]);
		expect(maxAge).toBeLessThanOrEqual(7 * 24 * 3600);
		expect(maxAge).toBeGreaterThan(6 * 24 * 3600);
		expect(headId).toBeTruthy();
	});
});

describe('behind a TLS proxy', () => {
	let t: Awaited<ReturnType<typeof startBuiltServer>>;
	beforeAll(async () => {
		t = await startBuiltServer({ ORIGIN: 'https://asysta.example.org' });
	});
	afterAll(() => t.close());

	it('[SH2] ORIGIN=https://… sends HSTS everywhere and makes the session cookie Secure', async () => {
		for (const p of ['/logowanie', '/sw.js', '/api/families']) {
			const r = await request(t.url + p);
			expect(r.headers['strict-transport-security'], p).toBe('max-age=31536000');
		}
		const ok = await login(t.url, 'ed@test.local', 'test-password');
		expect(ok.status).toBe(200);
		expect(String(ok.headers['set-cookie'])).toMatch(/;\s*Secure/i);
	});
});
