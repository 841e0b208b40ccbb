/**
 * Moves SQLite's WAL checkpoints off the event loop. better-sqlite3 is synchronous, and an
 * automatic checkpoint (every ~1000 WAL pages) copies pages into the database file and fsyncs it
 * inside whichever commit crosses the threshold: a 5–20 ms stall of every room, every few
 * seconds under load. Here a worker thread with its own connection runs PASSIVE checkpoints,
 * which never block writers, between persist ticks; the main connection checkpoints only as a
 * backstop. Durability is unchanged: a commit is durable once it is in the WAL.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from '../../src/lib/server/db.js';

// CommonJS, evaluated in the worker: resolves better-sqlite3 by absolute path, so it runs the
// same from TypeScript sources (vitest) and from build-server/.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
const run = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(run, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); run(); db.close(); parentPort.postMessage('closed'); });
`;

/** A running background checkpointer; `stop` finishes with one last checkpoint. */
export interface WalCheckpointer {
	stop(): Promise<void>;
}

/** Disables automatic checkpoints on `db` and checkpoints its file from a worker instead. */
export function startWalCheckpointer(db: Db, intervalMs = 1000): WalCheckpointer | null {
	if (db.memory) return null;
	// Backstop only: the worker normally keeps up between persist ticks, so the WAL restarts
	// small; a long unbroken write burst still cannot grow it past ~40 MB.
	db.pragma('wal_autocheckpoint = 10000');
	const driver = createRequire(import.meta.url).resolve('better-sqlite3');
	const worker = new Worker(WORKER, {
		eval: true,
		workerData: { driver, file: db.name, intervalMs }
	});
	worker.unref();
	return {
		stop: () =>
			new Promise<void>((resolve) => {
				worker.once('message', () => void worker.terminate().then(() => resolve()));
				worker.once('error', () => resolve());
				worker.once('exit', () => resolve());
				worker.postMessage('stop');
			})
	};
}
