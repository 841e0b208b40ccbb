/**
 * [DV11][DV12] A device marked lost hears it at every contact, against the built server: any API
 * call and the sync socket's upgrade, even after the mark ended its sessions (a dead session alone
 * said only 401 / 4401, so a closed or offline device kept its copies until the user signed in
 * again). Another user signed in on the same browser profile works on. And a profile whose site
 * data was wiped (cookies kept) is told what the server last heard from its copy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CloseCode, DEVICE_LOST_HEADER } from '../../src/lib/sync/protocol.js';
import { createUser } from '../../src/lib/server/users.js';
import { cookieOf, login, request, startBuiltServer, type Reply } from './built-server.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';

let s: Awaited<ReturnType<typeof startBuiltServer>>;
beforeAll(async () => {
	s = await startBuiltServer();
	await createUser(sqliteSqlOf(s.db), {
		orgId: s.seed.org,
		email: 'kier-dev@test.local',
		name: 'Kamila Kierownik',
		role: 'kierownik',
		password: 'test-password'
	});
});
afterAll(() => s.close());

const deviceIdOf = (n: number) => `urzadzenie-testowe-${String(n).padStart(6, '0')}`;

/** The device cookie the key request set. */
function deviceCookieOf(reply: Reply): string {
	const set = reply.headers['set-cookie'] ?? [];
	const found = set.find((c) => c.startsWith('asysta_device='));
	if (!found) throw new Error(`no device cookie in ${reply.status} ${reply.body}`);
	return found.split(';')[0];
}

function askKey(cookie: string, body: Record<string, unknown>): Promise<Reply> {
	return request(`${s.url}/api/device/key`, {
		method: 'POST',
		headers: { cookie, 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
}

/** The close code of a socket opened with this cookie (or 0 when it synced). */
function socketOutcome(cookie: string): Promise<number> {
	const ws = new WebSocket(`${s.wsUrl}/${s.seed.docName}`, { headers: { Cookie: cookie } });
	ws.on('error', () => {});
	return new Promise<number>((resolve) => {
		ws.once('message', () => {
			ws.close();
			resolve(0);
		});
		ws.once('close', (code) => resolve(code));
	});
}

describe('a device marked lost, at its next contact', () => {
	it('[DV11] every API call and the socket say "device lost" after the mark ended its session; another user on the profile works on', async () => {
		const device = deviceIdOf(1);
		const session = cookieOf(await login(s.url, 'ed@test.local', 'test-password', '127.0.2.1'));
		const key = await askKey(session, { deviceId: device, pending: 3 });
		expect(key.status).toBe(200);
		const dev = deviceCookieOf(key);
		expect(dev).toBe(`asysta_device=${device}`);
		expect(await socketOutcome(`${session}; ${dev}`)).toBe(0);

		const head = cookieOf(await login(s.url, 'kier-dev@test.local', 'test-password', '127.0.2.2'));
		const marked = await request(`${s.url}/api/devices/lost`, {
			method: 'POST',
			headers: { cookie: head, 'content-type': 'application/json' },
			body: JSON.stringify({ userId: s.seed.editor, deviceId: device })
		});
		expect(marked.status).toBe(200);

		// The dead session with the device cookie: 401 (no session) that also says "erase".
		for (const url of ['/api/session', '/api/devices', '/api/families']) {
			const r = await request(`${s.url}${url}`, { headers: { cookie: `${session}; ${dev}` } });
			expect(r.status, url).toBe(401);
			expect(r.headers[DEVICE_LOST_HEADER], url).toBe('1');
			expect(JSON.parse(r.body), url).toMatchObject({ erase: true, users: [s.seed.editor] });
		}
		// Without the device cookie nothing tells the device: the plain 401 of before.
		const plain = await request(`${s.url}/api/session`, { headers: { cookie: session } });
		expect(plain.status).toBe(401);
		expect(plain.headers[DEVICE_LOST_HEADER]).toBeUndefined();
		// The background sync's upgrade: 4410 (the page erases), not 4401.
		expect(await socketOutcome(`${session}; ${dev}`)).toBe(CloseCode.deviceLost);
		expect(await socketOutcome(dev)).toBe(CloseCode.deviceLost);
		expect(await socketOutcome(session)).toBe(CloseCode.unauthorized);

		// The lost user signs in again on it: the login answers, everything after says "lost".
		const again = cookieOf(
			await request(`${s.url}/api/session`, {
				method: 'POST',
				headers: { cookie: dev, 'content-type': 'application/json' },
				body: JSON.stringify({ email: 'ed@test.local', password: 'test-password' }),
				from: '127.0.2.3'
			})
		);
		const refused = await askKey(`${again}; ${dev}`, { deviceId: device });
		expect(refused.status).toBe(410);
		expect(refused.headers[DEVICE_LOST_HEADER]).toBe('1');
		expect(await socketOutcome(`${again}; ${dev}`)).toBe(CloseCode.deviceLost);

		// Another user on the same browser profile is not cut off by her colleague's mark.
		const reader = cookieOf(await login(s.url, 're@test.local', 'test-password', '127.0.2.4'));
		const mine = await request(`${s.url}/api/session`, {
			headers: { cookie: `${reader}; ${dev}` }
		});
		expect(mine.status).toBe(200);
		expect(mine.headers[DEVICE_LOST_HEADER]).toBeUndefined();
		expect((await askKey(`${reader}; ${dev}`, { deviceId: device })).status).toBe(200);
		expect(await socketOutcome(`${reader}; ${dev}`)).toBe(0);
	});
});

describe('a profile whose site data was wiped', () => {
	it('[DV12] the device cookie outlived the wipe: the answer names the lost copy’s waiting changes, and the profile keeps its device', async () => {
		const before = deviceIdOf(2);
		const first = cookieOf(await login(s.url, 're@test.local', 'test-password', '127.0.2.5'));
		const dev = deviceCookieOf(await askKey(first, { deviceId: before, pending: 4 }));
		// Storage wiped, cookies kept (an eviction): a new device id, nothing of the user here.
		const again = cookieOf(await login(s.url, 're@test.local', 'test-password', '127.0.2.6'));
		const fresh = await askKey(`${again}; ${dev}`, {
			deviceId: deviceIdOf(3),
			pending: 0,
			fresh: true
		});
		expect(fresh.status).toBe(200);
		const body = JSON.parse(fresh.body) as { deviceId: string; previous: unknown };
		expect(body.deviceId).toBe(before);
		expect(body.previous).toMatchObject({ deviceId: before, pending: 4, sure: true });
		// Not fresh (the same call as every day): no "previous".
		const daily = JSON.parse((await askKey(`${again}; ${dev}`, { deviceId: before })).body) as {
			previous: unknown;
		};
		expect(daily.previous).toBeNull();
	});

	it('[DV12] cookies wiped too: a same-browser device of the user that reported waiting changes is named, not claimed', async () => {
		const ua = { 'user-agent': 'TestBrowser/1.0 (wipe)' };
		const first = cookieOf(await login(s.url, 'ed@test.local', 'test-password', '127.0.2.7'));
		await request(`${s.url}/api/device/key`, {
			method: 'POST',
			headers: { cookie: first, 'content-type': 'application/json', ...ua },
			body: JSON.stringify({ deviceId: deviceIdOf(4), pending: 2 })
		});
		const again = cookieOf(await login(s.url, 'ed@test.local', 'test-password', '127.0.2.8'));
		const fresh = await request(`${s.url}/api/device/key`, {
			method: 'POST',
			headers: { cookie: again, 'content-type': 'application/json', ...ua },
			body: JSON.stringify({ deviceId: deviceIdOf(5), fresh: true, newId: true })
		});
		const body = JSON.parse(fresh.body) as { deviceId: string; previous: unknown };
		expect(body.deviceId).toBe(deviceIdOf(5));
		expect(body.previous).toMatchObject({ deviceId: deviceIdOf(4), pending: 2, sure: false });
	});
});
