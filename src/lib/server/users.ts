/**
 * Organisations and accounts. Passwords are hashed with argon2id (@node-rs/argon2); logins are
 * throttled per account-and-address and per address (login-throttle.ts).
 */
import { hash, verify } from '@node-rs/argon2';
import type { Db } from './db.js';
import { StaffRole } from '../domain/roles.js';
import { m } from '../paraglide/messages.js';
import { attemptSucceeded, beginAttempt } from './login-throttle.js';
import type { Done, Refusal } from '../domain/result.js';

export const ARGON = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export const PALETTE = [
	'#1f6feb',
	'#c2410c',
	'#15803d',
	'#9333ea',
	'#b91c1c',
	'#0e7490',
	'#a16207'
];

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
	| Done<{ userId: string; role: string }>
	| Refusal<{ code: 'bad-credentials'; failures: number }>
	| Refusal<{ code: 'throttled'; retryAfterMs: number; firstRefusal: boolean }>;

/**
 * [AU1][AU2] Checks a password from `address`. The attempt is counted first (login-throttle.ts),
 * so parallel guesses cannot outrun the count; while a delay runs the password is not even
 * verified. Unknown addresses cost the same hash as known ones, so timing does not tell which
 * e-mails have accounts; a disabled account fails like a wrong password.
 */
export async function checkPassword(
	db: Db,
	email: string,
	password: string,
	address = 'unknown',
	now = Date.now()
): Promise<LoginResult> {
	const key = email.trim().toLowerCase();
	const attempt = beginAttempt(db, key, address, now);
	if (!attempt.ok) {
		const { retryAfterMs, firstRefusal } = attempt;
		return { ok: false, code: 'throttled', retryAfterMs, firstRefusal };
	}
	const row = db
		.prepare('SELECT id, role, password_hash FROM users WHERE email = ? AND disabled_at IS NULL')
		.get(key) as { id: string; role: string; password_hash: string } | undefined;
	const valid = row
		? await verify(row.password_hash, password)
		: (await verify(DUMMY_HASH, password), false);
	if (!row || !valid) return { ok: false, code: 'bad-credentials', failures: attempt.failures };
	attemptSucceeded(db, attempt.keys);
	return { ok: true, userId: row.id, role: row.role };
}

/** [AU7] Sets a new password (admin CLI); the caller ends the user's sessions. */
export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
	if (password.length < 8) throw new Error(m.api_password_too_short());
	db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(
		await hash(password, ARGON),
		userId
	);
}

/** [AU7] Disables or re-enables an account; true when it changed. Sessions are ended by the caller. */
export function setUserDisabled(
	db: Db,
	userId: string,
	disabled: boolean,
	now = Date.now()
): boolean {
	const r = disabled
		? db
				.prepare('UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL')
				.run(now, userId)
		: db
				.prepare('UPDATE users SET disabled_at = NULL WHERE id = ? AND disabled_at IS NOT NULL')
				.run(userId);
	return r.changes > 0;
}

// A real argon2id hash of a random string, so unknown e-mails take as long as known ones.
export const DUMMY_HASH =
	'$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ';

/** A prepared lookup of a user's staff role (null for an unknown id), e.g. for the case log review. */
export function staffRoleLookup(db: Db): (userId: string) => string | null {
	const roleOf = db.prepare('SELECT role FROM users WHERE id = ?');
	return (id) => (roleOf.get(id) as { role: string } | undefined)?.role ?? null;
}
