/**
 * Sessions of the PostgreSQL account store (pg-accounts.ts): the same session rules as SQLite's
 * through the pure helpers of session.ts, the organisation's limits read with the session row, and
 * the same signal for every ended session.
 */
import type pg from 'pg';
import type { Validated } from '../../src/lib/server/account-store.js';
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
import { inTransaction } from './pg-pool.js';
import type { UserRow } from './pg-users.js';

const TIMES = `s.created_at, a.last_seen_at, s.expires_at, u.org_id, o.settings, o.caseload_limit`;
const FROM = `FROM sessions s JOIN users u ON u.id = s.user_id
	JOIN organisations o ON o.id = u.org_id
	LEFT JOIN session_activity a ON a.session_id = s.id`;

type TimesRow = SessionTimes & { settings: string; caseload_limit: number };

/** The organisation's current limits, read with the session row (one round trip). */
function limits(row: TimesRow): Limits {
	return limitsOf(parseOrgSettings(row));
}

/** AccountStore.createSession (account-store.ts) on PostgreSQL. */
export async function createSession(
	pool: pg.Pool,
	token: string,
	userId: string,
	now = Date.now()
): Promise<Session> {
	const { rows } = await pool.query<{ settings: string; caseload_limit: number }>(
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
	await pool.query(
		'INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4)',
		[session.id, userId, session.expiresAt, now]
	);
	return session;
}

/** AccountStore.validateSessionToken (account-store.ts) on PostgreSQL. */
export async function validateSessionToken(
	pool: pg.Pool,
	token: string,
	now = Date.now()
): Promise<Validated | null> {
	const id = sessionIdFromToken(token);
	const { rows } = await pool.query<TimesRow & UserRow & { user_id: string }>(
		`SELECT s.id, s.user_id, ${TIMES}, u.email, u.name, u.role, u.color
		 ${FROM} WHERE s.id = $1 AND u.disabled_at IS NULL`,
		[id]
	);
	const row = rows[0];
	if (!row) return null;
	const lim = limits(row);
	if (sessionEndOf(lim, row) <= now) {
		await invalidateSession(pool, id);
		return null;
	}
	let expiresAt = sessionEndOf(lim, row);
	if (touchDue(row, now)) {
		expiresAt = sessionLimitAt(lim, row, now);
		await inTransaction(pool, async (c) => {
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

/** AccountStore.isSessionLive (account-store.ts) on PostgreSQL. */
export async function isSessionLive(
	pool: pg.Pool,
	sessionId: string,
	now = Date.now()
): Promise<boolean> {
	const { rows } = await pool.query<TimesRow>(
		`SELECT ${TIMES} ${FROM} WHERE s.id = $1 AND u.disabled_at IS NULL`,
		[sessionId]
	);
	return rows[0] !== undefined && now < sessionEndOf(limits(rows[0]), rows[0]);
}

/** AccountStore.sessionCookieExpiry (account-store.ts) on PostgreSQL. */
export async function sessionCookieExpiry(pool: pg.Pool, session: Session): Promise<number> {
	const { rows } = await pool.query<TimesRow>(`SELECT ${TIMES} ${FROM} WHERE s.id = $1`, [
		session.id
	]);
	return rows[0] ? Number(rows[0].created_at) + limits(rows[0]).absoluteMs : session.expiresAt;
}

/** AccountStore.invalidateSession (account-store.ts) on PostgreSQL. */
export async function invalidateSession(pool: pg.Pool, sessionId: string): Promise<void> {
	await pool.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
	announceSessionEnded(sessionId);
}

/** AccountStore.endUserSessions (account-store.ts) on PostgreSQL. */
export async function endUserSessions(pool: pg.Pool, userId: string): Promise<number> {
	const { rows } = await pool.query<{ id: string }>(
		'DELETE FROM sessions WHERE user_id = $1 RETURNING id',
		[userId]
	);
	for (const { id } of rows) announceSessionEnded(id);
	return rows.length;
}

/** AccountStore.endExpiredSessions (account-store.ts) on PostgreSQL. */
export async function endExpiredSessions(pool: pg.Pool, now = Date.now()): Promise<number> {
	const { rows } = await pool.query<TimesRow & { id: string; disabled_at: number | null }>(
		`SELECT s.id, ${TIMES}, u.disabled_at ${FROM}`
	);
	let n = 0;
	for (const row of rows) {
		if (row.disabled_at === null && sessionEndOf(limits(row), row) > now) continue;
		await invalidateSession(pool, row.id);
		n++;
	}
	return n;
}
