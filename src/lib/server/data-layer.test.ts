import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { ensureOrganisation, checkPassword } from './users';
import { addAnnaAndKasia, openTempDatabase } from './test-support';
import { THROTTLE } from './login-throttle';
import {
	createSession,
	generateSessionToken,
	validateSessionToken,
	readSessionCookie
} from './session';
import { createFamily, documentAccess, grantAccess, listFamiliesForUser } from './families';
import { appendAudit } from './audit';
import { familyDocName } from '../domain/compartments';
import { listGrants, notifyAccessChanged, onAccessChanged, revokeGrant } from './grants';
import { auditCsv, listAudit } from './audit-query';
import {
	caseloadByAssistant,
	familiesWaitingForAssistant,
	orgSettings,
	projectCaseState
} from './caseload';
import { sqliteSqlOf } from './sql';

let db: Db;
beforeEach(() => openTempDatabase('asysta-dl-', (opened) => (db = opened)));

/** Anna is stored as 'Anna@x.pl': [AU1] signs in with another case. */
async function staff() {
	const org = await ensureOrganisation(sqliteSqlOf(db), 'OPS Test');
	return { org, ...(await addAnnaAndKasia(db, org, 'Anna@x.pl')) };
}

/** Rodzina K., Anna's family, as the grant tests start from it. */
const annasFamily = (org: string, anna: string) =>
	createFamily(sqliteSqlOf(db), {
		orgId: org,
		name: 'Rodzina K.',
		assistantId: anna,
		createdBy: anna
	});

describe('accounts and sessions', () => {
	it('[AU1] a password is checked against its argon2 hash, e-mail case-insensitively', async () => {
		const { anna } = await staff();
		expect(await checkPassword(sqliteSqlOf(db), 'anna@X.pl', 'haslo-anny')).toEqual({
			ok: true,
			userId: anna,
			role: 'asystent'
		});
		expect(await checkPassword(sqliteSqlOf(db), 'anna@x.pl', 'zle')).toEqual({
			ok: false,
			code: 'bad-credentials',
			failures: 1
		});
		expect(await checkPassword(sqliteSqlOf(db), 'nikt@x.pl', 'zle')).toEqual({
			ok: false,
			code: 'bad-credentials',
			failures: 1
		});
	});

	it('[AU2] after the free failures an account-and-address waits, growing; other addresses do not', async () => {
		await staff();
		const t0 = Date.now();
		const free = THROTTLE.account.free;
		for (let i = 0; i < free; i++)
			await checkPassword(sqliteSqlOf(db), 'anna@x.pl', 'zle', '10.0.0.1', t0 + i);
		// The next attempt is still checked (and counted); after it a delay runs.
		expect((await checkPassword(sqliteSqlOf(db), 'anna@x.pl', 'zle', '10.0.0.1', t0 + 10)).ok).toBe(
			false
		);
		const refused = await checkPassword(
			sqliteSqlOf(db),
			'anna@x.pl',
			'haslo-anny',
			'10.0.0.1',
			t0 + 20
		);
		expect(refused).toMatchObject({ ok: false, code: 'throttled', firstRefusal: true });
		expect(refused.ok === false && refused.code === 'throttled' && refused.retryAfterMs).toBe(
			THROTTLE.account.firstDelayMs - 10
		);
		const again = await checkPassword(
			sqliteSqlOf(db),
			'anna@x.pl',
			'haslo-anny',
			'10.0.0.1',
			t0 + 30
		);
		expect(again).toMatchObject({ code: 'throttled', firstRefusal: false });
		// The owner elsewhere is not affected.
		expect(
			(await checkPassword(sqliteSqlOf(db), 'anna@x.pl', 'haslo-anny', '10.0.0.2', t0 + 40)).ok
		).toBe(true);
		// After the delay the right password works from the first address too.
		const later = t0 + 10 + THROTTLE.account.firstDelayMs;
		expect(
			(await checkPassword(sqliteSqlOf(db), 'anna@x.pl', 'haslo-anny', '10.0.0.1', later)).ok
		).toBe(true);
	});

	it('[AU3] only the hash of a session token is stored; the session ends after the idle limit', async () => {
		const { anna } = await staff();
		const token = generateSessionToken();
		const t0 = Date.now();
		await createSession(sqliteSqlOf(db), token, anna, t0);
		const ids = db.prepare('SELECT id FROM sessions').all() as { id: string }[];
		expect(ids.map((r) => r.id)).not.toContain(token);
		expect((await validateSessionToken(sqliteSqlOf(db), token, t0))?.user.name).toBe('Anna');
		const idle = 12 * 60 * 60 * 1000;
		const used = t0 + idle - 1000;
		expect((await validateSessionToken(sqliteSqlOf(db), token, used))?.session.expiresAt).toBe(
			used + idle
		);
		expect(await validateSessionToken(sqliteSqlOf(db), token, used + idle + 1)).toBeNull();
		expect(await validateSessionToken(sqliteSqlOf(db), 'nieznany', t0)).toBeNull();
	});

	it('[AU4] reads the session cookie and ignores malformed values', async () => {
		expect(readSessionCookie('a=1; asysta_session=abcdefghijklmnop2345')).toBe(
			'abcdefghijklmnop2345'
		);
		expect(readSessionCookie('asysta_session=<script>')).toBeNull();
		expect(readSessionCookie(undefined)).toBeNull();
	});
});

describe('families and grants', () => {
	it('[AC1] the assistant edits every compartment; others see nothing without a grant', async () => {
		const { org, anna, kasia } = await staff();
		const fam = await annasFamily(org, anna);
		const plan = familyDocName(fam, 'plan');
		expect(await documentAccess(sqliteSqlOf(db), anna, plan)).toMatchObject({
			ok: true,
			role: 'edit',
			compartment: 'plan'
		});
		expect(await documentAccess(sqliteSqlOf(db), kasia, plan)).toEqual({
			ok: false,
			code: 'forbidden'
		});
		expect(await documentAccess(sqliteSqlOf(db), anna, 'nie-ma-takiego')).toEqual({
			ok: false,
			code: 'unknown-document'
		});
		expect(await listFamiliesForUser(sqliteSqlOf(db), kasia)).toEqual([]);
		expect((await listFamiliesForUser(sqliteSqlOf(db), anna))[0]).toMatchObject({
			id: fam,
			name: 'Rodzina K.',
			doc: plan
		});
	});

	it('[AC2] a grant opens only its compartments, with its role, within its validity', async () => {
		const { org, anna, kasia } = await staff();
		const fam = await annasFamily(org, anna);
		const now = Date.now();
		await grantAccess(sqliteSqlOf(db), {
			familyId: fam,
			userId: kasia,
			role: 'comment',
			compartments: ['plan'],
			grantedBy: anna,
			reason: 'postanowienie sądu',
			// Both ends given: a grant stamped a millisecond after `now` would not yet be valid at `now`.
			validFrom: now,
			validTo: now + 1000
		});
		expect(
			await documentAccess(sqliteSqlOf(db), kasia, familyDocName(fam, 'plan'), now)
		).toMatchObject({
			ok: true,
			role: 'comment'
		});
		expect(await documentAccess(sqliteSqlOf(db), kasia, familyDocName(fam, 'core'), now)).toEqual({
			ok: false,
			code: 'forbidden'
		});
		expect(
			await documentAccess(sqliteSqlOf(db), kasia, familyDocName(fam, 'plan'), now + 1000)
		).toEqual({
			ok: false,
			code: 'forbidden'
		});
		const summary = (await listFamiliesForUser(sqliteSqlOf(db), kasia, now))[0];
		expect(Object.keys(summary.docs)).toEqual(['plan']);
	});

	it('[AL1] the audit log refuses updates and deletes', async () => {
		await appendAudit(sqliteSqlOf(db), {
			actorId: null,
			action: 'login-failed',
			detail: { email: 'x' }
		});
		expect(() => db.prepare('UPDATE audit_log SET action = ?').run('login')).toThrow(/append-only/);
		expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
	});
});

describe('head’s view, revocation and the audit export', () => {
	it('[AC3] revoking a grant closes access at once and is audited; listeners hear of it', async () => {
		const { org, anna, kasia } = await staff();
		const fam = await annasFamily(org, anna);
		const g = await grantAccess(sqliteSqlOf(db), {
			familyId: fam,
			userId: kasia,
			role: 'read',
			compartments: ['plan'],
			grantedBy: anna,
			reason: 'test'
		});
		const heard: unknown[] = [];
		const off = onAccessChanged((c) => heard.push(c));
		const change = await revokeGrant(sqliteSqlOf(db), g, anna);
		expect(change).toEqual({ userId: kasia, familyId: fam });
		notifyAccessChanged(change!);
		off();
		expect(heard).toEqual([{ userId: kasia, familyId: fam }]);
		expect(await documentAccess(sqliteSqlOf(db), kasia, familyDocName(fam, 'plan'))).toEqual({
			ok: false,
			code: 'forbidden'
		});
		expect(await revokeGrant(sqliteSqlOf(db), g, anna)).toBeNull();
		expect((await listAudit(sqliteSqlOf(db), fam)).map((r) => r.action)).toEqual([
			'revoke',
			'grant',
			'grant'
		]);
		expect(
			(await listGrants(sqliteSqlOf(db), fam)).find((x) => x.id === g)?.revokedAt
		).not.toBeNull();
	});

	it('[CS2] caseload counts families from assignment to closure, per assistant', async () => {
		const { org, anna } = await staff();
		const states = ['PRZYDZIELONA', 'REALIZACJA', 'MONITORING', 'ZAMKNIETA', 'WNIOSEK'] as const;
		for (const s of states) {
			const f = await createFamily(sqliteSqlOf(db), {
				orgId: org,
				name: s,
				assistantId: anna,
				createdBy: anna
			});
			await projectCaseState(sqliteSqlOf(db), f, s, false);
		}
		expect(await caseloadByAssistant(sqliteSqlOf(db), org)).toEqual([
			{ assistantId: anna, name: 'Anna', count: 2, limit: 15 }
		]);
		expect((await familiesWaitingForAssistant(sqliteSqlOf(db), org)).map((f) => f.name)).toEqual([
			'WNIOSEK'
		]);
		expect((await orgSettings(sqliteSqlOf(db), org)).monitoringCountsTowardCaseload).toBe(false);
	});

	it('[AL2] the CSV export quotes every cell and defuses spreadsheet formulas', async () => {
		await appendAudit(sqliteSqlOf(db), {
			actorId: null,
			action: 'login-failed',
			object: '=HYPERLINK("x")',
			detail: { a: 'b"c' }
		});
		const csv = auditCsv(await listAudit(sqliteSqlOf(db), null));
		expect(csv.startsWith('\uFEFF"lp","czas (UTC)"')).toBe(true);
		expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
		expect(csv).toContain('"{""a"":""b\\""c""}"');
	});
});
