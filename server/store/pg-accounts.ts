/**
 * The account store (src/lib/server/account-store.ts) on PostgreSQL: the same tables as SQLite's
 * (migration 2 of migrations.ts), the same session rules through the pure helpers of session.ts,
 * and the same signal for every ended session. Times are epoch milliseconds (bigint) as in SQLite.
 */
import { hash } from '@node-rs/argon2';
import type pg from 'pg';
import {
	auditRowOf,
	auditWhere,
	checkHash,
	type AccountStore,
	type AuditFilter,
	type LiveGrant,
	type StoredUser,
	type Validated
} from '../../src/lib/server/account-store.js';
import type { NewGrant } from '../../src/lib/server/families.js';
import type { GrantRow } from '../../src/lib/server/grants.js';
import { Compartment } from '../../src/lib/domain/compartments.js';
import { DocRole } from '../../src/lib/sync/protocol.js';
import type { AuditEntry } from '../../src/lib/server/audit.js';
import { parseOrgSettings } from '../../src/lib/server/org-settings.js';
import {
	announceSessionEnded,
	limitsOf,
	sessionEndOf,
	sessionIdFromToken,
	sessionLimitAt,
	touchDue,
	type Limits,
	type Session,
	type SessionTimes
} from '../../src/lib/server/session.js';
import { ARGON, PALETTE, type NewUser } from '../../src/lib/server/users.js';
import { StaffRole } from '../../src/lib/domain/roles.js';
import { m } from '../../src/lib/paraglide/messages.js';
import {
	institutionText,
	isExternal,
	readParticipant,
	type Participant
} from '../../src/lib/domain/institution.js';
import { inTransaction, openPgPool, type PgStoreOptions } from './pg.js';

/** How the grants list names a grantee from another institution (ST2). */
const externalOf = (p: Participant): string | null => (isExternal(p) ? institutionText(p) : null);

const TIMES = `s.created_at, a.last_seen_at, s.expires_at, u.org_id, o.settings, o.caseload_limit`;
const FROM = `FROM sessions s JOIN users u ON u.id = s.user_id
	JOIN organisations o ON o.id = u.org_id
	LEFT JOIN session_activity a ON a.session_id = s.id`;

type TimesRow = SessionTimes & { settings: string; caseload_limit: number };

/** The organisation's current limits, read with the session row (one round trip). */
function limits(row: TimesRow): Limits {
	return limitsOf(parseOrgSettings(row));
}

type UserRow = {
	id: string;
	org_id: string;
	email: string;
	name: string;
	role: StaffRole;
	color: string;
	disabled_at: number | null;
};

/** AccountStore on its own pool; `close` ends it. */
export class PgAccountStore implements AccountStore {
	readonly engine = 'postgres';
	readonly #pool: pg.Pool;

	private constructor(pool: pg.Pool) {
		this.#pool = pool;
	}

	/** Connects and migrates (StoreUnavailableError when either fails). */
	static async open(opts: PgStoreOptions): Promise<PgAccountStore> {
		return new PgAccountStore(await openPgPool(opts));
	}

	async ensureOrganisation(name: string, caseloadLimit = 15): Promise<string> {
		const id = crypto.randomUUID();
		await this.#pool.query(
			`INSERT INTO organisations (id, name, caseload_limit, created_at) VALUES ($1, $2, $3, $4)
			 ON CONFLICT (name) DO NOTHING`,
			[id, name, caseloadLimit, Date.now()]
		);
		const { rows } = await this.#pool.query<{ id: string }>(
			'SELECT id FROM organisations WHERE name = $1',
			[name]
		);
		return rows[0].id;
	}

	async createUser(u: NewUser): Promise<string> {
		const role = StaffRole.parse(u.role);
		if (u.password.length < 8) throw new Error(m.api_password_too_short());
		const id = crypto.randomUUID();
		const passwordHash = await hash(u.password, ARGON);
		// The colour is the count of accounts so far, as SQLite's; count and insert in one step.
		await this.#pool.query(
			`INSERT INTO users (id, org_id, email, name, role, color, password_hash, created_at)
			 SELECT $1, $2, $3, $4, $5, ($6::text[])[(1 + count(*) % $7::int)::int], $8, $9 FROM users`,
			[
				id,
				u.orgId,
				u.email.trim().toLowerCase(),
				u.name,
				role,
				PALETTE,
				PALETTE.length,
				passwordHash,
				Date.now()
			]
		);
		return id;
	}

	async findUserIdByEmail(email: string): Promise<string | null> {
		const { rows } = await this.#pool.query<{ id: string }>(
			'SELECT id FROM users WHERE lower(email) = lower($1)',
			[email.trim()]
		);
		return rows[0]?.id ?? null;
	}

	async userById(id: string): Promise<StoredUser | null> {
		const { rows } = await this.#pool.query<UserRow>(
			'SELECT id, org_id, email, name, role, color, disabled_at FROM users WHERE id = $1',
			[id]
		);
		const r = rows[0];
		return r
			? {
					id: r.id,
					orgId: r.org_id,
					email: r.email,
					name: r.name,
					role: r.role,
					color: r.color,
					disabled: r.disabled_at !== null
				}
			: null;
	}

	async verifyPassword(email: string, password: string): Promise<string | null> {
		const { rows } = await this.#pool.query<{ id: string; password_hash: string }>(
			'SELECT id, password_hash FROM users WHERE lower(email) = $1 AND disabled_at IS NULL',
			[email.trim().toLowerCase()]
		);
		return checkHash(rows[0], password);
	}

	async setPassword(userId: string, password: string): Promise<void> {
		if (password.length < 8) throw new Error(m.api_password_too_short());
		await this.#pool.query('UPDATE users SET password_hash = $1 WHERE id = $2', [
			await hash(password, ARGON),
			userId
		]);
	}

	async setUserDisabled(userId: string, disabled: boolean, now = Date.now()): Promise<boolean> {
		const r = disabled
			? await this.#pool.query(
					'UPDATE users SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL',
					[now, userId]
				)
			: await this.#pool.query(
					'UPDATE users SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL',
					[userId]
				);
		return (r.rowCount ?? 0) > 0;
	}

	async createSession(token: string, userId: string, now = Date.now()): Promise<Session> {
		const { rows } = await this.#pool.query<{ settings: string; caseload_limit: number }>(
			`SELECT o.settings, o.caseload_limit FROM users u JOIN organisations o ON o.id = u.org_id
			 WHERE u.id = $1`,
			[userId]
		);
		const times = { created_at: now, last_seen_at: now, expires_at: Infinity, org_id: '' };
		const session = {
			id: sessionIdFromToken(token),
			userId,
			expiresAt: sessionEndOf(limitsOf(parseOrgSettings(rows[0])), times)
		};
		await this.#pool.query(
			'INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4)',
			[session.id, userId, session.expiresAt, now]
		);
		return session;
	}

	async validateSessionToken(token: string, now = Date.now()): Promise<Validated | null> {
		const id = sessionIdFromToken(token);
		const { rows } = await this.#pool.query<TimesRow & UserRow & { user_id: string }>(
			`SELECT s.id, s.user_id, ${TIMES}, u.email, u.name, u.role, u.color
			 ${FROM} WHERE s.id = $1 AND u.disabled_at IS NULL`,
			[id]
		);
		const row = rows[0];
		if (!row) return null;
		const lim = limits(row);
		if (sessionEndOf(lim, row) <= now) {
			await this.invalidateSession(id);
			return null;
		}
		let expiresAt = sessionEndOf(lim, row);
		if (touchDue(row, now)) {
			expiresAt = sessionLimitAt(lim, row, now);
			await inTransaction(this.#pool, async (c) => {
				await c.query('UPDATE sessions SET expires_at = $1 WHERE id = $2', [expiresAt, id]);
				await c.query(
					`INSERT INTO session_activity (session_id, last_seen_at) SELECT $1, $2
					 WHERE EXISTS (SELECT 1 FROM sessions WHERE id = $1)
					 ON CONFLICT (session_id) DO UPDATE SET last_seen_at = excluded.last_seen_at`,
					[id, now]
				);
			});
		}
		return {
			session: { id, userId: row.user_id, expiresAt },
			user: {
				id: row.user_id,
				orgId: row.org_id,
				email: row.email,
				name: row.name,
				role: row.role,
				color: row.color
			}
		};
	}

	async isSessionLive(sessionId: string, now = Date.now()): Promise<boolean> {
		const { rows } = await this.#pool.query<TimesRow>(
			`SELECT ${TIMES} ${FROM} WHERE s.id = $1 AND u.disabled_at IS NULL`,
			[sessionId]
		);
		return rows[0] !== undefined && now < sessionEndOf(limits(rows[0]), rows[0]);
	}

	async sessionCookieExpiry(session: Session): Promise<number> {
		const { rows } = await this.#pool.query<TimesRow>(`SELECT ${TIMES} ${FROM} WHERE s.id = $1`, [
			session.id
		]);
		return rows[0] ? Number(rows[0].created_at) + limits(rows[0]).absoluteMs : session.expiresAt;
	}

	async invalidateSession(sessionId: string): Promise<void> {
		await this.#pool.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
		announceSessionEnded(sessionId);
	}

	async endUserSessions(userId: string): Promise<number> {
		const { rows } = await this.#pool.query<{ id: string }>(
			'DELETE FROM sessions WHERE user_id = $1 RETURNING id',
			[userId]
		);
		for (const { id } of rows) announceSessionEnded(id);
		return rows.length;
	}

	async endExpiredSessions(now = Date.now()): Promise<number> {
		const { rows } = await this.#pool.query<TimesRow & { id: string; disabled_at: number | null }>(
			`SELECT s.id, ${TIMES}, u.disabled_at ${FROM}`
		);
		let n = 0;
		for (const row of rows) {
			if (row.disabled_at === null && sessionEndOf(limits(row), row) > now) continue;
			await this.invalidateSession(row.id);
			n++;
		}
		return n;
	}

	async recordAudit(e: AuditEntry, on: pg.Pool | pg.PoolClient = this.#pool): Promise<void> {
		await on.query(
			`INSERT INTO audit_log (at, actor_id, actor_role, action, object, family_id, detail)
			 VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			[
				e.at ?? Date.now(),
				e.actorId,
				e.actorRole ?? null,
				e.action,
				e.object ?? null,
				e.familyId ?? null,
				JSON.stringify(e.detail ?? {})
			]
		);
	}

	async recordAudits(entries: readonly AuditEntry[]): Promise<void> {
		await inTransaction(this.#pool, async (c) => {
			for (const e of entries) await this.recordAudit(e, c);
		});
	}

	async auditRows(filter: AuditFilter = {}) {
		const { sql, params, limit } = auditWhere(filter, (n) => `$${n}`);
		const { rows } = await this.#pool.query(
			`SELECT * FROM audit_log ${sql} ORDER BY seq LIMIT ${limit}`,
			params
		);
		return rows.map(auditRowOf);
	}

	async grantAccess(g: NewGrant): Promise<string> {
		const id = crypto.randomUUID();
		const now = Date.now();
		const role = DocRole.parse(g.role);
		const compartments = g.compartments.map((c) => Compartment.parse(c));
		await inTransaction(this.#pool, async (c) => {
			await c.query(
				`INSERT INTO grants (id, family_id, user_id, role, compartments, valid_from, valid_to,
				   granted_by, reason, created_at)
				 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
				[
					id,
					g.familyId,
					g.userId,
					role,
					JSON.stringify(compartments),
					g.validFrom ?? now,
					g.validTo ?? null,
					g.grantedBy,
					g.reason,
					now
				]
			);
			await this.recordAudit(
				{
					actorId: g.grantedBy,
					action: 'grant',
					object: g.userId,
					familyId: g.familyId,
					detail: { grantId: id, role: g.role, compartments: g.compartments },
					at: now
				},
				c
			);
		});
		return id;
	}

	async revokeGrant(
		grantId: string,
		revokedBy: string,
		now = Date.now()
	): Promise<{ userId: string; familyId: string } | null> {
		return inTransaction(this.#pool, async (c) => {
			// One statement decides: of two nodes revoking at once, one gets the row.
			const { rows } = await c.query<{ user_id: string; family_id: string }>(
				`UPDATE grants SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL
				 RETURNING user_id, family_id`,
				[now, revokedBy, grantId]
			);
			const row = rows[0];
			if (!row) return null;
			await this.recordAudit(
				{
					actorId: revokedBy,
					action: 'revoke',
					object: row.user_id,
					familyId: row.family_id,
					detail: { grantId },
					at: now
				},
				c
			);
			return { userId: row.user_id, familyId: row.family_id };
		});
	}

	async listGrants(familyId: string): Promise<GrantRow[]> {
		const { rows } = await this.#pool.query<{
			id: string;
			user_id: string;
			name: string;
			user_role: string;
			role: string;
			compartments: string;
			valid_from: number;
			valid_to: number | null;
			granted_by: string | null;
			reason: string;
			revoked_at: number | null;
		}>(
			`SELECT g.id, g.user_id, u.name, u.role AS user_role, g.role, g.compartments, g.valid_from,
			        g.valid_to, g.granted_by, g.reason, g.revoked_at
			 FROM grants g JOIN users u ON u.id = g.user_id WHERE g.family_id = $1
			 ORDER BY g.created_at`,
			[familyId]
		);
		return rows.map((r) => ({
			id: r.id,
			userId: r.user_id,
			userName: r.name,
			userRole: r.user_role,
			// Staff records (ST2) are still kept in SQLite only: on PostgreSQL a grantee's
			// institution is what the role implies (a kurator: the court).
			external: externalOf(readParticipant(null, r.user_role)),
			role: r.role,
			compartments: JSON.parse(r.compartments) as string[],
			validFrom: r.valid_from,
			validTo: r.valid_to,
			grantedBy: r.granted_by,
			reason: r.reason,
			revokedAt: r.revoked_at
		}));
	}

	async liveGrants(userId: string, familyId: string, now = Date.now()): Promise<LiveGrant[]> {
		const { rows } = await this.#pool.query<{ role: DocRole; compartments: string }>(
			`SELECT role, compartments FROM grants
			 WHERE user_id = $1 AND family_id = $2 AND revoked_at IS NULL
			   AND valid_from <= $3 AND (valid_to IS NULL OR valid_to > $3)`,
			[userId, familyId, now]
		);
		return rows.map((r) => ({
			role: r.role,
			compartments: JSON.parse(r.compartments) as Compartment[]
		}));
	}

	async close(): Promise<void> {
		await this.#pool.end();
	}
}
