/**
 * Sessions as Lucia's author now documents them: a random token in an HttpOnly cookie, only its
 * SHA-256 in the database (a leaked database yields no usable tokens), a 30-day expiry that slides
 * forward when less than 15 days remain. Used by SvelteKit's hooks and by the sync server's
 * upgrade check alike.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import type { Db } from './db.js';
import { signal } from './signal.js';
import type { StaffRole } from '../domain/roles.js';

export const SESSION_COOKIE = 'asysta_session';
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_TTL_MS = 30 * DAY;
const RENEW_BELOW_MS = 15 * DAY;

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

/** Stores a new session for the user and returns it. */
export function createSession(db: Db, token: string, userId: string, now = Date.now()): Session {
	const session = { id: sessionIdFromToken(token), userId, expiresAt: now + SESSION_TTL_MS };
	db.prepare('INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)').run(
		session.id,
		userId,
		session.expiresAt,
		now
	);
	return session;
}

type Row = {
	id: string;
	user_id: string;
	expires_at: number;
	org_id: string;
	email: string;
	name: string;
	role: StaffRole;
	color: string;
};

/**
 * The session and user for a cookie token, or null when unknown, expired or the user is
 * disabled. Extends the expiry when under half of it remains.
 */
export function validateSessionToken(
	db: Db,
	token: string,
	now = Date.now()
): { session: Session; user: SessionUser } | null {
	const id = sessionIdFromToken(token);
	const row = db
		.prepare(
			`SELECT s.id, s.user_id, s.expires_at, u.org_id, u.email, u.name, u.role, u.color
			 FROM sessions s JOIN users u ON u.id = s.user_id
			 WHERE s.id = ? AND u.disabled_at IS NULL`
		)
		.get(id) as Row | undefined;
	if (!row) return null;
	if (now >= row.expires_at) {
		db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
		return null;
	}
	let expiresAt = row.expires_at;
	if (expiresAt - now < RENEW_BELOW_MS) {
		expiresAt = now + SESSION_TTL_MS;
		db.prepare('UPDATE sessions SET expires_at = ? WHERE id = ?').run(expiresAt, id);
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

/** True while the session exists and has not expired (no renewal); used for open sockets. */
export function isSessionLive(db: Db, sessionId: string, now = Date.now()): boolean {
	const row = db.prepare('SELECT expires_at FROM sessions WHERE id = ?').get(sessionId) as
		{ expires_at: number } | undefined;
	return row !== undefined && now < row.expires_at;
}

const sessionEnded = signal<string>('session-ended');

/** Subscribes to logouts; the sync server closes that session's sockets (4401) at once. */
export const onSessionEnded = sessionEnded.on;

/** Deletes one session (logout) and tells listeners. */
export function invalidateSession(db: Db, sessionId: string): void {
	db.prepare('DELETE FROM sessions WHERE id = ?').run(sessionId);
	sessionEnded.emit(sessionId);
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
