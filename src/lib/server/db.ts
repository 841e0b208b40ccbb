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

/**
 * [SH3] The data directory 0700 and the database files 0600, whatever the umask: they hold case
 * files of families. SQLite creates a new file 0644 minus the umask and gives `-wal` and `-shm`
 * the mode of the database file, so the file is made (or corrected) first.
 */
function restrictFiles(file: string): void {
	const dir = path.dirname(file);
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
	fs.chmodSync(dir, 0o700);
	fs.closeSync(fs.openSync(file, 'a', 0o600));
	for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`])
		if (fs.existsSync(f)) fs.chmodSync(f, 0o600);
}

/** Compiled statements kept per connection; past this many texts the cache starts afresh. */
const MAX_CACHED_STATEMENTS = 1000;

/**
 * Call sites prepare their SQL inline, and better-sqlite3 compiles it anew on every `prepare`
 * (a tenth of a millisecond and more, on every upgrade, session check and audit row). The texts
 * are a small fixed set, so the connection keeps each compiled statement and hands it out again.
 * Safe because no call site changes a statement's mode (`pluck`, `raw`, `expand`) and the one
 * `iterate` (history.ts) never re-enters its own query.
 */
function cacheStatements(db: Db): void {
	const prepare = db.prepare.bind(db);
	const cache = new Map<string, Database.Statement>();
	db.prepare = ((sql: string) => {
		let statement = cache.get(sql);
		if (!statement) {
			if (cache.size >= MAX_CACHED_STATEMENTS) cache.clear();
			statement = prepare(sql);
			cache.set(sql, statement);
		}
		return statement;
	}) as Db['prepare'];
}

/** Opens (creating and migrating) the database file. */
export function openDatabase(file: string): Db {
	if (file !== ':memory:') restrictFiles(file);
	const db = new Database(file);
	cacheStatements(db);
	db.pragma('journal_mode = WAL');
	// NORMAL in WAL mode: a committed transaction survives a crash of this process (kill -9);
	// SQLITE_SYNCHRONOUS=FULL also makes it survive a power cut, at an fsync per commit.
	db.pragma(`synchronous = ${process.env.SQLITE_SYNCHRONOUS === 'FULL' ? 'FULL' : 'NORMAL'}`);
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	migrate(db);
	// The WAL and its index exist now; they must not be readable by others either.
	if (file !== ':memory:') restrictFiles(file);
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
