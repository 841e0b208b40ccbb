/**
 * The SQLite database: one file under DATA_DIR holding accounts, sessions, grants, the audit log
 * and the document store. This module is plain Node (relative imports only, no `$app`/`$env`),
 * because both SvelteKit's server code and the sync server in server/ use it: the session and
 * access rules then exist once. Both copies of the module share one connection through a global
 * slot, since SvelteKit bundles its own copy of this file.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrate } from './migrations.js';

export type Db = Database.Database;

const SLOT = Symbol.for('asysta.db');
type Slot = { [SLOT]?: Db };

/** Opens (creating and migrating) the database file. */
export function openDatabase(file: string): Db {
	if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	// NORMAL in WAL mode: a committed transaction survives a crash of this process (kill -9);
	// SQLITE_SYNCHRONOUS=FULL also makes it survive a power cut, at an fsync per commit.
	db.pragma(`synchronous = ${process.env.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL'}`);
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	migrate(db);
	return db;
}

/** Default database file for a data directory. */
export function databaseFile(dataDir: string): string {
	return path.join(dataDir, 'asysta.sqlite');
}

/** Makes `db` the process-wide database returned by `getDb`. */
export function setDb(db: Db): void {
	(globalThis as Slot)[SLOT] = db;
}

/** The process-wide database; opened from DATA_DIR (default ./data) on first use. */
export function getDb(): Db {
	const slot = globalThis as Slot;
	slot[SLOT] ??= openDatabase(databaseFile(process.env.DATA_DIR ?? './data'));
	return slot[SLOT];
}
