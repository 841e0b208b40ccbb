/**
 * Sessions as Lucia's author now documents them: a random token in an HttpOnly cookie, only its
 * SHA-256 in the database (a leaked database yields no usable tokens). [AU3][AU5] A session ends
 * after the organisation's idle limit without use or its absolute limit after sign-in, whichever
 * comes first (settings sessionIdleHours / sessionMaxDays), when its user is disabled, or when it
 * is ended (logout, "Wyloguj wszędzie", the admin CLI). Used by SvelteKit's hooks and by the sync
 * server alike; every end is signalled so open sockets close at once (4401).
 *
 * Past 250 lines on purpose: creating, validating and ending a session apply the same two limits,
 * which must not be computed in two places.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Sql } from './sql.js';
import { signal } from './signal.js';
import type { StaffRole } from '../domain/roles.js';
import { parseOrgSettings } from './org-settings.js';

export const SESSION_COOKIE = 'asysta_session';
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
/** Use within this much of the last recorded use is not written again (one write a minute). */
const TOUCH_EVERY_MS = 60 * 1000;

export interface Session {
	id: string;
	userId: string;
	expiresAt: number;
}

export interface SessionUser {
	id: string;
	orgId: string;
	email: string;
	name: string;
	role: StaffRole;
	color: string;
}

/** 20 random bytes, base32: the cookie value. */
export function generateSessionToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** The stored id of a token. */
export function sessionIdFromToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

type Times = {
	created_at: number;
	last_seen_at: number | null;
	/** The end recorded at the last use; a lowered limit applies before the next use. */
	expires_at: number;
	org_id: string;
};

export type SessionTimes = Times;
export type Limits = { idleMs: number; absoluteMs: number };

/** A session's times with its organisation's settings, read in the same statement. */
type TimesRow = Times & { settings: string | null; caseload_limit: number | null };

/** The columns and joins every session read shares: the limits come with the row (one trip). */
const TIMES = 's.created_at, a.last_seen_at, s.expires_at, u.org_id, o.settings, o.caseload_limit';
const FROM = `FROM sessions s JOIN users u ON u.id = s.user_id
	LEFT JOIN organisations o ON o.id = u.org_id
	LEFT JOIN session_activity a ON a.session_id = s.id`;

/** The limits in milliseconds of an organisation's settings (either engine). */
export function limitsOf(s: { sessionIdleHours: number; sessionMaxDays: number }): Limits {
	return { idleMs: s.sessionIdleHours * HOUR, absoluteMs: s.sessionMaxDays * DAY };
}

/**
 * The last limits per organisation, keyed by the stored text: every upgrade and check reads them,
 * and a JSON + zod parse of an unchanged row gives the same result each time. The row itself is
 * read every time, so a change by another process or node applies at once.
 */
const lastLimits = new Map<
	string,
	{ settings: string | null; limit: number | null; value: Limits }
>();

/** The organisation's limits of a session row (its settings read with it). */
function limitsOfRow(row: TimesRow): Limits {
	const last = lastLimits.get(row.org_id);
	if (last && last.settings === row.settings && last.limit === row.caseload_limit)
		return last.value;
	const stored =
		row.settings === null || row.caseload_limit === null
			? undefined
			: { settings: row.settings, caseload_limit: row.caseload_limit };
	const value = limitsOf(parseOrgSettings(stored));
	lastLimits.set(row.org_id, { settings: row.settings, limit: row.caseload_limit, value });
	return value;
}

/** [AU5] When a session used last at `lastSeen` ends by `limits` (pure: both engines use it). */
export function sessionLimitAt(limits: Limits, row: Times, lastSeen: number): number {
	return Math.min(lastSeen + limits.idleMs, row.created_at + limits.absoluteMs);
}

/** [AU5] When a session ends if unused from now on; ≤ now means it has ended. */
export function sessionEndOf(limits: Limits, row: Times): number {
	return Math.min(row.expires_at, sessionLimitAt(limits, row, row.last_seen_at ?? row.created_at));
}

/** Whether a use at `now` is recorded (at most once a minute). */
export function touchDue(row: Times, now: number): boolean {
	return now - (row.last_seen_at ?? row.created_at) >= TOUCH_EVERY_MS;
}

/** When a session ends if unused from now on; ≤ now means it has ended. */
function endOf(row: TimesRow): number {
	return sessionEndOf(limitsOfRow(row), row);
}

/** Stores a new session for the user and returns it. */
export async function createSession(
	sql: Sql,
	token: string,
	userId: string,
	now = Date.now()
): Promise<Session> {
	const org = await sql.get<{ org_id: string; settings: string; caseload_limit: number }>(
		`SELECT u.org_id, o.settings, o.caseload_limit FROM users u
		 LEFT JOIN organisations o ON o.id = u.org_id WHERE u.id = ?`,
		userId
	);
	const times: TimesRow = {
		created_at: now,
		last_seen_at: now,
		expires_at: Infinity,
		org_id: org?.org_id ?? '',
		settings: org?.settings ?? null,
		caseload_limit: org?.caseload_limit ?? null
	};
	const session = { id: sessionIdFromToken(token), userId, expiresAt: endOf(times) };
	await sql.run(
		'INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)',
		session.id,
		userId,
		session.expiresAt,
		now
	);
	return session;
}

/** When the session's cookie should expire: its absolute limit (idle is the server's to judge). */
export async function sessionCookieExpiry(sql: Sql, session: Session): Promise<number> {
	const row = await sql.get<TimesRow>(`SELECT ${TIMES} ${FROM} WHERE s.id = ?`, session.id);
	return row ? Number(row.created_at) + limitsOfRow(row).absoluteMs : session.expiresAt;
}

type Row = TimesRow & {
	id: string;
	user_id: string;
	email: string;
	name: string;
	role: StaffRole;
	color: string;
};

/**
 * The session and user for a cookie token, or null when unknown, ended or the user is disabled.
 * Records the use (at most once a minute), which pushes the idle limit forward.
 */
export async function validateSessionToken(
	sql: Sql,
	token: string,
	now = Date.now()
): Promise<{ session: Session; user: SessionUser } | null> {
	const id = sessionIdFromToken(token);
	const row = await sql.get<Row>(
		`SELECT s.id, s.user_id, ${TIMES}, u.email, u.name, u.role, u.color
		 ${FROM} WHERE s.id = ? AND u.disabled_at IS NULL`,
		id
	);
	if (!row) return null;
	let expiresAt = endOf(row);
	if (expiresAt <= now) {
		await invalidateSession(sql, id);
		return null;
	}
	if (touchDue(row, now)) {
		expiresAt = sessionLimitAt(limitsOfRow(row), row, now);
		await sql.tx(async (t) => {
			await t.run('UPDATE sessions SET expires_at = ? WHERE id = ?', expiresAt, id);
			// Only while the session exists: another request may have ended it meanwhile.
			await t.run(
				`INSERT INTO session_activity (session_id, last_seen_at)
				 SELECT id, CAST(? AS bigint) FROM sessions WHERE id = ?
				 ON CONFLICT (session_id) DO UPDATE SET last_seen_at = excluded.last_seen_at`,
				now,
				id
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

/** The statement of `isSessionLive`; SQLite's account store also runs it synchronously. */
export const LIVE_SESSION_SQL = `SELECT ${TIMES} ${FROM} WHERE s.id = ? AND u.disabled_at IS NULL`;

/** Whether a row read by `LIVE_SESSION_SQL` is a live session at `now`. */
export function isLiveRow(row: TimesRow | undefined, now: number): boolean {
	return row !== undefined && now < endOf(row);
}

/** True while the session exists, its user is enabled and no limit has passed (no renewal). */
export async function isSessionLive(
	sql: Sql,
	sessionId: string,
	now = Date.now()
): Promise<boolean> {
	return isLiveRow(await sql.get<TimesRow>(LIVE_SESSION_SQL, sessionId), now);
}

const sessionEnded = signal<string>('session-ended');

/** Subscribes to ended sessions; the sync server closes that session's sockets (4401) at once. */
export const onSessionEnded = sessionEnded.on;

/** Tells listeners a session ended (also for ends another process wrote: the sweeper). */
export const announceSessionEnded = sessionEnded.emit;

/** Deletes one session (logout) and tells listeners. */
export async function invalidateSession(sql: Sql, sessionId: string): Promise<void> {
	await sql.run('DELETE FROM sessions WHERE id = ?', sessionId);
	sessionEnded.emit(sessionId);
}

/** [AU6] "Wyloguj wszędzie": ends every session of the user; returns how many. */
export async function endUserSessions(sql: Sql, userId: string): Promise<number> {
	const ids = await sql.all<{ id: string }>(
		'DELETE FROM sessions WHERE user_id = ? RETURNING id',
		userId
	);
	for (const { id } of ids) sessionEnded.emit(id);
	return ids.length;
}

/** [AU5] Deletes every session past a limit or of a disabled user; returns how many. */
export async function endExpiredSessions(sql: Sql, now = Date.now()): Promise<number> {
	const rows = await sql.all<TimesRow & { id: string; disabled_at: number | null }>(
		`SELECT s.id, ${TIMES}, u.disabled_at ${FROM}`
	);
	let n = 0;
	for (const row of rows) {
		if (row.disabled_at === null && endOf(row) > now) continue;
		await invalidateSession(sql, row.id);
		n++;
	}
	return n;
}

/** [AU6] Staff of an organisation with their live sessions, for the head's "Wyloguj wszędzie". */
export async function staffSessions(sql: Sql, orgId: string, now = Date.now()) {
	const users = await sql.all<{
		id: string;
		name: string;
		email: string;
		role: StaffRole;
		disabled_at: number | null;
	}>('SELECT id, name, email, role, disabled_at FROM users WHERE org_id = ? ORDER BY name', orgId);
	const sessions = await sql.all<TimesRow & { id: string; user_id: string }>(
		`SELECT s.id, s.user_id, ${TIMES} ${FROM} WHERE u.org_id = ?`,
		orgId
	);
	return users.map((u) => {
		const mine = sessions.filter(
			(s) => s.user_id === u.id && u.disabled_at === null && endOf(s) > now
		);
		const lastSeen = Math.max(0, ...mine.map((s) => s.last_seen_at ?? s.created_at));
		return {
			id: u.id,
			name: u.name,
			email: u.email,
			role: u.role,
			disabled: u.disabled_at !== null,
			sessions: mine.length,
			lastSeenAt: lastSeen > 0 ? lastSeen : null
		};
	});
}

/** The session token from a Cookie header, if any. */
export function readSessionCookie(cookieHeader: string | undefined): string | null {
	if (!cookieHeader) return null;
	for (const part of cookieHeader.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0) continue;
		if (part.slice(0, eq).trim() === SESSION_COOKIE) {
			const value = part.slice(eq + 1).trim();
			return /^[a-z2-7]{16,64}$/.test(value) ? value : null;
		}
	}
	return null;
}
