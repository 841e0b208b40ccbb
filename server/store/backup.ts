/**
 * `admin backup <file>`: a consistent copy of the embedded SQLite database while the server runs,
 * through SQLite's online backup API (better-sqlite3 `db.backup`). All pages are copied in one
 * backup step, which reads inside one read transaction of the WAL: the copy is the database as of
 * one commit, and the server's writers are not blocked meanwhile (stepping in small chunks would
 * restart on every commit of the running server and might never finish).
 *
 * The copy holds case files: it is written 0600 under a temporary name and renamed when complete,
 * so a file at `target` is always a whole backup; an existing `target` is never overwritten.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../src/lib/server/db.js';

/** What `backupSqlite` copied. */
export interface BackupResult {
	file: string;
	bytes: number;
	pages: number;
}

/** Copies `db` into the new file `target`; refuses an existing one. */
export async function backupSqlite(db: Db, target: string): Promise<BackupResult> {
	const file = path.resolve(target);
	if (fs.existsSync(file)) {
		throw new Error(`Plik już istnieje / file exists, not overwritten: ${file}`);
	}
	if (!fs.existsSync(path.dirname(file))) {
		throw new Error(`Nie ma katalogu / no such directory: ${path.dirname(file)}`);
	}
	const partial = `${file}.partial-${process.pid}`;
	fs.closeSync(fs.openSync(partial, 'w', 0o600));
	fs.chmodSync(partial, 0o600);
	try {
		// The first step only measures; the handler then asks for every page in the next one.
		const { totalPages } = await db.backup(partial, { progress: () => 0x7fffffff });
		fs.renameSync(partial, file);
		return { file, bytes: fs.statSync(file).size, pages: totalPages };
	} catch (err) {
		fs.rmSync(partial, { force: true });
		throw err;
	}
}
