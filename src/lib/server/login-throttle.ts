/**
 * [AU2] Login throttling. Every attempt is counted BEFORE its password is verified, in one
 * immediate transaction (an UPSERT … RETURNING of the new count), so guesses sent in parallel
 * cannot all read the same stale count while argon2 runs.
 *
 * Two counters, each with a few free failures and then growing delays (not a fixed lockout):
 * - per account and address: a stranger's failures slow down that stranger only, never the
 *   owner signing in from another address;
 * - per address: one address spraying one password over many accounts is slowed down too.
 * Counters are forgotten after an hour without a failure.
 */
import type { Db } from './db.js';
import { addressBucket } from './client-address.js';
import type { Done, Refusal } from '../domain/result.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Free failures, first delay and ceiling of each counter. */
export const THROTTLE = {
	account: { free: 5, firstDelayMs: 30 * SECOND, maxDelayMs: 15 * MINUTE },
	address: { free: 20, firstDelayMs: 30 * SECOND, maxDelayMs: 15 * MINUTE },
	forgetAfterMs: 60 * MINUTE
} as const;

type Kind = 'account' | 'address';

/** The wait after the `failures`-th failure: 0 while free, then doubling up to the ceiling. */
export function delayAfter(kind: Kind, failures: number): number {
	const t = THROTTLE[kind];
	if (failures <= t.free) return 0;
	return Math.min(t.maxDelayMs, t.firstDelayMs * 2 ** Math.min(20, failures - t.free - 1));
}

export type AttemptVerdict =
	| Done<{ keys: { account: string; address: string }; failures: number }>
	/** `firstRefusal`: the first request refused by this block; audit that one only. */
	| Refusal<{ retryAfterMs: number; firstRefusal: boolean }>;

/** Counts one login attempt before its password is checked; refuses while a delay runs. */
export function beginAttempt(
	db: Db,
	email: string,
	address: string,
	now = Date.now()
): AttemptVerdict {
	const bucket = addressBucket(address);
	const keys = { account: `account:${email}|${bucket}`, address: `address:${bucket}` };
	const read = db.prepare(
		'SELECT blocked_until, audited_block, last_failure_at FROM login_throttle WHERE key = ?'
	);
	const markAudited = db.prepare('UPDATE login_throttle SET audited_block = ? WHERE key = ?');
	const count = db.prepare(
		`INSERT INTO login_throttle (key, failures, last_failure_at) VALUES (?, 1, ?)
		 ON CONFLICT(key) DO UPDATE SET
		   failures = CASE WHEN ? - last_failure_at > ? THEN 1 ELSE failures + 1 END,
		   last_failure_at = excluded.last_failure_at
		 RETURNING failures`
	);
	const block = db.prepare('UPDATE login_throttle SET blocked_until = ? WHERE key = ?');
	return db
		.transaction((): AttemptVerdict => {
			for (const key of [keys.account, keys.address]) {
				const row = read.get(key) as
					{ blocked_until: number; audited_block: number; last_failure_at: number } | undefined;
				if (row && row.blocked_until > now) {
					const firstRefusal = row.audited_block !== row.blocked_until;
					if (firstRefusal) markAudited.run(row.blocked_until, key);
					return { ok: false, retryAfterMs: row.blocked_until - now, firstRefusal };
				}
			}
			let accountFailures = 0;
			for (const kind of ['account', 'address'] as const) {
				const key = keys[kind];
				const { failures } = count.get(key, now, now, THROTTLE.forgetAfterMs) as {
					failures: number;
				};
				if (kind === 'account') accountFailures = failures;
				const wait = delayAfter(kind, failures);
				if (wait > 0) block.run(now + wait, key);
			}
			return { ok: true, keys, failures: accountFailures };
		})
		.immediate();
}

/** The password was right: the account's counter goes, the address gets this attempt back. */
export function attemptSucceeded(db: Db, keys: { account: string; address: string }): void {
	db.transaction(() => {
		db.prepare('DELETE FROM login_throttle WHERE key = ?').run(keys.account);
		db.prepare(
			`UPDATE login_throttle SET failures = max(failures - 1, 0),
			   blocked_until = CASE WHEN failures - 1 <= ? THEN 0 ELSE blocked_until END
			 WHERE key = ?`
		).run(THROTTLE.address.free, keys.address);
	})();
}

/** Drops counters nobody has failed on for an hour (the periodic clean-up). */
export function forgetOldAttempts(db: Db, now = Date.now()): number {
	return db
		.prepare('DELETE FROM login_throttle WHERE last_failure_at < ? AND blocked_until < ?')
		.run(now - THROTTLE.forgetAfterMs, now).changes;
}
