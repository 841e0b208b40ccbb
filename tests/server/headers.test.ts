/**
 * [SH1–SH4] Security headers on every kind of response of the built server, and hostile input
 * at the HTTP edge answered with a clear status, no stack trace, nothing stored.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspDirectives } from '../../svelte.config.js';
import { BASE_CSP } from '../../server/security-headers.js';
import { cookieOf, login, request, startBuiltServer, type Reply } from './built-server.js';

let s: Awaited<ReturnType<typeof startBuiltServer>>;
let cookie: string;
beforeAll(async () => {
	s = await startBuiltServer();
	cookie = cookieOf(await login(s.url, 'ed@test.local', 'test-password', '127.0.0.9'));
});
afterAll(() => s.close());

/** A JavaScript file of the client build, as the browser would fetch it. */
function someAsset(): string {
	const dir = path.resolve(import.meta.dirname, '../../build/client/_app/immutable/entry');
	const file = fs.readdirSync(dir).find((f) => f.endsWith('.js'));
	if (!file) throw new Error('no built entry script');
	return `/_app/immutable/entry/${file}`;
}

function expectHardened(r: Reply, what: string) {
	const csp = String(r.headers['content-security-policy'] ?? '');
	expect(csp, what).toContain("frame-ancestors 'none'");
	expect(csp, what).toContain("object-src 'none'");
	expect(csp, what).not.toMatch(/script-src[^;]*unsafe-inline/);
	expect(r.headers['x-content-type-options'], what).toBe('nosniff');
	expect(r.headers['x-frame-options'], what).toBe('DENY');
	expect(r.headers['referrer-policy'], what).toBe('no-referrer');
	expect(String(r.headers['permissions-policy']), what).toMatch(/camera=\(\).*microphone=\(\)/);
	// Plain http (no ORIGIN=https://…): no HSTS, no Secure cookie the browser would drop.
	expect(r.headers['strict-transport-security'], what).toBeUndefined();
}

describe('security headers', () => {
	it('[SH1] the login page, a prerendered family page, a static asset, the API and the service worker', async () => {
		const paths = ['/logowanie', '/rodzina/wizyty', someAsset(), '/favicon.png', '/sw.js'];
		for (const p of paths) {
			const r = await request(s.url + p);
			expect(r.status, p).toBe(200);
			expectHardened(r, p);
		}
		const api = await request(`${s.url}/api/families`, { headers: { cookie } });
		expect(api.status).toBe(200);
		expectHardened(api, '/api/families');
		const anonymous = await request(`${s.url}/api/families`);
		expect(anonymous.status).toBe(401);
		expectHardened(anonymous, '/api/families without a session');
	});

	it('[SH1] a page’s header policy allows exactly its own inline script, by hash', async () => {
		for (const p of ['/logowanie', '/rodzina']) {
			const r = await request(s.url + p);
			const inline = /<script>([\s\S]*?)<\/script>/.exec(r.body)?.[1];
			expect(inline, p).toBeDefined();
			const hash = (await import('node:crypto'))
				.createHash('sha256')
				.update(inline ?? '')
				.digest('base64');
			const scriptSrc = /script-src ([^;]*)/.exec(String(r.headers['content-security-policy']));
			expect(scriptSrc?.[1].split(' ').sort(), p).toEqual([`'self'`, `'sha256-${hash}'`].sort());
		}
	});
});

describe('one policy', () => {
	it('[SH1] the server’s base policy is SvelteKit’s policy without the per-page hashes', () => {
		const quoted = (v: string) => (/^[a-z-]+$/.test(v) && !v.endsWith(':') ? `'${v}'` : v);
		const fromConfig = Object.entries(cspDirectives as Record<string, string[]>)
			.map(([k, vs]) => `${k} ${vs.map(quoted).join(' ')}`)
			.sort();
		expect(BASE_CSP.split('; ').sort()).toEqual(fromConfig);
	});
});

/** Writes `text` on a fresh connection in one go and returns everything the server answers. */
function raw(text: string): Promise<string> {
	return new Promise((resolve) => {
		const sock = net.connect(Number(new URL(s.url).port), '127.0.0.1');
		let out = '';
		sock.on('data', (d) => (out += d.toString()));
		sock.on('close', () => resolve(out));
		sock.on('error', () => resolve(out));
		sock.write(text);
	});
}

describe('hostile input at the edge', () => {
	const noStack = (r: Reply) => {
		expect(r.body).not.toMatch(/\bat .+\.(js|ts):\d+/);
		expect(r.body).not.toMatch(/Error:/);
	};
	const sessions = () =>
		(s.db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;

	it('[SH4] malformed cookies are no session, not an error', async () => {
		for (const c of [
			'asysta_session=%E0%A4%A',
			'asysta_session=' + 'a'.repeat(5000),
			'asysta_session',
			';;;=;',
			'asysta_session="<script>"'
		]) {
			const r = await request(`${s.url}/api/session`, { headers: { cookie: c } });
			expect(r.status, c).toBe(401);
			noStack(r);
		}
	});

	it('[SH4] wrong content types, malformed and oversized bodies, unknown users: 400/401/413, nothing stored', async () => {
		const before = sessions();
		const post = (body: string | Buffer, type: string) =>
			request(`${s.url}/api/session`, {
				method: 'POST',
				headers: { 'content-type': type, origin: s.url },
				body
			});
		const form = await post('email=ed%40test.local&password=test-password', 'text/plain');
		// SvelteKit's CSRF check answers a form-like type first (403) unless the origin matches.
		expect([400, 403]).toContain(form.status);
		const json = await request(`${s.url}/api/session`, {
			method: 'POST',
			headers: { 'content-type': 'text/json' },
			body: JSON.stringify({ email: 'ed@test.local', password: 'test-password' })
		});
		expect(json.status).toBe(400);
		expect(JSON.parse(json.body).error).toMatch(/JSON/);
		const xml = await post('<login/>', 'application/xml');
		expect(xml.status).toBe(400);
		const broken = await post('{"email": "ed@test.local", "password": ', 'application/json');
		expect(broken.status).toBe(400);
		// A body declared larger than the limit is refused from its header, before it is read
		// (sent raw: the server answering before the client finished writing is the point).
		const huge = await raw(
			`POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
				`Content-Length: ${2 * 1024 * 1024}\r\nConnection: close\r\n\r\n{"email":`
		);
		expect(huge).toMatch(/^HTTP\/1\.1 (400|413)/);
		const unknown = await post(
			JSON.stringify({ email: 'nikt@nigdzie.pl', password: 'cokolwiek' }),
			'application/json'
		);
		expect(unknown.status).toBe(401);
		for (const r of [form, json, xml, broken, unknown]) noStack(r);
		expect(huge).not.toMatch(/\bat .+\.js:\d+/);
		expect(sessions()).toBe(before);
	});

	it('[SH4] oversized headers get 431 and the server keeps serving', async () => {
		const reply = await raw(
			`GET /api/session HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(64 * 1024)}\r\n\r\n`
		);
		expect(reply).toMatch(/^HTTP\/1\.1 431/);
		expect((await request(`${s.url}/logowanie`)).status).toBe(200);
	});
});
