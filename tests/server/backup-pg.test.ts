/**
 * [DS14] Backup and restore with DATABASE_URL: documents in PostgreSQL, accounts and access still
 * in DATA_DIR's SQLite. While a real y-websocket client edits, `pg_dump -Fc` (the README's way)
 * copies the documents and `backupSqlite` (`admin backup`) the SQLite file; both are restored into
 * a fresh database of the throw-away cluster (`pg_restore`) and a fresh DATA_DIR, and a server
 * started on them holds every edit acknowledged before the backups began; the device with the later
 * edits pushes them (same epoch, no close) and everyone converges.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import * as Y from 'yjs';
import { afterEach, expect, it } from 'vitest';
import { createAsystaServer } from '../../server/app.js';
import { backupSqlite } from '../../server/store/backup.js';
import { PgDocStore } from '../../server/store/pg.js';
import { ensureSqliteDocSchema } from '../../server/store/sqlite.js';
import { pgSuite } from '../contract/pg-cluster.js';
import { connectClient, covered, seedFamily, sessionCookie, waitFor } from './helpers.js';

const run = promisify(execFile);
const SYNC = { unloadGraceMs: 100, persistIntervalMs: 20, persistedAckMs: 0 };

/** A server as main.ts starts it with DATABASE_URL: the PostgreSQL store beside SQLite. */
async function startOn(dataDir: string, connectionString: string) {
	const app = await createAsystaServer({
		dataDir,
		port: 0,
		host: '127.0.0.1',
		sync: SYNC,
		log: () => {},
		openStore: (db) => {
			ensureSqliteDocSchema(db);
			return PgDocStore.open({ connectionString });
		}
	});
	return { app, wsUrl: app.url.replace('localhost', '127.0.0.1').replace('http', 'ws') + '/sync' };
}

/** Whether `doc` holds everything the snapshot `ack` says was stored. */
function holds(doc: Y.Doc, ack: Y.Snapshot): boolean {
	const sv = Y.decodeStateVector(Y.encodeStateVector(doc));
	return [...ack.sv].every(([client, clock]) => (sv.get(client) ?? 0) >= clock);
}

/** The URL of another database on the same cluster. */
function databaseUrl(url: string, database: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	u.searchParams.delete('options');
	return u.toString();
}

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
	for (const c of cleanups.splice(0).reverse()) await c();
});

await pgSuite('backup', (pgdb) => {
	it('[DS14] pg_dump during live edits restores into a fresh database with every acknowledged edit; the device pushes the rest', async () => {
		const work = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-pgbackup-'));
		cleanups.push(() => fs.rmSync(work, { recursive: true, force: true }));
		// This file's own database (public schema) is the live one: pg_dump copies a database.
		const liveDir = path.join(work, 'live');
		const live = await startOn(liveDir, pgdb.url);
		let liveOpen = true;
		cleanups.push(() => liveOpen && live.app.close());
		const seed = await seedFamily(live.app.db);
		const headers = { Cookie: sessionCookie(live.app.db, seed.editor).cookie };

		const a = connectClient({ wsUrl: live.wsUrl, docName: seed.docName, headers });
		await waitFor(() => a.provider.synced, 10_000, 'sync');
		const text = a.doc.getText('t');
		let n = 0;
		const typing = setInterval(() => text.insert(text.length, `${n++},`), 2);
		cleanups.push(() => clearInterval(typing));
		await waitFor(() => a.persisted.length >= 3, 10_000, 'first acknowledgements');

		// The last acknowledgement before the backups start: all of it must be in the copies.
		const ack = a.persisted.at(-1) as Y.Snapshot;
		const sqliteCopy = path.join(work, 'asysta.sqlite');
		const dump = path.join(work, 'asysta.dump');
		// pg_dump runs beside the server (a child process): the client keeps editing meanwhile.
		// Then the SQLite copy, as the README orders them.
		await run('pg_dump', ['-Fc', '-f', dump, '-d', pgdb.url]);
		await backupSqlite(live.app.db, sqliteCopy);
		const acksAfter = a.persisted.length;
		expect(fs.statSync(dump).size).toBeGreaterThan(0);

		// More edits after the backup, all stored on the old server; then it goes away.
		await waitFor(() => a.persisted.length >= acksAfter + 2, 10_000, 'later acknowledgements');
		clearInterval(typing);
		const all = Y.encodeStateAsUpdate(a.doc);
		await waitFor(() => covered(a.persisted.at(-1) as Y.Snapshot, all), 10_000, 'all stored');
		a.provider.destroy();
		const typed = text.toString();
		liveOpen = false;
		await live.app.close();

		// Restore: a fresh database from the dump, a fresh DATA_DIR from the SQLite copy.
		const restoredDb = `restored_${process.pid}`;
		const root = new pg.Client({ connectionString: pgdb.url });
		await root.connect();
		await root.query(`CREATE DATABASE ${restoredDb}`);
		await root.end();
		const restoredUrl = databaseUrl(pgdb.url, restoredDb);
		await run('pg_restore', ['--no-owner', '-d', restoredUrl, dump]);
		const restoredDir = path.join(work, 'restored');
		fs.mkdirSync(restoredDir, { mode: 0o700 });
		fs.copyFileSync(sqliteCopy, path.join(restoredDir, 'asysta.sqlite'));
		const restored = await startOn(restoredDir, restoredUrl);
		cleanups.push(() => restored.app.close());

		const b = connectClient({ wsUrl: restored.wsUrl, docName: seed.docName, headers });
		cleanups.push(() => b.destroy());
		await waitFor(() => b.provider.synced, 10_000, 'restored sync');
		expect(holds(b.doc, ack)).toBe(true);
		const early = b.doc.getText('t').toString();
		expect(typed.startsWith(early)).toBe(true);
		expect(early.length).toBeLessThan(typed.length);

		// The device with the later edits reconnects: same epoch, it pushes, both converge.
		const back = connectClient({
			wsUrl: restored.wsUrl,
			docName: seed.docName,
			headers,
			doc: a.doc
		});
		cleanups.push(() => back.destroy());
		await waitFor(() => b.doc.getText('t').toString() === typed, 10_000, 'convergence');
		await waitFor(
			() => back.persisted.some((snap) => covered(snap, all)),
			10_000,
			'restored server stored the pushed edits'
		);
		expect([...a.closes, ...back.closes, ...b.closes].map((c) => c.code)).toEqual([]);
	});
});
