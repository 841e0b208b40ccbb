/**
 * Organisations and user accounts of the PostgreSQL account store (pg-accounts.ts): the same rows
 * and rules as SQLite's users.ts (lower-case e-mails, the colour by count, argon2 hashes).
 */
import { hash } from '@node-rs/argon2';
import type pg from 'pg';
import { checkHash, type StoredUser } from '../../src/lib/server/account-store.js';
import { ARGON, PALETTE, type NewUser } from '../../src/lib/server/users.js';
import { StaffRole } from '../../src/lib/domain/roles.js';
import { m } from '../../src/lib/paraglide/messages.js';

/** A user's row as the account queries read it. */
export type UserRow = {
	id: string;
	org_id: string;
	email: string;
	name: string;
	role: StaffRole;
	color: string;
	disabled_at: number | null;
};

/** AccountStore.ensureOrganisation (account-store.ts) on PostgreSQL. */
export async function ensureOrganisation(
	pool: pg.Pool,
	name: string,
	caseloadLimit = 15
): Promise<string> {
	const id = crypto.randomUUID();
	await pool.query(
		`INSERT INTO organisations (id, name, caseload_limit, created_at) VALUES ($1, $2, $3, $4)
		 ON CONFLICT (name) DO NOTHING`,
		[id, name, caseloadLimit, Date.now()]
	);
	const { rows } = await pool.query<{ id: string }>(
		'SELECT id FROM organisations WHERE name = $1',
		[name]
	);
	return rows[0].id;
}

/** AccountStore.createUser (account-store.ts) on PostgreSQL. */
export async function createUser(pool: pg.Pool, u: NewUser): Promise<string> {
	const role = StaffRole.parse(u.role);
	if (u.password.length < 8) throw new Error(m.api_password_too_short());
	const id = crypto.randomUUID();
	const passwordHash = await hash(u.password, ARGON);
	// The colour is the count of accounts so far, as SQLite's; count and insert in one step.
	await pool.query(
		`INSERT INTO users (id, org_id, email, name, role, color, password_hash, created_at)
		 SELECT $1, $2, $3, $4, $5, ($6::text[])[(1 + count(*) % $7::int)::int], $8, $9 FROM users`,
		[
			id,
			u.orgId,
			u.email.trim().toLowerCase(),
			u.name,
			role,
			PALETTE,
			PALETTE.length,
			passwordHash,
			Date.now()
		]
	);
	return id;
}

/** AccountStore.findUserIdByEmail (account-store.ts) on PostgreSQL. */
export async function findUserIdByEmail(pool: pg.Pool, email: string): Promise<string | null> {
	const { rows } = await pool.query<{ id: string }>(
		'SELECT id FROM users WHERE lower(email) = lower($1)',
		[email.trim()]
	);
	return rows[0]?.id ?? null;
}

/** AccountStore.userById (account-store.ts) on PostgreSQL. */
export async function userById(pool: pg.Pool, id: string): Promise<StoredUser | null> {
	const { rows } = await pool.query<UserRow>(
		'SELECT id, org_id, email, name, role, color, disabled_at FROM users WHERE id = $1',
		[id]
	);
	const r = rows[0];
	return r
		? {
				id: r.id,
				orgId: r.org_id,
				email: r.email,
				name: r.name,
				role: r.role,
				color: r.color,
				disabled: r.disabled_at !== null
			}
		: null;
}

/** AccountStore.verifyPassword (account-store.ts) on PostgreSQL. */
export async function verifyPassword(
	pool: pg.Pool,
	email: string,
	password: string
): Promise<string | null> {
	const { rows } = await pool.query<{ id: string; password_hash: string }>(
		'SELECT id, password_hash FROM users WHERE lower(email) = $1 AND disabled_at IS NULL',
		[email.trim().toLowerCase()]
	);
	return checkHash(rows[0], password);
}

/** AccountStore.setPassword (account-store.ts) on PostgreSQL. */
export async function setPassword(pool: pg.Pool, userId: string, password: string): Promise<void> {
	if (password.length < 8) throw new Error(m.api_password_too_short());
	await pool.query('UPDATE users SET password_hash = $1 WHERE id = $2', [
		await hash(password, ARGON),
		userId
	]);
}

/** AccountStore.setUserDisabled (account-store.ts) on PostgreSQL. */
export async function setUserDisabled(
	pool: pg.Pool,
	userId: string,
	disabled: boolean,
	now = Date.now()
): Promise<boolean> {
	const r = disabled
		? await pool.query('UPDATE users SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL', [
				now,
				userId
			])
		: await pool.query(
				'UPDATE users SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL',
				[userId]
			);
	return (r.rowCount ?? 0) > 0;
}
