import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase, type Db } from '../../src/lib/server/db.js';
import { stateAsOf } from '../../src/lib/server/history.js';
import { sqliteUpdateLog } from '../../src/lib/server/update-log.js';
import { addAction, addGoal, readPlan, setActionStatus } from '../../src/lib/sync/plan-doc.js';
import { SqliteDocStore } from '../../server/store/sqlite.js';
import type { UpdateRow } from '../../server/store/doc-store.js';

const dirs: string[] = [];
afterEach(() => {
	for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A real SQLite database with the sync store's tables, in a temp dir. */
function database(): Db {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-hist-'));
	dirs.push(dir);
	const db = openDatabase(path.join(dir, 'a.sqlite'));
	new SqliteDocStore(db);
	return db;
}

/** Thirty plan edits, one row a minute, as the room would store them. */
function planLog(docName: string): { rows: UpdateRow[]; states: Uint8Array[] } {
	const doc = new Y.Doc();
	const rows: UpdateRow[] = [];
	const states: Uint8Array[] = [];
	doc.on('update', (bytes: Uint8Array) => {
		rows.push({
			docName,
			seq: rows.length + 1,
			createdAt: 60_000 * (rows.length + 1),
			userId: 'u',
			sessionId: 's',
			clientIds: [doc.clientID],
			bytes
		});
		states.push(Y.encodeStateAsUpdate(doc));
	});
	const g = addGoal(doc, { kind: 'glowny', title: 'Cel' });
	for (let i = 0; rows.length < 30; i++) {
		const a = addAction(doc, g, { description: `Działanie ${i}` });
		setActionStatus(doc, a, i % 2 ? 'w_trakcie' : 'zrealizowane', '2026-03-01');
	}
	return { rows: rows.slice(0, 30), states };
}

describe('[HI4] the state as of a moment from the stored log', () => {
	it('[HI4] replaying from a checkpoint inside the prefix gives the same document and version as from the start', async () => {
		const name = 'plan-doc';
		const { rows, states } = planLog(name);
		const plain = database();
		const withCheckpoints = database();
		await new SqliteDocStore(plain).commit({ updates: rows, checkpoints: [] });
		await new SqliteDocStore(withCheckpoints).commit({
			updates: rows,
			checkpoints: [10, 20].map((n) => ({
				docName: name,
				epoch: 1,
				uptoSeq: n,
				createdAt: 60_000 * n + 5,
				state: states[n - 1]
			}))
		});
		for (const at of [0, 60_000 * 5 + 30_000, 60_000 * 10, 60_000 * 15, 60_000 * 20, 10 ** 9]) {
			const a = await stateAsOf(sqliteUpdateLog(plain), name, at);
			const b = await stateAsOf(sqliteUpdateLog(withCheckpoints), name, at);
			const docA = new Y.Doc();
			const docB = new Y.Doc();
			Y.applyUpdate(docA, a.state);
			Y.applyUpdate(docB, b.state);
			expect(readPlan(docB)).toEqual(readPlan(docA));
			expect([b.seq, b.versionHash]).toEqual([a.seq, a.versionHash]);
		}
		expect((await stateAsOf(sqliteUpdateLog(plain), name, 60_000 * 5 + 30_000)).seq).toBe(5);
		expect((await stateAsOf(sqliteUpdateLog(plain), name, 0)).seq).toBe(0);
	});
});
