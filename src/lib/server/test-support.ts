/**
 * Fixtures the server tests share, so each test file keeps only what is its own: a throwaway
 * database and the staff a test acts as. Imported by tests only; nothing in the app reaches it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from './db';
import { createUser } from './users';
import { sqliteSqlOf, type Sql } from './sql';

/** A test's database: a SQLite connection, or `Sql` of either engine (openTestData). */
export type TestDb = Db | Sql;

const sqlOf = (d: TestDb): Sql => ('prepare' in d ? sqliteSqlOf(d) : d);

/**
 * Opens a fresh SQLite file in its own temp folder and hands it to `use`; returns what shuts it and
 * removes the folder, so `beforeEach(() => openTempDatabase(prefix, (d) => (db = d)))` is the
 * whole setup and teardown.
 */
export function openTempDatabase(prefix: string, use: (db: Db) => void): () => void {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	const db = openDatabase(path.join(dir, 'test.sqlite'));
	use(db);
	return () => {
		db.close();
		fs.rmSync(dir, { recursive: true, force: true });
	};
}

/** A staff role as the user store takes it. */
export type StaffRole = Parameters<typeof createUser>[1]['role'];

/** Adds staff of one organisation by e-mail and role; the name is the e-mail unless given. */
export const staffOf =
	(db: TestDb, orgId: string, password = 'haslo-testowe') =>
	(email: string, role: StaffRole, name = email) =>
		createUser(sqlOf(db), { orgId, email, name, role, password });

/** Like `staffOf`, but yields the acting user as the server functions take it: id, org and role. */
export const actorsOf =
	(db: TestDb, orgId: string) =>
	async <R extends StaffRole>(email: string, role: R) => ({
		id: await createUser(sqlOf(db), { orgId, email, name: email, role, password: 'haslo-123' }),
		orgId,
		role
	});

/** Anna the assistant and Kasia the kurator, with the passwords the sign-in tests type. */
export async function addAnnaAndKasia(db: TestDb, orgId: string, annaEmail = 'anna@x.pl') {
	const anna = await staffOf(db, orgId, 'haslo-anny')(annaEmail, 'asystent', 'Anna');
	const kasia = await staffOf(db, orgId, 'haslo-kasi')('kasia@x.pl', 'kurator', 'Kasia');
	return { anna, kasia };
}

/** An in-memory database with one organisation (OPS Test) and its caseload limit, for one test. */
export function memoryOrganisation(caseloadLimit: number): { db: Db; org: string } {
	const db = openDatabase(':memory:');
	// Written directly, so the suites that hold a connection set up without awaiting.
	const org = crypto.randomUUID();
	db.prepare(
		'INSERT INTO organisations (id, name, caseload_limit, created_at) VALUES (?, ?, ?, ?)'
	).run(org, 'OPS Test', caseloadLimit, Date.now());
	return { db, org };
}
