/**
 * [AU2] Login throttling against the built server, over real HTTP, from distinct loopback
 * addresses (no header is trusted: TRUST_PROXY is off).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, startBuiltServer } from './built-server.js';

let s: Awaited<ReturnType<typeof startBuiltServer>>;
beforeAll(async () => {
	s = await startBuiltServer();
});
afterAll(() => s.close());

const OWNER = 'ed@test.local';
const PASSWORD = 'test-password';

const failedRows = (email: string) =>
	(
		s.db
			.prepare(
				`SELECT count(*) AS n FROM audit_log WHERE action = 'login-failed' AND json_extract(detail, '$.email') = ?`
			)
			.get(email) as { n: number }
	).n;

describe('login throttling', () => {
	it('[AU2] 20 wrong passwords sent at once, then the right one: refused, with a Polish wait', async () => {
		const from = '127.0.0.2';
		const replies = await Promise.all(
			Array.from({ length: 20 }, (_, i) => login(s.url, 're@test.local', `zle-${i}`, from))
		);
		const statuses = replies.map((r) => r.status);
		expect(statuses.filter((c) => c === 401).length).toBeLessThanOrEqual(6);
		expect(statuses.filter((c) => c === 429).length).toBeGreaterThanOrEqual(14);
		const right = await login(s.url, 're@test.local', PASSWORD, from);
		expect(right.status).toBe(429);
		expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
		expect(JSON.parse(right.body).error).toMatch(/Spróbuj ponownie za \d+ (s|min)/);
		// One row per verified failure and one for the delay, not one per request.
		expect(failedRows('re@test.local')).toBeLessThanOrEqual(7);
	});

	it('[AU2] a stranger’s failures do not lock the owner out when she signs in from elsewhere', async () => {
		for (let i = 0; i < 8; i++) await login(s.url, OWNER, `zgadywanie-${i}`, '127.0.0.3');
		const stranger = await login(s.url, OWNER, PASSWORD, '127.0.0.3');
		expect(stranger.status).toBe(429);
		const owner = await login(s.url, OWNER, PASSWORD, '127.0.0.4');
		expect(owner.status).toBe(200);
	});

	it('[AU2] one address spraying a password over many accounts is slowed down, counted in the database before the password is checked', async () => {
		const from = '127.0.0.5';
		const statuses: number[] = [];
		for (let i = 0; i < 24; i++)
			statuses.push((await login(s.url, `konto${i}@test.local`, 'Haslo123!', from)).status);
		expect(statuses.slice(0, 20).every((c) => c === 401)).toBe(true);
		expect(statuses.slice(21)).toEqual([429, 429, 429]);
		// The owner of a real account, from her own address, is not affected.
		expect((await login(s.url, 'ob@test.local', PASSWORD, '127.0.0.6')).status).toBe(200);
		// The counting happens before the password is checked, in the database.
		const row = s.db
			.prepare("SELECT failures, blocked_until FROM login_throttle WHERE key = 'address:127.0.0.5'")
			.get() as { failures: number; blocked_until: number };
		expect(row.failures).toBe(21);
		expect(row.blocked_until).toBeGreaterThan(Date.now());
	});
});
