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
import type { Db } from './db.js';
import { signal } from './signal.js';
import type { StaffRole } from '../domain/roles.js';
import { ORG_SETTINGS_ROW, settingsOfRow } from './org-settings.js';

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

/** The organisation's session limits in milliseconds. */
export function sessionLimits(db: Db, orgId: string): { idleMs: number; absoluteMs: number } {
	return limitsOf(
		settingsOfRow(
			orgId,
			db.prepare(ORG_SETTINGS_ROW).get(orgId) as Parameters<typeof settingsOfRow>[1]
		)
	);
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

/** The limits in milliseconds of an organisation's settings (either engine). */
export function limitsOf(s: { sessionIdleHours: number; sessionMaxDays: number }): Limits {
	return { idleMs: s.sessionIdleHours * HOUR, absoluteMs: s.sessionMaxDays * DAY };
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

/** When a session used last at `lastSeen` ends by the organisation's current limits. */
function limitOf(db: Db, row: Times, lastSeen: number): number {
	return sessionLimitAt(sessionLimits(db, row.org_id), row, lastSeen);
}

/** When a session ends if unused from now on; ≤ now means it has ended. */
function endOf(db: Db, row: Times): number {
	return sessionEndOf(sessionLimits(db, row.org_id), row);
}

/** Stores a new session for the user and returns it. */
export function createSession(db: Db, token: string, userId: string, now = Date.now()): Session {
	const user = db.prepare('SELECT org_id FROM users WHERE id = ?').get(userId) as
		{ org_id: string } | undefined;
	const times = {
		created_at: now,
		last_seen_at: now,
		expires_at: Infinity,
		org_id: user?.org_id ?? ''
	};
	const session = { id: sessionIdFromToken(token), userId, expiresAt: endOf(db, times) };
	db.prepare('INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)').run(
		session.id,
		userId,
		session.expiresAt,
		now
	);
	return session;
}

/** When the session's cookie should expire: its absolute limit (idle is the server's to judge). */
export function sessionCookieExpiry(db: Db, session: Session): number {
	const row = db
		.prepare(
			'SELECT s.created_at, a.last_seen_at, s.expires_at, u.org_id FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN session_activity a ON a.session_id = s.id WHERE s.id = ?'
		)
		.get(session.id) as Times | undefined;
	return row ? row.created_at + sessionLimits(db, row.org_id).absoluteMs : session.expiresAt;
}

type Row = Times & {
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
export function validateSessionToken(
	db: Db,
	token: string,
	now = Date.now()
): { session: Session; user: SessionUser } | null {
	const id = sessionIdFromToken(token);
	const row = db
		.prepare(
			`SELECT s.id, s.user_id, s.created_at, a.last_seen_at, s.expires_at, u.org_id, u.email,
			        u.name, u.role, u.color
			 FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN session_activity a ON a.session_id = s.id
			 WHERE s.id = ? AND u.disabled_at IS NULL`
		)
		.get(id) as Row | undefined;
	if (!row) return null;
	let expiresAt = endOf(db, row);
	if (expiresAt <= now) {
		invalidateSession(db, id);
		return null;
	}
	if (now - (row.last_seen_at ?? row.created_at) >= TOUCH_EVERY_MS) {
		expiresAt = limitOf(db, row, now);
		db.transaction(() => {
			db.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?').run(expiresAt, id);
			db.prepare(
				`INSERT INTO session_activity (session_id, last_seen_at) VALUES (?, ?)
				 ON CONFLICT(session_id) DO UPDATE SET last_seen_at = excluded.last_seen_at`
			).run(id, now);
		})();
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

/** True while the session exists, its user is enabled and no limit has passed (no renewal). */
export function isSessionLive(db: Db, sessionId: string, now = Date.now()): boolean {
	const row = db
		.prepare(
			`SELECT s.created_at, a.last_seen_at, s.expires_at, u.org_id FROM sessions s
			 JOIN users u ON u.id = s.user_id LEFT JOIN session_activity a ON a.session_id = s.id WHERE s.id = ? AND u.disabled_at IS NULL`
		)
		.get(sessionId) as Times | undefined;
	return row !== undefined && now < endOf(db, row);
}

const sessionEnded = signal<string>('session-ended');

/** Subscribes to ended sessions; the sync server closes that session's sockets (4401) at once. */
export const onSessionEnded = sessionEnded.on;

/** Tells listeners a session ended (also for ends another process wrote: the sweeper). */
export const announceSessionEnded = sessionEnded.emit;

/** Deletes one session (logout) and tells listeners. */
export function invalidateSession(db: Db, sessionId: string): void {
	db.prepare('DELETE FROM sessions WHERE id = ?').run(sessionId);
	sessionEnded.emit(sessionId);
}

/** [AU6] "Wyloguj wszędzie": ends every session of the user; returns how many. */
export function endUserSessions(db: Db, userId: string): number {
	const ids = db.prepare('DELETE FROM sessions WHERE user_id = ? RETURNING id').all(userId) as {
		id: string;
	}[];
	for (const { id } of ids) sessionEnded.emit(id);
	return ids.length;
}

/** [AU5] Deletes every session past a limit or of a disabled user; returns how many. */
export function endExpiredSessions(db: Db, now = Date.now()): number {
	const rows = db
		.prepare(
			`SELECT s.id, s.created_at, a.last_seen_at, s.expires_at, u.org_id, u.disabled_at
			 FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN session_activity a ON a.session_id = s.id`
		)
		.all() as (Times & { id: string; disabled_at: number | null })[];
	let n = 0;
	for (const row of rows) {
		if (row.disabled_at === null && endOf(db, row) > now) continue;
		invalidateSession(db, row.id);
		n++;
	}
	return n;
}

/** [AU6] Staff of an organisation with their live sessions, for the head's "Wyloguj wszędzie". */
export function staffSessions(db: Db, orgId: string, now = Date.now()) {
	const users = db
		.prepare('SELECT id, name, email, role, disabled_at FROM users WHERE org_id = ? ORDER BY name')
		.all(orgId) as {
		id: string;
		name: string;
		email: string;
		role: StaffRole;
		disabled_at: number | null;
	}[];
	const sessions = db
		.prepare(
			`SELECT s.id, s.user_id, s.created_at, a.last_seen_at, s.expires_at, u.org_id
			 FROM sessions s JOIN users u ON u.id = s.user_id LEFT JOIN session_activity a ON a.session_id = s.id WHERE u.org_id = ?`
		)
		.all(orgId) as (Times & { id: string; user_id: string })[];
	return users.map((u) => {
		const mine = sessions.filter(
			(s) => s.user_id === u.id && u.disabled_at === null && endOf(db, s) > now
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
