/**
 * The account store (src/lib/server/account-store.ts) on PostgreSQL: the same tables as SQLite's
 * (migration 2 of migrations.ts), the same session rules through the pure helpers of session.ts,
 * and the same signal for every ended session. Times are epoch milliseconds (bigint) as in SQLite.
 * One file per part, as SQLite's: pg-users.ts, pg-sessions.ts, pg-audit.ts, pg-grants.ts.
 */
import type pg from 'pg';
import type {
	AccountStore,
	AuditFilter,
	LiveGrant,
	StoredUser,
	Validated
} from '../../src/lib/server/account-store.js';
import type { AuditEntry } from '../../src/lib/server/audit.js';
import type { NewGrant } from '../../src/lib/server/families.js';
import type { GrantRow } from '../../src/lib/server/grants.js';
import type { Session } from '../../src/lib/server/session.js';
import type { NewUser } from '../../src/lib/server/users.js';
import { auditRows, recordAudit, recordAudits } from './pg-audit.js';
import { grantAccess, listGrants, liveGrants, revokeGrant } from './pg-grants.js';
import { openPgPool, type PgStoreOptions } from './pg-pool.js';
import {
	createSession,
	endExpiredSessions,
	endUserSessions,
	invalidateSession,
	isSessionLive,
	sessionCookieExpiry,
	validateSessionToken
} from './pg-sessions.js';
import {
	createUser,
	ensureOrganisation,
	findUserIdByEmail,
	setPassword,
	setUserDisabled,
	userById,
	verifyPassword
} from './pg-users.js';

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

	async ensureOrganisation(name: string, caseloadLimit?: number): Promise<string> {
		return ensureOrganisation(this.#pool, name, caseloadLimit);
	}

	async createUser(u: NewUser): Promise<string> {
		return createUser(this.#pool, u);
	}

	async findUserIdByEmail(email: string): Promise<string | null> {
		return findUserIdByEmail(this.#pool, email);
	}

	async userById(id: string): Promise<StoredUser | null> {
		return userById(this.#pool, id);
	}

	async verifyPassword(email: string, password: string): Promise<string | null> {
		return verifyPassword(this.#pool, email, password);
	}

	async setPassword(userId: string, password: string): Promise<void> {
		return setPassword(this.#pool, userId, password);
	}

	async setUserDisabled(userId: string, disabled: boolean, now?: number): Promise<boolean> {
		return setUserDisabled(this.#pool, userId, disabled, now);
	}

	async createSession(token: string, userId: string, now?: number): Promise<Session> {
		return createSession(this.#pool, token, userId, now);
	}

	async validateSessionToken(token: string, now?: number): Promise<Validated | null> {
		return validateSessionToken(this.#pool, token, now);
	}

	async isSessionLive(sessionId: string, now?: number): Promise<boolean> {
		return isSessionLive(this.#pool, sessionId, now);
	}

	async sessionCookieExpiry(session: Session): Promise<number> {
		return sessionCookieExpiry(this.#pool, session);
	}

	async invalidateSession(sessionId: string): Promise<void> {
		return invalidateSession(this.#pool, sessionId);
	}

	async endUserSessions(userId: string): Promise<number> {
		return endUserSessions(this.#pool, userId);
	}

	async endExpiredSessions(now?: number): Promise<number> {
		return endExpiredSessions(this.#pool, now);
	}

	async recordAudit(e: AuditEntry, on: pg.Pool | pg.PoolClient = this.#pool): Promise<void> {
		return recordAudit(on, e);
	}

	async recordAudits(entries: readonly AuditEntry[]): Promise<void> {
		return recordAudits(this.#pool, entries);
	}

	async auditRows(filter: AuditFilter = {}) {
		return auditRows(this.#pool, filter);
	}

	async grantAccess(g: NewGrant): Promise<string> {
		return grantAccess(this.#pool, g);
	}

	async revokeGrant(
		grantId: string,
		revokedBy: string,
		now?: number
	): Promise<{ userId: string; familyId: string } | null> {
		return revokeGrant(this.#pool, grantId, revokedBy, now);
	}

	async listGrants(familyId: string): Promise<GrantRow[]> {
		return listGrants(this.#pool, familyId);
	}

	async liveGrants(userId: string, familyId: string, now?: number): Promise<LiveGrant[]> {
		return liveGrants(this.#pool, userId, familyId, now);
	}

	async close(): Promise<void> {
		await this.#pool.end();
	}
}
