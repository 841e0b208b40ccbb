import { beforeEach, describe, expect, it } from 'vitest';
import { disableUser, enableUser } from './accounts';
import type { Db } from './db';
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
import { openTempDatabase, staffOf } from './test-support';
import { sqliteSqlOf } from './sql';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

let db: Db;
let ended: string[];
beforeEach(() => {
	const close = openTempDatabase('asysta-sess-', (opened) => (db = opened));
	ended = [];
	const off = onSessionEnded((id) => ended.push(id));
	return () => {
		off();
		close();
	};
});

async function staff() {
	const org = ensureOrganisation(db, 'OPS');
	const mk = staffOf(db, org, 'haslo-123');
	return { org, anna: await mk('anna@x.pl', 'asystent'), head: await mk('kier@x.pl', 'kierownik') };
}

function signIn(userId: string, now: number) {
	const token = generateSessionToken();
	return { token, id: createSession(db, token, userId, now).id };
}

describe('session limits', () => {
	it('[AU5] a session used every hour still ends at the absolute limit (14 days)', async () => {
		const { anna } = await staff();
		const t0 = Date.now();
		const { token } = signIn(anna, t0);
		let t = t0;
		while (t + HOUR < t0 + 14 * DAY) {
			t += HOUR;
			expect(validateSessionToken(db, token, t)).not.toBeNull();
		}
		expect(validateSessionToken(db, token, t0 + 14 * DAY)).toBeNull();
	});

	it('[AU5] the head’s shorter idle limit applies to sessions already open', async () => {
		const { org, anna, head } = await staff();
		const t0 = Date.now();
		const { id } = signIn(anna, t0);
		expect(isSessionLive(db, id, t0 + 3 * HOUR)).toBe(true);
		const r = await saveOrgSettings(
			sqliteSqlOf(db),
			{ id: head, role: 'kierownik', orgId: org },
			{ sessionIdleHours: 2 }
		);
		expect(r.ok).toBe(true);
		expect(isSessionLive(db, id, t0 + 3 * HOUR)).toBe(false);
	});

	it('[AU5] the clean-up deletes ended sessions and those of disabled users, and signals each', async () => {
		const { anna, head } = await staff();
		const t0 = Date.now();
		const old = signIn(anna, t0 - 20 * DAY);
		const live = signIn(anna, t0);
		const headSession = signIn(head, t0);
		db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?').run(t0, head);
		expect(endExpiredSessions(db, t0)).toBe(2);
		expect(ended.sort()).toEqual([old.id, headSession.id].sort());
		const left = db.prepare('SELECT id FROM sessions').all() as { id: string }[];
		expect(left.map((r) => r.id)).toEqual([live.id]);
	});
});

describe('accounts', () => {
	it('[AU7] disabling ends every session at once (signalled), refuses sign-in; enabling allows it again', async () => {
		const { anna } = await staff();
		const a = signIn(anna, Date.now());
		const b = signIn(anna, Date.now());
		expect(disableUser(db, anna, { id: null, role: null, via: 'admin-cli' })).toEqual({
			sessions: 2
		});
		expect(ended.sort()).toEqual([a.id, b.id].sort());
		expect(validateSessionToken(db, a.token)).toBeNull();
		expect((await checkPassword(db, 'anna@x.pl', 'haslo-123', '10.0.0.1')).ok).toBe(false);
		enableUser(db, anna, { id: null, role: null, via: 'admin-cli' });
		expect((await checkPassword(db, 'anna@x.pl', 'haslo-123', '10.0.0.1')).ok).toBe(true);
		const rows = db
			.prepare(
				"SELECT json_extract(detail, '$.change') AS change FROM audit_log WHERE action = 'account'"
			)
			.all() as { change: string }[];
		expect(rows.map((r) => r.change)).toEqual(['disabled', 'enabled']);
	});
});
