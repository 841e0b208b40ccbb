/**
 * The account store contract (server/SPEC.md DA1–DA11): organisations, users, sessions, grants
 * and the audit log, the same on SQLite and PostgreSQL. Each engine runs it through a short test file that
 * supplies `setup`; times are passed in (`now`), never read from the clock.
 *
 * Past 250 lines on purpose: the contract is one suite every engine runs; splitting it would let an
 * engine skip a part.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountStore } from '../../src/lib/server/account-store.js';
import { generateSessionToken, onSessionEnded } from '../../src/lib/server/session.js';

export interface AccountStoreFixture {
	store: AccountStore;
	/** Writes an organisation's settings JSON as the head's settings page would (OS2). */
	setOrgSettings(orgId: string, settings: Record<string, unknown>): Promise<void>;
	/** Tries to change and to delete audit rows behind the store's back; both must reject. */
	tamperAudit(): { update: () => Promise<unknown>; remove: () => Promise<unknown> };
	/** A family of the organisation that grants can name (no grant of its own). */
	family(orgId: string): Promise<string>;
	teardown(): Promise<void>;
}

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 11, 7, 8);

export function runAccountStoreContract(
	engine: string,
	setup: () => Promise<AccountStoreFixture>
): void {
	describe(`AccountStore contract: ${engine}`, () => {
		let f: AccountStoreFixture;
		let s: AccountStore;
		let ended: string[];
		let off: () => void;
		beforeEach(async () => {
			f = await setup();
			s = f.store;
			ended = [];
			off = onSessionEnded((id) => ended.push(id));
		});
		afterEach(async () => {
			off();
			await f.teardown();
		});

		async function staff() {
			const org = await s.ensureOrganisation('OPS Kontrakt');
			const mk = (email: string, role: 'asystent' | 'kierownik') =>
				s.createUser({ orgId: org, email, name: email, role, password: 'haslo-123' });
			return {
				org,
				anna: await mk('Anna@X.pl', 'asystent'),
				head: await mk('kier@x.pl', 'kierownik')
			};
		}

		async function signIn(userId: string, now: number) {
			const token = generateSessionToken();
			return { token, id: (await s.createSession(token, userId, now)).id };
		}

		it('[DA1] an organisation is created once per name', async () => {
			const a = await s.ensureOrganisation('OPS Jeden');
			expect(await s.ensureOrganisation('OPS Jeden')).toBe(a);
			expect(await s.ensureOrganisation('OPS Dwa')).not.toBe(a);
		});

		it('[DA2] users: e-mail stored lower-case and found in any case, unique, role checked, passwords of 8+', async () => {
			const { org, anna } = await staff();
			expect(await s.findUserIdByEmail('anna@x.pl')).toBe(anna);
			expect(await s.findUserIdByEmail('ANNA@x.PL')).toBe(anna);
			expect(await s.findUserIdByEmail('nikt@x.pl')).toBeNull();
			const user = await s.userById(anna);
			expect(user).toMatchObject({
				id: anna,
				orgId: org,
				email: 'anna@x.pl',
				name: 'Anna@X.pl',
				role: 'asystent',
				disabled: false
			});
			expect(user?.color).toMatch(/^#[0-9a-f]{6}$/);
			expect(await s.userById('nie-ma')).toBeNull();
			const again = { orgId: org, name: 'A', role: 'asystent' as const, password: 'haslo-123' };
			await expect(s.createUser({ ...again, email: 'ANNA@x.pl' })).rejects.toThrow();
			await expect(
				s.createUser({ ...again, email: 'b@x.pl', role: 'prezes' as 'asystent' })
			).rejects.toThrow();
			await expect(
				s.createUser({ ...again, email: 'c@x.pl', password: 'krotkie' })
			).rejects.toThrow();
			expect(await s.findUserIdByEmail('c@x.pl')).toBeNull();
		});

		it('[DA3] a password is verified against its hash; a new password replaces the old one', async () => {
			const { anna } = await staff();
			expect(await s.verifyPassword(' ANNA@x.pl ', 'haslo-123')).toBe(anna);
			expect(await s.verifyPassword('anna@x.pl', 'zle-haslo')).toBeNull();
			expect(await s.verifyPassword('nikt@x.pl', 'haslo-123')).toBeNull();
			await s.setPassword(anna, 'nowe-haslo-456');
			expect(await s.verifyPassword('anna@x.pl', 'haslo-123')).toBeNull();
			expect(await s.verifyPassword('anna@x.pl', 'nowe-haslo-456')).toBe(anna);
			await expect(s.setPassword(anna, 'krotkie')).rejects.toThrow();
		});

		it('[DA4] disabling is reported once, refuses the password and every session; enabling allows them again', async () => {
			const { anna } = await staff();
			const a = await signIn(anna, T0);
			expect(await s.setUserDisabled(anna, true, T0 + 1)).toBe(true);
			expect(await s.setUserDisabled(anna, true, T0 + 2)).toBe(false);
			expect((await s.userById(anna))?.disabled).toBe(true);
			expect(await s.verifyPassword('anna@x.pl', 'haslo-123')).toBeNull();
			expect(await s.isSessionLive(a.id, T0 + 3)).toBe(false);
			expect(await s.validateSessionToken(a.token, T0 + 3)).toBeNull();
			expect(await s.setUserDisabled(anna, false)).toBe(true);
			expect(await s.setUserDisabled(anna, false)).toBe(false);
			expect(await s.verifyPassword('anna@x.pl', 'haslo-123')).toBe(anna);
			expect(await s.isSessionLive(a.id, T0 + 4)).toBe(true);
		});

		it('[DA5] a session is stored by the hash of its token, validates to its user and renews its idle limit', async () => {
			const { org, anna } = await staff();
			const token = generateSessionToken();
			const session = await s.createSession(token, anna, T0);
			expect(session.id).toMatch(/^[0-9a-f]{64}$/);
			expect(session.id).not.toContain(token);
			expect(session.expiresAt).toBe(T0 + 12 * HOUR);
			const v = await s.validateSessionToken(token, T0 + 2 * HOUR);
			expect(v?.user).toMatchObject({ id: anna, orgId: org, email: 'anna@x.pl', role: 'asystent' });
			expect(v?.session).toEqual({ id: session.id, userId: anna, expiresAt: T0 + 14 * HOUR });
			// Used within a minute of the last recorded use: nothing is written, the end stays.
			expect((await s.validateSessionToken(token, T0 + 2 * HOUR + 1000))?.session.expiresAt).toBe(
				T0 + 14 * HOUR
			);
			// The cookie lives until the absolute limit; the idle one is the server's to judge.
			expect(await s.sessionCookieExpiry(session)).toBe(T0 + 14 * DAY);
			expect(await s.isSessionLive(session.id, T0 + 14 * HOUR - 1)).toBe(true);
			expect(await s.isSessionLive(session.id, T0 + 14 * HOUR)).toBe(false);
			// An engine that answers at once answers the same.
			for (const t of [T0 + 14 * HOUR - 1, T0 + 14 * HOUR]) {
				expect(s.sessionLiveNow?.(session.id, t) ?? (await s.isSessionLive(session.id, t))).toBe(
					await s.isSessionLive(session.id, t)
				);
			}
			expect(await s.validateSessionToken(generateSessionToken(), T0)).toBeNull();
		});

		it('[DA6] a session used every hour still ends at the absolute limit; an unused one after the idle limit', async () => {
			const { anna } = await staff();
			const a = await signIn(anna, T0);
			for (let t = T0 + HOUR; t < T0 + 14 * DAY; t += HOUR) {
				expect(await s.validateSessionToken(a.token, t)).not.toBeNull();
			}
			expect(await s.validateSessionToken(a.token, T0 + 14 * DAY)).toBeNull();
			expect(ended).toEqual([a.id]);
			const b = await signIn(anna, T0);
			expect(await s.validateSessionToken(b.token, T0 + 12 * HOUR)).toBeNull();
		});

		it('[DA6] the head’s shorter limits apply to sessions already open', async () => {
			const { org, anna } = await staff();
			const a = await signIn(anna, T0);
			await f.setOrgSettings(org, { sessionIdleHours: 2, sessionMaxDays: 1 });
			expect(await s.isSessionLive(a.id, T0 + 2 * HOUR - 1)).toBe(true);
			expect(await s.isSessionLive(a.id, T0 + 2 * HOUR)).toBe(false);
			const b = await signIn(anna, T0);
			expect(b.id).not.toBe(a.id);
			for (let t = T0 + HOUR; t < T0 + DAY; t += HOUR) {
				expect(await s.validateSessionToken(b.token, t)).not.toBeNull();
			}
			expect(await s.validateSessionToken(b.token, T0 + DAY)).toBeNull();
		});

		it('[DA7] logout, "Wyloguj wszędzie" and the clean-up delete sessions and signal each end', async () => {
			const { anna, head } = await staff();
			const one = await signIn(anna, T0);
			await s.invalidateSession(one.id);
			expect(ended).toEqual([one.id]);
			expect(await s.validateSessionToken(one.token, T0 + 1)).toBeNull();

			const [a1, a2, h] = [await signIn(anna, T0), await signIn(anna, T0), await signIn(head, T0)];
			expect(await s.endUserSessions(anna)).toBe(2);
			expect(ended.slice(1).sort()).toEqual([a1.id, a2.id].sort());
			expect(await s.isSessionLive(h.id, T0 + 1)).toBe(true);
			expect(await s.endUserSessions(anna)).toBe(0);

			// Clean-up: an idle one, one of a disabled user; a live one stays.
			ended.length = 0;
			const idle = await signIn(anna, T0);
			const live = await signIn(anna, T0 + 11 * HOUR);
			await s.setUserDisabled(head, true);
			expect(await s.endExpiredSessions(T0 + 12 * HOUR)).toBe(2);
			expect(ended.sort()).toEqual([idle.id, h.id].sort());
			expect(await s.isSessionLive(live.id, T0 + 12 * HOUR)).toBe(true);
			expect(await s.endExpiredSessions(T0 + 12 * HOUR)).toBe(0);
		});

		it('[DA8] audit rows are appended in order, read back by family, actor and action, and never changed', async () => {
			const { anna, head } = await staff();
			await s.recordAudit({ actorId: anna, actorRole: 'asystent', action: 'login', at: T0 });
			await s.recordAudit({
				actorId: anna,
				actorRole: 'asystent',
				action: 'open',
				object: 'rodzina-f1-plan',
				familyId: 'f1',
				detail: { role: 'edit', zażółć: 'gęślą jaźń' },
				at: T0 + 1
			});
			await s.recordAudit({ actorId: head, action: 'export', familyId: 'f1', at: T0 + 2 });
			await s.recordAudit({ actorId: null, action: 'refused', familyId: 'f2', at: T0 + 3 });
			const all = await s.auditRows();
			expect(all.map((r) => r.action)).toEqual(['login', 'open', 'export', 'refused']);
			expect(all.map((r) => r.seq)).toEqual([...all.map((r) => r.seq)].sort((a, b) => a - b));
			expect(new Set(all.map((r) => r.seq)).size).toBe(4);
			expect(all[1]).toEqual({
				seq: all[1].seq,
				at: T0 + 1,
				actorId: anna,
				actorRole: 'asystent',
				action: 'open',
				object: 'rodzina-f1-plan',
				familyId: 'f1',
				detail: { role: 'edit', zażółć: 'gęślą jaźń' }
			});
			expect(all[0]).toMatchObject({ object: null, familyId: null, detail: {} });
			expect(all[3]).toMatchObject({ actorId: null, actorRole: null, familyId: 'f2' });
			expect((await s.auditRows({ familyId: 'f1' })).map((r) => r.action)).toEqual([
				'open',
				'export'
			]);
			expect((await s.auditRows({ actorId: anna })).map((r) => r.action)).toEqual([
				'login',
				'open'
			]);
			expect(
				(await s.auditRows({ familyId: 'f1', action: 'export' })).map((r) => r.actorId)
			).toEqual([head]);
			const page = await s.auditRows({ afterSeq: all[1].seq, limit: 1 });
			expect(page.map((r) => r.action)).toEqual(['export']);
			const tamper = f.tamperAudit();
			await expect(tamper.update()).rejects.toThrow(/append-only/);
			await expect(tamper.remove()).rejects.toThrow(/append-only/);
			expect(await s.auditRows()).toEqual(all);
		});

		it('[DA9] a grant is listed with its user and validity, in force only inside it, and audited', async () => {
			const { org, anna, head } = await staff();
			const fam = await f.family(org);
			const other = await f.family(org);
			const plan = await s.grantAccess({
				familyId: fam,
				userId: anna,
				role: 'edit',
				compartments: ['core', 'plan'],
				grantedBy: head,
				reason: 'asystent rodziny',
				validFrom: T0
			});
			const later = await s.grantAccess({
				familyId: fam,
				userId: anna,
				role: 'read',
				compartments: ['visits'],
				grantedBy: head,
				reason: 'zastępstwo',
				validFrom: T0 + DAY,
				validTo: T0 + 2 * DAY
			});
			const listed = await s.listGrants(fam);
			expect(new Set(listed.map((g) => g.id))).toEqual(new Set([plan, later]));
			expect(listed.find((g) => g.id === plan)).toEqual({
				id: plan,
				userId: anna,
				userName: 'Anna@X.pl',
				userRole: 'asystent',
				role: 'edit',
				compartments: ['core', 'plan'],
				validFrom: T0,
				validTo: null,
				grantedBy: head,
				reason: 'asystent rodziny',
				revokedAt: null,
				// [ST2] An OPS employee: no other institution to name.
				external: null
			});
			expect(await s.listGrants(other)).toEqual([]);
			const live = async (t: number) =>
				(await s.liveGrants(anna, fam, t))
					.map((g) => `${g.role}:${g.compartments.join(',')}`)
					.sort();
			expect(await live(T0 - 1)).toEqual([]);
			expect(await live(T0)).toEqual(['edit:core,plan']);
			expect(await live(T0 + DAY)).toEqual(['edit:core,plan', 'read:visits']);
			expect(await live(T0 + 2 * DAY)).toEqual(['edit:core,plan']);
			expect(await s.liveGrants(anna, other, T0)).toEqual([]);
			expect(await s.liveGrants(head, fam, T0)).toEqual([]);
			const audited = await s.auditRows({ familyId: fam, action: 'grant' });
			expect(audited.map((r) => [r.actorId, r.object, r.detail.grantId])).toEqual([
				[head, anna, plan],
				[head, anna, later]
			]);
		});

		it('[DA10] revoking ends a live grant once, keeps it as history and is audited', async () => {
			const { org, anna, head } = await staff();
			const fam = await f.family(org);
			const id = await s.grantAccess({
				familyId: fam,
				userId: anna,
				role: 'comment',
				compartments: ['plan'],
				grantedBy: head,
				reason: 'r',
				validFrom: T0
			});
			expect(await s.revokeGrant(id, head, T0 + HOUR)).toEqual({ userId: anna, familyId: fam });
			expect(await s.revokeGrant(id, head, T0 + 2 * HOUR)).toBeNull();
			expect(await s.revokeGrant('nie-ma', head, T0)).toBeNull();
			expect(await s.liveGrants(anna, fam, T0 + HOUR)).toEqual([]);
			expect((await s.listGrants(fam)).map((g) => [g.id, g.revokedAt])).toEqual([[id, T0 + HOUR]]);
			const revokes = await s.auditRows({ familyId: fam, action: 'revoke' });
			expect(revokes.map((r) => [r.actorId, r.object, r.at, r.detail])).toEqual([
				[head, anna, T0 + HOUR, { grantId: id }]
			]);
		});

		it('[DA11] a grant with a role or compartment the schema does not know is refused, nothing stored', async () => {
			const { org, anna, head } = await staff();
			const fam = await f.family(org);
			const base = { familyId: fam, userId: anna, grantedBy: head, reason: 'r' };
			await expect(
				s.grantAccess({ ...base, role: 'owner' as 'edit', compartments: ['plan'] })
			).rejects.toThrow();
			await expect(
				s.grantAccess({ ...base, role: 'edit', compartments: ['sejf' as 'plan'] })
			).rejects.toThrow();
			// Write-only access is derived (NK2), never granted.
			await expect(
				s.grantAccess({ ...base, role: 'submit', compartments: ['violence'] })
			).rejects.toThrow();
			expect(await s.listGrants(fam)).toEqual([]);
			expect(await s.auditRows({ familyId: fam })).toEqual([]);
		});

		it('[DA8] a recorded time defaults to now', async () => {
			const before = Date.now();
			await s.recordAudit({ actorId: null, action: 'settings' });
			const [row] = await s.auditRows();
			expect(row.at).toBeGreaterThanOrEqual(before);
		});
	});
}
