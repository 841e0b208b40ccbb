/**
 * Organisations and accounts. Passwords are hashed with argon2id (@node-rs/argon2); logins are
 * throttled per account-and-address and per address (login-throttle.ts).
 */
import { hash, verify } from '@node-rs/argon2';
import type { Sql } from './sql.js';
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
export async function ensureOrganisation(
	sql: Sql,
	name: string,
	caseloadLimit = 15
): Promise<string> {
	const found = await sql.get<{ id: string }>('SELECT id FROM organisations WHERE name = ?', name);
	if (found) return found.id;
	// Another request may create it meanwhile: the name is unique, the first row wins.
	await sql.run(
		`INSERT INTO organisations (id, name, caseload_limit, created_at) VALUES (?, ?, ?, ?)
		 ON CONFLICT (name) DO NOTHING`,
		crypto.randomUUID(),
		name,
		caseloadLimit,
		Date.now()
	);
	const row = await sql.get<{ id: string }>('SELECT id FROM organisations WHERE name = ?', name);
	if (!row) throw new Error(`organisation ${name} not stored`);
	return row.id;
}

export interface NewUser {
	orgId: string;
	email: string;
	name: string;
	role: StaffRole;
	password: string;
}

/** Creates an account; the caller checks the e-mail is free (`findUserIdByEmail`). */
export async function createUser(sql: Sql, u: NewUser): Promise<string> {
	const role = StaffRole.parse(u.role);
	if (u.password.length < 8) throw new Error(m.api_password_too_short());
	const id = crypto.randomUUID();
	const passwordHash = await hash(u.password, ARGON);
	// The colour follows the count of accounts so far: count and insert in one transaction.
	await sql.tx(async (t) => {
		const count = await t.get<{ n: number }>('SELECT count(*) AS n FROM users');
		await t.run(
			`INSERT INTO users (id, org_id, email, name, role, color, password_hash, created_at)
			 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			id,
			u.orgId,
			u.email.trim().toLowerCase(),
			u.name,
			role,
			PALETTE[Number(count?.n ?? 0) % PALETTE.length],
			passwordHash,
			Date.now()
		);
	});
	return id;
}

/** The id of the account with that e-mail, if any. */
export async function findUserIdByEmail(sql: Sql, email: string): Promise<string | null> {
	// Any case: SQLite's column is NOCASE, PostgreSQL's unique index is on lower(email).
	const row = await sql.get<{ id: string }>(
		'SELECT id FROM users WHERE lower(email) = lower(?)',
		email.trim()
	);
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
	sql: Sql,
	email: string,
	password: string,
	address = 'unknown',
	now = Date.now()
): Promise<LoginResult> {
	const key = email.trim().toLowerCase();
	const attempt = await beginAttempt(sql, key, address, now);
	if (!attempt.ok) {
		const { retryAfterMs, firstRefusal } = attempt;
		return { ok: false, code: 'throttled', retryAfterMs, firstRefusal };
	}
	const row = await sql.get<{ id: string; role: string; password_hash: string }>(
		'SELECT id, role, password_hash FROM users WHERE lower(email) = ? AND disabled_at IS NULL',
		key
	);
	const valid = row
		? await verify(row.password_hash, password)
		: (await verify(DUMMY_HASH, password), false);
	if (!row || !valid) return { ok: false, code: 'bad-credentials', failures: attempt.failures };
	await attemptSucceeded(sql, attempt.keys);
	return { ok: true, userId: row.id, role: row.role };
}

/** [AU7] Sets a new password (admin CLI); the caller ends the user's sessions. */
export async function setPassword(sql: Sql, userId: string, password: string): Promise<void> {
	if (password.length < 8) throw new Error(m.api_password_too_short());
	const passwordHash = await hash(password, ARGON);
	await sql.run('UPDATE users SET password_hash = ? WHERE id = ?', passwordHash, userId);
}

/** [AU7] Disables or re-enables an account; true when it changed. Sessions are ended by the caller. */
export async function setUserDisabled(
	sql: Sql,
	userId: string,
	disabled: boolean,
	now = Date.now()
): Promise<boolean> {
	const changed = disabled
		? await sql.run(
				'UPDATE users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL',
				now,
				userId
			)
		: await sql.run(
				'UPDATE users SET disabled_at = NULL WHERE id = ? AND disabled_at IS NOT NULL',
				userId
			);
	return changed > 0;
}

// A real argon2id hash of a random string, so unknown e-mails take as long as known ones.
export const DUMMY_HASH =
	'$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$9sTbSlTio3Biev89thdrlKKiCaYsjjYVJxGAL3swxpQ';

/** A user's staff role (null for an unknown id), e.g. for the case log review. */
export async function staffRoleOf(sql: Sql, userId: string): Promise<string | null> {
	return (
		(await sql.get<{ role: string }>('SELECT role FROM users WHERE id = ?', userId))?.role ?? null
	);
}
