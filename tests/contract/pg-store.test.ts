/**
 * The DocStore contract on PostgreSQL, and what only PostgreSQL has: several nodes (stores with
 * their own pools) on one database, where compaction is serialized by an advisory lock [DS11].
 */
import pg from 'pg';
import { expect, it } from 'vitest';
import type { Fold, UpdateRow } from '../../server/store/doc-store.js';
import { PG_MIGRATIONS } from '../../server/store/migrations.js';
import { PgDocStore } from '../../server/store/pg.js';
import { LOCK_CLASS } from '../../server/store/pg-pool.js';
import { runDocStoreContract } from './doc-store.contract.js';
import { runUpdateLogContract } from './update-log.contract.js';
import { pgSuite } from './pg-cluster.js';

function row(seq: number): UpdateRow {
	const bytes = Uint8Array.from([seq]);
	return { docName: 'a', seq, createdAt: seq, userId: 'u', sessionId: 's', clientIds: [1], bytes };
}

/** Resolves once some session of `url`'s database waits for an advisory lock. */
async function lockWaiter(url: string, stop: () => boolean = () => false): Promise<boolean> {
	const c = new pg.Client({ connectionString: url });
	await c.connect();
	try {
		for (;;) {
			const { rows } = await c.query(
				`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
				 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
			);
			if (rows.length > 0) return true;
			if (stop()) return false;
			await new Promise((r) => setTimeout(r, 5));
		}
	} finally {
		await c.end();
	}
}

// Each test gets a fresh schema in this file's own database (pg-cluster.ts).
await pgSuite('store', (db) => {
	const pgStore = async () => {
		const url = await db.schema();
		let store = await PgDocStore.open({ connectionString: url });
		const reopen = async () => {
			await store.close();
			return (store = await PgDocStore.open({ connectionString: url }));
		};
		return { store, reopen, teardown: () => store.close() };
	};
	runDocStoreContract('postgres', pgStore);
	runUpdateLogContract('postgres', pgStore);

	it('[DS11] two nodes compacting one document: the second waits for the lock, then finds nothing left', async () => {
		const url = await db.schema();
		const [a, b] = [
			await PgDocStore.open({ connectionString: url }),
			await PgDocStore.open({ connectionString: url })
		];
		await a.commit({ updates: [1, 2, 3].map(row), checkpoints: [] });
		const folds: string[] = [];
		let bFolding = false;
		const fold =
			(node: string, whileFolding?: () => Promise<unknown>): Fold =>
			async (base, rows) => {
				folds.push(`${node}:${rows.map((r) => r.seq).join(',')}`);
				await whileFolding?.();
				return Uint8Array.from(rows.map((r) => r.bytes[0]));
			};
		let second: Promise<unknown> = Promise.resolve();
		const first = a.compact(
			'a',
			fold('A', async () => {
				second = b.compact(
					'a',
					fold('B', async () => (bFolding = true)),
					{ epoch: 1, now: 2 }
				);
				// Either B queues on the lock (as it must) or, without one, reaches its own fold.
				await lockWaiter(url, () => bFolding);
			}),
			{ epoch: 1, now: 1 }
		);
		expect(await first).toEqual({ uptoSeq: 3, folded: 3, deleted: 3 });
		expect(await second).toBeNull();
		expect(folds).toEqual(['A:1,2,3']);
		await Promise.all([a.close(), b.close()]);
	});

	it('[DS11] appends from another node go on while a compaction holds the lock; it folds what it reads after', async () => {
		const url = await db.schema();
		const node = await PgDocStore.open({ connectionString: url });
		const other = await PgDocStore.open({ connectionString: url });
		await node.commit({ updates: [1, 2, 3].map(row), checkpoints: [] });
		const holder = new pg.Client({ connectionString: url });
		await holder.connect();
		await holder.query('BEGIN');
		await holder.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, 'a']);
		let folded: number[] = [];
		let settled = false;
		const compaction = node
			.compact('a', (_base, rows) => ((folded = rows.map((r) => r.seq)), new Uint8Array([1])), {
				epoch: 1,
				now: 9
			})
			.finally(() => (settled = true));
		// False if the compaction finished without ever waiting for the holder's lock.
		expect(await lockWaiter(url, () => settled)).toBe(true);
		await other.commit({ updates: [4, 5].map(row), checkpoints: [] });
		await holder.query('COMMIT');
		expect(await compaction).toEqual({ uptoSeq: 5, folded: 5, deleted: 5 });
		expect(folded).toEqual([1, 2, 3, 4, 5]);
		expect((await other.load('a')).updates).toEqual([]);
		await holder.end();
		await Promise.all([node.close(), other.close()]);
	});

	it('[DS12] two nodes opening an empty database at once migrate it once', async () => {
		const url = await db.schema();
		const stores = await Promise.all(
			[1, 2, 3].map(() => PgDocStore.open({ connectionString: url }))
		);
		const c = new pg.Client({ connectionString: url });
		await c.connect();
		const { rows } = await c.query('SELECT version FROM doc_store_migrations ORDER BY version');
		await c.end();
		// Every step once: the document store's and the account store's (one list).
		expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
		await Promise.all(stores.map((s) => s.close()));
	});
});
