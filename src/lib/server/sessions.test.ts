import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { disableUser, enableUser } from './accounts';
import type { Sql } from './sql';
import { openTestData, type TestData } from './test-data';
import { saveOrgSettings } from './org-settings';
import {
	createSession,
	endExpiredSessions,
	generateSessionToken,
	isSessionLive,
	onSessionEnded,
	validateSessionToken
} from './session';
import { checkPassword, ensureOrganisation } from './users';
import { staffOf } from './test-support';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let data: TestData;
let sql: Sql;
let ended: string[];
let off: () => void;
beforeEach(async () => {
	data = await openTestData('asysta-sess-');
	sql = data.sql;
	ended = [];
	off = onSessionEnded((id) => ended.push(id));
});
afterEach(async () => {
	off();
	await data.close();
});

async function staff() {
	const org = await ensureOrganisation(sql, 'OPS');
	const mk = staffOf(sql, org, 'haslo-123');
	return { org, anna: await mk('anna@x.pl', 'asystent'), head: await mk('kier@x.pl', 'kierownik') };
}

async function signIn(userId: string, now: number) {
	const token = generateSessionToken();
	return { token, id: (await createSession(sql, token, userId, now)).id };
}

describe('session limits', () => {
	it('[AU5] a session used every hour still ends at the absolute limit (14 days)', async () => {
		const { anna } = await staff();
		const t0 = Date.now();
		const { token } = await signIn(anna, t0);
		let t = t0;
		while (t + HOUR < t0 + 14 * DAY) {
			t += HOUR;
			expect(await validateSessionToken(sql, token, t)).not.toBeNull();
		}
		expect(await validateSessionToken(sql, token, t0 + 14 * DAY)).toBeNull();
	});

	it('[AU5] the head’s shorter idle limit applies to sessions already open', async () => {
		const { org, anna, head } = await staff();
		const t0 = Date.now();
		const { id } = await signIn(anna, t0);
		expect(await isSessionLive(sql, id, t0 + 3 * HOUR)).toBe(true);
		const r = await saveOrgSettings(
			sql,
			{ id: head, role: 'kierownik', orgId: org },
			{ sessionIdleHours: 2 }
		);
		expect(r.ok).toBe(true);
		expect(await isSessionLive(sql, id, t0 + 3 * HOUR)).toBe(false);
	});

	it('[AU5] the clean-up deletes ended sessions and those of disabled users, and signals each', async () => {
		const { anna, head } = await staff();
		const t0 = Date.now();
		const old = await signIn(anna, t0 - 20 * DAY);
		const live = await signIn(anna, t0);
		const headSession = await signIn(head, t0);
		await sql.run('UPDATE users SET disabled_at = ? WHERE id = ?', t0, head);
		expect(await endExpiredSessions(sql, t0)).toBe(2);
		expect(ended.sort()).toEqual([old.id, headSession.id].sort());
		const left = await sql.all<{ id: string }>('SELECT id FROM sessions');
		expect(left.map((r) => r.id)).toEqual([live.id]);
	});
});

describe('accounts', () => {
	it('[AU7] disabling ends every session at once (signalled), refuses sign-in; enabling allows it again', async () => {
		const { anna } = await staff();
		const a = await signIn(anna, Date.now());
		const b = await signIn(anna, Date.now());
		expect(await disableUser(sql, anna, { id: null, role: null, via: 'admin-cli' })).toEqual({
			sessions: 2
		});
		expect(ended.sort()).toEqual([a.id, b.id].sort());
		expect(await validateSessionToken(sql, a.token)).toBeNull();
		expect((await checkPassword(sql, 'anna@x.pl', 'haslo-123', '10.0.0.1')).ok).toBe(false);
		await enableUser(sql, anna, { id: null, role: null, via: 'admin-cli' });
		expect((await checkPassword(sql, 'anna@x.pl', 'haslo-123', '10.0.0.1')).ok).toBe(true);
		const rows = await sql.all<{ detail: string }>(
			"SELECT detail FROM audit_log WHERE action = 'account' ORDER BY seq"
		);
		expect(rows.map((r) => JSON.parse(r.detail).change)).toEqual(['disabled', 'enabled']);
	});
});
