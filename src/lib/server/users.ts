/**
 * Organisations and accounts. Passwords are hashed with argon2id (@node-rs/argon2); logins are
 * throttled per e-mail address so a password cannot be guessed by brute force.
 */
import { hash, verify } from '@node-rs/argon2';
import type { Db } from './db.js';
import { StaffRole } from '../domain/roles.js';
import { m } from '../paraglide/messages.js';

const ARGON = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };
/** Failures allowed before a lockout. */
export const MAX_LOGIN_FAILURES = 5;
/** How long a locked-out address waits. */
export const LOCKOUT_MS = 15 * 60 * 1000;

const PALETTE = ['#1f6feb', '#c2410c', '#15803d', '#9333ea', '#b91c1c', '#0e7490', '#a16207'];

/** Creates an organisation, or returns the id of the one with that name. */
export function ensureOrganisation(db: Db, name: string, caseloadLimit = 15): string {
	const found = db.prepare('SELECT id FROM organisations WHERE name = ?').get(name) as
		{ id: string } | undefined;
	if (found) return found.id;
	const id = crypto.randomUUID();
	db.prepare(
		'INSERT INTO organisations (id, name, caseload_limit, created_at) VALUES (?, ?, ?, ?)'
	).run(id, name, caseloadLimit, Date.now());
	return id;
}

export interface NewUser {
	orgId: string;
	email: string;
	name: string;
	role: StaffRole;
	password: string;
}

/** Creates an account; the caller checks the e-mail is free (`findUserIdByEmail`). */
export async function createUser(db: Db, u: NewUser): Promise<string> {
	const role = StaffRole.parse(u.role);
	if (u.password.length < 8) throw new Error(m.api_password_too_short());
	const id = crypto.randomUUID();
	const count = (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
	db.prepare(
		`INSERT INTO users (id, org_id, email, name, role, color, password_hash, created_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
	).run(
		id,
		u.orgId,
		u.email.trim().toLowerCase(),
		u.name,
		role,
		PALETTE[count % PALETTE.length],
		await hash(u.password, ARGON),
		Date.now()
	);
	return id;
}

/** The id of the account with that e-mail, if any. */
export function findUserIdByEmail(db: Db, email: string): string | null {
	const row = db.prepare('SELECT id FROM users WHERE email = ?').get(email.trim()) as
		{ id: string } | undefined;
	return row?.id ?? null;
}

export type LoginResult =
	{ ok: true; userId: string; role: string } | { ok: false; code: 'bad-credentials' | 'locked' };

/**
 * Checks a password. Unknown addresses cost the same hash as known ones, so timing does not tell
 * which e-mails have accounts. After MAX_LOGIN_FAILURES failures the address is locked for
 * LOCKOUT_MS, whatever password follows.
 */
export async function checkPassword(
	db: Db,
	email: string,
	password: string,
	now = Date.now()
): Promise<LoginResult> {
	const key = email.trim().toLowerCase();
	const attempts = db
		.prepare('SELECT failures, last_failure_at FROM login_attempts WHERE email = ?')
		.get(key) as { failures: number; last_failure_at: number } | undefined;
	if (
		attempts &&
		attempts.failures >= MAX_LOGIN_FAILURES &&
		now - attempts.last_failure_at < LOCKOUT_MS
	) {
		return { ok: false, code: 'locked' };
	}
	const row = db
		.prepare('SELECT id, role, password_hash FROM users WHERE email = ? AND disabled_at IS NULL')
		.get(key) as { id: string; role: string; password_hash: string } | undefined;
	const valid = row
		? await verify(row.password_hash, password)
		: (await verify(DUMMY_HASH, password), false);
	if (!row || !valid) {
		const failures =
			attempts && now - attempts.last_failure_at < LOCKOUT_MS ? attempts.failures + 1 : 1;
		db.prepare(
			`INSERT INTO login_attempts (email, failures, last_failure_at) VALUES (?, ?, ?)
			 ON CONFLICT(email) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at`
		).run(key, failures, now);
		return { ok: false, code: 'bad-credentials' };
	}
	db.prepare('DELETE FROM login_attempts WHERE email = ?').run(key);
	return { ok: true, userId: row.id, role: row.role };
}

// A real argon2id hash of a random string, so unknown e-mails take as long as known ones.
const DUMMY_HASH =
	'$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ';
