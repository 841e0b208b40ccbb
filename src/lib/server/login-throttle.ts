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
import type { Sql } from './sql.js';
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
export async function beginAttempt(
	sql: Sql,
	email: string,
	address: string,
	now = Date.now()
): Promise<AttemptVerdict> {
	const bucket = addressBucket(address);
	const keys = { account: `account:${email}|${bucket}`, address: `address:${bucket}` };
	return sql.tx(async (t): Promise<AttemptVerdict> => {
		for (const key of [keys.account, keys.address]) {
			// FOR UPDATE on PostgreSQL would be the same; one writer holds SQLite, and the count
			// below is an UPSERT, so parallel guesses still each add one.
			const row = await t.get<{ blocked_until: number; audited_block: number }>(
				'SELECT blocked_until, audited_block FROM login_throttle WHERE key = ?',
				key
			);
			if (row && row.blocked_until > now) {
				const firstRefusal = row.audited_block !== row.blocked_until;
				if (firstRefusal)
					await t.run(
						'UPDATE login_throttle SET audited_block = ? WHERE key = ?',
						row.blocked_until,
						key
					);
				return { ok: false, retryAfterMs: row.blocked_until - now, firstRefusal };
			}
		}
		let accountFailures = 0;
		for (const kind of ['account', 'address'] as const) {
			const key = keys[kind];
			const counted = await t.get<{ failures: number }>(
				`INSERT INTO login_throttle (key, failures, last_failure_at) VALUES (?, 1, ?)
				 ON CONFLICT (key) DO UPDATE SET
				   failures = CASE WHEN CAST(? AS bigint) - login_throttle.last_failure_at > ?
				     THEN 1 ELSE login_throttle.failures + 1 END,
				   last_failure_at = excluded.last_failure_at
				 RETURNING failures`,
				key,
				now,
				now,
				THROTTLE.forgetAfterMs
			);
			const failures = Number(counted?.failures ?? 1);
			if (kind === 'account') accountFailures = failures;
			const wait = delayAfter(kind, failures);
			if (wait > 0)
				await t.run('UPDATE login_throttle SET blocked_until = ? WHERE key = ?', now + wait, key);
		}
		return { ok: true, keys, failures: accountFailures };
	});
}

/** The password was right: the account's counter goes, the address gets this attempt back. */
export async function attemptSucceeded(
	sql: Sql,
	keys: { account: string; address: string }
): Promise<void> {
	await sql.tx(async (t) => {
		await t.run('DELETE FROM login_throttle WHERE key = ?', keys.account);
		await t.run(
			`UPDATE login_throttle SET failures = CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END,
			   blocked_until = CASE WHEN failures - 1 <= ? THEN 0 ELSE blocked_until END
			 WHERE key = ?`,
			THROTTLE.address.free,
			keys.address
		);
	});
}

/** Drops counters nobody has failed on for an hour (the periodic clean-up). */
export async function forgetOldAttempts(sql: Sql, now = Date.now()): Promise<number> {
	return sql.run(
		'DELETE FROM login_throttle WHERE last_failure_at < ? AND blocked_until < ?',
		now - THROTTLE.forgetAfterMs,
		now
	);
}
