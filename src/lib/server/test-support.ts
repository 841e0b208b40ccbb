/**
 * Fixtures the server tests share, so each test file keeps only what is its own: a throwaway
 * database and the staff a test acts as. Imported by tests only; nothing in the app reaches it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from './db';
import { createUser, ensureOrganisation } from './users';

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
	(db: Db, orgId: string, password = 'haslo-testowe') =>
	(email: string, role: StaffRole, name = email) =>
		createUser(db, { orgId, email, name, role, password });

/** Like `staffOf`, but yields the acting user as the server functions take it: id, org and role. */
export const actorsOf =
	(db: Db, orgId: string) =>
	async <R extends StaffRole>(email: string, role: R) => ({
		id: await createUser(db, { orgId, email, name: email, role, password: 'haslo-123' }),
		orgId,
		role
	});

/** Anna the assistant and Kasia the kurator, with the passwords the sign-in tests type. */
export async function addAnnaAndKasia(db: Db, orgId: string, annaEmail = 'anna@x.pl') {
	const anna = await staffOf(db, orgId, 'haslo-anny')(annaEmail, 'asystent', 'Anna');
	const kasia = await staffOf(db, orgId, 'haslo-kasi')('kasia@x.pl', 'kurator', 'Kasia');
	return { anna, kasia };
}

/** An in-memory database with one organisation (OPS Test) and its caseload limit, for one test. */
export function memoryOrganisation(caseloadLimit: number): { db: Db; org: string } {
	const db = openDatabase(':memory:');
	return { db, org: ensureOrganisation(db, 'OPS Test', caseloadLimit) };
}
