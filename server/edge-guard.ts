/**
 * What the sync server keeps per client address, user and session at its edge:
 * - open sockets per address and per user, for the limits of UP7;
 * - open sessions, swept every `SESSION_SWEEP_MS`, so a session that ended in another process
 *   (the admin CLI), by its idle or absolute limit, or by a disabled account closes its sockets
 *   within seconds (AU5) — in-process ends are signalled at once anyway;
 * - refused upgrades, aggregated into one audit row per address and window (UP6).
 */
import type { AuditEntry } from '../src/lib/server/audit.js';
import type { Db } from '../src/lib/server/db.js';
import { sqliteSqlOf, type Sql } from '../src/lib/server/sql.js';
import { forgetOldAttempts } from '../src/lib/server/login-throttle.js';
import { announceSessionEnded } from '../src/lib/server/session.js';
import { SqliteAccountStore, type AccountStore } from '../src/lib/server/account-store.js';
import type { SyncConfig } from './config.js';

type Refusals = {
	count: number;
	from: number;
	codes: Record<string, number>;
	docs: Set<string>;
	users: Set<string>;
};

const SAMPLE = 5;
/** The clean-up of ended sessions and old login counters runs this often. */
const CLEANUP_MS = 60_000;

/** Counters and timers of one sync server. */
export class EdgeGuard {
	readonly #perAddress = new Map<string, number>();
	readonly #perUser = new Map<string, number>();
	readonly #perSession = new Map<string, number>();
	readonly #refusals = new Map<string, Refusals>();
	readonly #timers: NodeJS.Timeout[];

	constructor(
		private readonly db: Db,
		private readonly config: SyncConfig,
		private readonly log: (msg: string) => void,
		/** Sessions and audit (issue 16): default the SQLite engine on `db`. */
		private readonly accounts: AccountStore = new SqliteAccountStore(db),
		/** Login counters (issue 16): default the SQLite executor of `db`. */
		private readonly sql: Sql = sqliteSqlOf(db)
	) {
		this.#timers = [
			setInterval(() => void this.sweep(), config.sessionSweepMs),
			setInterval(() => void this.flushRefusals(), config.refusedAuditWindowMs),
			setInterval(() => void this.cleanUp(), CLEANUP_MS)
		];
		for (const t of this.#timers) t.unref();
	}

	/** Why a new socket of this address and user would be one too many, if it would. */
	overLimit(address: string, userId: string): string | null {
		if ((this.#perAddress.get(address) ?? 0) >= this.config.maxSocketsPerAddress)
			return 'sockets per address';
		if ((this.#perUser.get(userId) ?? 0) >= this.config.maxSocketsPerUser)
			return 'sockets per user';
		return null;
	}

	/** Counts an accepted socket; the returned function uncounts it (call once, on close). */
	opened(address: string, userId: string, sessionId: string): () => void {
		const inc = (m: Map<string, number>, k: string, d: number) => {
			const n = (m.get(k) ?? 0) + d;
			if (n > 0) m.set(k, n);
			else m.delete(k);
		};
		inc(this.#perAddress, address, 1);
		inc(this.#perUser, userId, 1);
		inc(this.#perSession, sessionId, 1);
		let done = false;
		return () => {
			if (done) return;
			done = true;
			inc(this.#perAddress, address, -1);
			inc(this.#perUser, userId, -1);
			inc(this.#perSession, sessionId, -1);
		};
	}

	/** Open sockets of a user (tests, metrics). */
	socketsOf(userId: string): number {
		return this.#perUser.get(userId) ?? 0;
	}

	/** Notes a refused upgrade for the address's aggregated audit row. */
	refused(address: string, code: number, doc: string | null, userId: string | undefined): void {
		let r = this.#refusals.get(address);
		if (!r) {
			r = { count: 0, from: Date.now(), codes: {}, docs: new Set(), users: new Set() };
			this.#refusals.set(address, r);
		}
		r.count++;
		r.codes[code] = (r.codes[code] ?? 0) + 1;
		if (doc && r.docs.size < SAMPLE) r.docs.add(doc.slice(0, 160));
		if (userId && r.users.size < SAMPLE) r.users.add(userId);
	}

	/** Writes one `refused` row per address seen since the last flush. */
	async flushRefusals(now = Date.now()): Promise<void> {
		const all = [...this.#refusals];
		this.#refusals.clear();
		if (all.length === 0) return;
		try {
			await this.accounts.recordAudits(
				all.map(([address, r]): AuditEntry => {
					const users = [...r.users];
					return {
						actorId: users.length === 1 ? users[0] : null,
						action: 'refused',
						object: r.docs.size === 1 ? [...r.docs][0] : null,
						detail: {
							address,
							count: r.count,
							codes: r.codes,
							docs: [...r.docs],
							users,
							from: r.from,
							to: now
						},
						at: now
					};
				})
			);
		} catch (err) {
			this.log(`Asysta sync: refusal audit failed: ${String(err)}`);
		}
	}

	/** Tells the rooms about every open session that is no longer live. */
	async sweep(now = Date.now()): Promise<void> {
		for (const sessionId of [...this.#perSession.keys()]) {
			try {
				if (!(await this.accounts.isSessionLive(sessionId, now))) announceSessionEnded(sessionId);
			} catch (err) {
				this.log(`Asysta sync: session sweep failed: ${String(err)}`);
				return;
			}
		}
	}

	/** Deletes ended sessions and forgotten login counters. */
	async cleanUp(now = Date.now()): Promise<void> {
		try {
			await this.accounts.endExpiredSessions(now);
			await forgetOldAttempts(this.sql, now);
		} catch (err) {
			this.log(`Asysta sync: clean-up failed: ${String(err)}`);
		}
	}

	/** Stops the timers and writes what is pending. */
	stop(): Promise<void> {
		for (const t of this.#timers) clearInterval(t);
		return this.flushRefusals();
	}
}
