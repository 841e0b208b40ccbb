/**
 * [DA1–DA11] The account store (issue 16): organisations, users, sessions, grants and the audit
 * log behind one asynchronous interface with two engines — SQLite in DATA_DIR (the default) and
 * PostgreSQL (server/store/pg-accounts.ts; its tables are in server/store/migrations.ts beside the
 * document store's, SQLite's in ./migrations.ts). Both pass tests/contract/account-store.contract.ts.
 * `createAsystaServer({ openAccounts })` chooses the engine; main.ts keeps SQLite even with
 * DATABASE_URL for now, because families, documents and the case tables still live in SQLite and
 * refer to its users.
 *
 * The SQLite engine calls the functions of session.ts, users.ts and audit.ts on `Sql` (issue 16,
 * DA13) with SQLite's executor: the statements the rest of the server runs, on the same
 * connection. Callers that may run on either engine reach the store through `getAccounts()`.
 *
 * Past 250 lines on purpose: the interface and its default engine read side by side, one line of
 * SQLite per method, so a new method is added to both at once.
 */
import { verify } from '@node-rs/argon2';
import type { Db } from './db.js';
import { getDb } from './db.js';
import { appendAudit, type AuditAction, type AuditEntry } from './audit.js';
import { sqliteSqlOf, type Param, type SqliteSql } from './sql.js';
import {
	createSession,
	endExpiredSessions,
	endUserSessions,
	invalidateSession,
	isLiveRow,
	isSessionLive,
	LIVE_SESSION_SQL,
	sessionCookieExpiry,
	validateSessionToken,
	type Session,
	type SessionUser
} from './session.js';
import {
	createUser,
	DUMMY_HASH,
	ensureOrganisation,
	findUserIdByEmail,
	setPassword,
	setUserDisabled,
	type NewUser
} from './users.js';
import type { StaffRole } from '../domain/roles.js';
import type { Compartment } from '../domain/compartments.js';
import type { DocRole } from '../sync/protocol.js';
import { grantAccess, liveGrants, type NewGrant } from './families.js';
import { listGrants, revokeGrant, type GrantRow } from './grants.js';

/** A stored audit row as read back (either engine). */
export interface AuditRow {
	seq: number;
	at: number;
	actorId: string | null;
	actorRole: string | null;
	action: AuditAction;
	object: string | null;
	familyId: string | null;
	detail: Record<string, unknown>;
}

/** Which audit rows to read; all given conditions hold. Oldest first. */
export interface AuditFilter {
	familyId?: string;
	actorId?: string;
	action?: AuditAction;
	/** Only rows after this seq (paging). */
	afterSeq?: number;
	/** At most this many (default 1000). */
	limit?: number;
}

/** A user as stored, without the password hash. */
export interface StoredUser extends SessionUser {
	disabled: boolean;
}

export type Validated = { session: Session; user: SessionUser };

/** A grant in force: not revoked, inside its validity period. */
export interface LiveGrant {
	role: DocRole;
	compartments: Compartment[];
}

/** Organisations, users, sessions and audit on one engine. */
export interface AccountStore {
	readonly engine: 'sqlite' | 'postgres';
	/** [DA1] Creates an organisation, or returns the id of the one with that name. */
	ensureOrganisation(name: string, caseloadLimit?: number): Promise<string>;
	/** [DA2] Creates an account (argon2id hash); a taken e-mail (any case) rejects. */
	createUser(u: NewUser): Promise<string>;
	findUserIdByEmail(email: string): Promise<string | null>;
	userById(id: string): Promise<StoredUser | null>;
	/** [DA3] The id of the enabled account whose password this is, else null (no throttle here). */
	verifyPassword(email: string, password: string): Promise<string | null>;
	setPassword(userId: string, password: string): Promise<void>;
	/** [DA4] True when it changed; sessions are ended by the caller (`endUserSessions`). */
	setUserDisabled(userId: string, disabled: boolean, now?: number): Promise<boolean>;
	/** [DA5] Stores the SHA-256 of `token` as a session of the user. */
	createSession(token: string, userId: string, now?: number): Promise<Session>;
	/** [DA5][DA6] The session and user of a token, null when unknown, ended or disabled. */
	validateSessionToken(token: string, now?: number): Promise<Validated | null>;
	isSessionLive(sessionId: string, now?: number): Promise<boolean>;
	/**
	 * `isSessionLive` answered at once, by engines that need no I/O for it (SQLite): the sync
	 * server then closes a logged-out or revoked socket before the signal returns (RM11).
	 */
	sessionLiveNow?(sessionId: string, now?: number): boolean;
	/** When the session's cookie should expire: its absolute limit (idle is the server's). */
	sessionCookieExpiry(session: Session): Promise<number>;
	/** [DA7] Every end is signalled (`onSessionEnded`), so sockets close at once. */
	invalidateSession(sessionId: string): Promise<void>;
	endUserSessions(userId: string): Promise<number>;
	endExpiredSessions(now?: number): Promise<number>;
	/** [DA8] Appends one audit row; rows are never changed or deleted. */
	recordAudit(e: AuditEntry): Promise<void>;
	/** [PF2] Appends several audit rows in one transaction (a burst of socket opens). */
	recordAudits(entries: readonly AuditEntry[]): Promise<void>;
	auditRows(filter?: AuditFilter): Promise<AuditRow[]>;
	/** [DA9] Records a grant and its `grant` audit row; role and compartments are checked. */
	grantAccess(g: NewGrant): Promise<string>;
	/** [DA10] Revokes a live grant (audited); whose access changed, or null if it was not live. */
	revokeGrant(
		grantId: string,
		revokedBy: string,
		now?: number
	): Promise<{ userId: string; familyId: string } | null>;
	/** [DA9] Every grant of a family, revoked ones included (they are history). */
	listGrants(familyId: string): Promise<GrantRow[]>;
	/** [DA9] The user's grants for the family in force at `now`. */
	liveGrants(userId: string, familyId: string, now?: number): Promise<LiveGrant[]>;
	/** Ends the engine's own connections (SQLite's connection belongs to its opener). */
	close(): Promise<void>;
}

type AuditSqlRow = {
	seq: number;
	at: number;
	actor_id: string | null;
	actor_role: string | null;
	action: AuditAction;
	object: string | null;
	family_id: string | null;
	detail: string;
};

/** An audit row of either engine as read back. */
export function auditRowOf(r: AuditSqlRow): AuditRow {
	let detail: Record<string, unknown> = {};
	try {
		detail = JSON.parse(r.detail) as Record<string, unknown>;
	} catch {
		// A row is never rewritten; an unreadable detail reads as empty.
	}
	return {
		seq: Number(r.seq),
		at: Number(r.at),
		actorId: r.actor_id,
		actorRole: r.actor_role,
		action: r.action,
		object: r.object,
		familyId: r.family_id,
		detail
	};
}

/** The WHERE clause of a filter with `?` or `$n` placeholders. */
export function auditWhere(
	f: AuditFilter,
	placeholder: (n: number) => string
): { sql: string; params: unknown[]; limit: number } {
	const parts: string[] = [];
	const params: unknown[] = [];
	const add = (column: string, value: unknown, op = '=') => {
		params.push(value);
		parts.push(`${column} ${op} ${placeholder(params.length)}`);
	};
	if (f.familyId !== undefined) add('family_id', f.familyId);
	if (f.actorId !== undefined) add('actor_id', f.actorId);
	if (f.action !== undefined) add('action', f.action);
	if (f.afterSeq !== undefined) add('seq', f.afterSeq, '>');
	const limit = Math.max(1, Math.min(f.limit ?? 1000, 10_000));
	return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params, limit };
}

/** The default engine: the app's SQLite connection, through the functions the server calls. */
export class SqliteAccountStore implements AccountStore {
	readonly engine = 'sqlite';
	readonly #sql: SqliteSql;
	constructor(readonly db: Db) {
		this.#sql = sqliteSqlOf(db);
	}

	ensureOrganisation(name: string, caseloadLimit?: number) {
		return ensureOrganisation(this.#sql, name, caseloadLimit);
	}
	createUser(u: NewUser) {
		return createUser(this.#sql, u);
	}
	findUserIdByEmail(email: string) {
		return findUserIdByEmail(this.#sql, email);
	}
	async userById(id: string): Promise<StoredUser | null> {
		const r = await this.#sql.get<{
			id: string;
			org_id: string;
			email: string;
			name: string;
			role: StaffRole;
			color: string;
			disabled_at: number | null;
		}>('SELECT id, org_id, email, name, role, color, disabled_at FROM users WHERE id = ?', id);
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
	async verifyPassword(email: string, password: string) {
		const row = await this.#sql.get<{ id: string; password_hash: string }>(
			'SELECT id, password_hash FROM users WHERE lower(email) = ? AND disabled_at IS NULL',
			email.trim().toLowerCase()
		);
		return checkHash(row, password);
	}
	setPassword(userId: string, password: string) {
		return setPassword(this.#sql, userId, password);
	}
	setUserDisabled(userId: string, disabled: boolean, now?: number) {
		return setUserDisabled(this.#sql, userId, disabled, now);
	}
	createSession(token: string, userId: string, now?: number) {
		return createSession(this.#sql, token, userId, now);
	}
	validateSessionToken(token: string, now?: number) {
		return validateSessionToken(this.#sql, token, now);
	}
	isSessionLive(sessionId: string, now?: number) {
		return isSessionLive(this.#sql, sessionId, now);
	}
	/**
	 * `isSessionLive`'s statement run synchronously on the connection (better-sqlite3), so the
	 * sync server decides every socket before a logout's signal returns (RM11).
	 */
	sessionLiveNow(sessionId: string, now = Date.now()) {
		return isLiveRow(
			this.db.prepare(LIVE_SESSION_SQL).get(sessionId) as Parameters<typeof isLiveRow>[0],
			now
		);
	}
	sessionCookieExpiry(session: Session) {
		return sessionCookieExpiry(this.#sql, session);
	}
	invalidateSession(sessionId: string) {
		return invalidateSession(this.#sql, sessionId);
	}
	endUserSessions(userId: string) {
		return endUserSessions(this.#sql, userId);
	}
	endExpiredSessions(now?: number) {
		return endExpiredSessions(this.#sql, now);
	}
	recordAudit(e: AuditEntry) {
		return appendAudit(this.#sql, e);
	}
	async recordAudits(entries: readonly AuditEntry[]) {
		await this.#sql.tx(async (t) => {
			for (const e of entries) await appendAudit(t, e);
		});
	}
	async auditRows(filter: AuditFilter = {}) {
		const { sql, params, limit } = auditWhere(filter, () => '?');
		const rows = await this.#sql.all<AuditSqlRow>(
			`SELECT * FROM audit_log ${sql} ORDER BY seq LIMIT ${limit}`,
			...(params as Param[])
		);
		return rows.map(auditRowOf);
	}
	async grantAccess(g: NewGrant) {
		return grantAccess(sqliteSqlOf(this.db), g);
	}
	async revokeGrant(grantId: string, revokedBy: string, now?: number) {
		return revokeGrant(sqliteSqlOf(this.db), grantId, revokedBy, now);
	}
	async listGrants(familyId: string) {
		return listGrants(sqliteSqlOf(this.db), familyId);
	}
	async liveGrants(userId: string, familyId: string, now = Date.now()) {
		return (await liveGrants(sqliteSqlOf(this.db), userId, familyId, now)).map((g) => ({
			role: g.role,
			compartments: JSON.parse(g.compartments) as Compartment[]
		}));
	}
	async close() {}
}

/** The user's id when `password` matches; unknown e-mails cost the same hash (AU1). */
export async function checkHash(
	row: { id: string; password_hash: string } | undefined,
	password: string
): Promise<string | null> {
	if (!row) {
		await verify(DUMMY_HASH, password);
		return null;
	}
	return (await verify(row.password_hash, password)) ? row.id : null;
}

const SLOT = Symbol.for('asysta.accounts');
type Slot = { [SLOT]?: AccountStore };

/** Makes `store` the process-wide account store (main.ts: PostgreSQL with DATABASE_URL). */
export function setAccounts(store: AccountStore | undefined): void {
	(globalThis as Slot)[SLOT] = store;
}

/** The process-wide account store; SQLite on `getDb()` unless another was set. */
export function getAccounts(): AccountStore {
	const slot = globalThis as Slot;
	const set = slot[SLOT];
	if (set && (set.engine !== 'sqlite' || (set as SqliteAccountStore).db === getDb())) return set;
	// The SQLite engine follows the process-wide connection (tests and the server replace it).
	slot[SLOT] = new SqliteAccountStore(getDb());
	return slot[SLOT];
}
