/**
 * [DA13] The relational data layer's contract (src/lib/server/sql.ts): the same statements give
 * the same answers on SQLite and PostgreSQL, and a transaction is all or nothing while other
 * work goes on beside it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/sql.js';

export interface SqlHarness {
	sql: Sql;
	teardown(): Promise<void>;
}

const TABLE = `CREATE TABLE probe (
	id TEXT PRIMARY KEY,
	n INTEGER NOT NULL,
	at BIGINT,
	note TEXT,
	bytes BYTEA
)`;

export function runSqlContract(engine: string, open: () => Promise<SqlHarness>): void {
	describe(`Sql contract (${engine})`, () => {
		let h: SqlHarness;
		let sql: Sql;
		beforeEach(async () => {
			h = await open();
			sql = h.sql;
			// BYTEA and BIGINT: SQLite takes any type name (BLOB and INTEGER affinity).
			await sql.run(TABLE);
		});
		afterEach(() => h.teardown());

		it('[DA13] `?` placeholders, quoted aliases, numbers, nulls and bytes read back alike', async () => {
			const at = 1_765_000_000_123;
			const changed = await sql.run(
				'INSERT INTO probe (id, n, at, note, bytes) VALUES (?, ?, ?, ?, ?)',
				'a',
				7,
				at,
				"it's ? here",
				new Uint8Array([1, 2, 255])
			);
			expect(changed).toBe(1);
			const row = await sql.get<{
				id: string;
				n: number;
				at: number;
				note: string;
				bytes: Uint8Array;
			}>('SELECT id, n, at, note, bytes FROM probe WHERE id = ?', 'a');
			expect(row).toMatchObject({ id: 'a', n: 7, at, note: "it's ? here" });
			expect([...row!.bytes]).toEqual([1, 2, 255]);
			const counted = await sql.get<{ total: number; sum: number; familyId: string }>(
				`SELECT COUNT(*) AS total, SUM(n) AS sum, 'x' AS "familyId" FROM probe WHERE note != '?'`
			);
			expect(counted).toEqual({ total: 1, sum: 7, familyId: 'x' });
			expect(await sql.get('SELECT id FROM probe WHERE id = ?', 'none')).toBeUndefined();
			expect(await sql.all('SELECT id FROM probe WHERE note IS NULL')).toEqual([]);
		});

		it('[DA13] ON CONFLICT DO NOTHING and RETURNING count and answer alike', async () => {
			const insert = 'INSERT INTO probe (id, n) VALUES (?, ?) ON CONFLICT (id) DO NOTHING';
			expect(await sql.run(insert, 'a', 1)).toBe(1);
			expect(await sql.run(insert, 'a', 2)).toBe(0);
			const back = await sql.all<{ id: string; n: number }>(
				'UPDATE probe SET n = n + 1 WHERE id = ? RETURNING id, n',
				'a'
			);
			expect(back).toEqual([{ id: 'a', n: 2 }]);
		});

		it('[DA13] a transaction that throws leaves nothing, one that resolves keeps all', async () => {
			await expect(
				sql.tx(async (t) => {
					await t.run('INSERT INTO probe (id, n) VALUES (?, ?)', 'gone', 1);
					throw new Error('odmowa');
				})
			).rejects.toThrow('odmowa');
			expect(await sql.all('SELECT id FROM probe')).toEqual([]);
			const result = await sql.tx(async (t) => {
				await t.run('INSERT INTO probe (id, n) VALUES (?, ?)', 'kept', 1);
				// A failed inner part rolls back to its savepoint only.
				await t
					.tx(async (inner) => {
						await inner.run('INSERT INTO probe (id, n) VALUES (?, ?)', 'inner', 1);
						throw new Error('część');
					})
					.catch(() => undefined);
				return 'ok';
			});
			expect(result).toBe('ok');
			expect(await sql.all('SELECT id FROM probe ORDER BY id')).toEqual([{ id: 'kept' }]);
		});

		it('[DA13] work beside an open transaction neither joins it nor sees it, and vanishes not with its rollback', async () => {
			let inside!: () => void;
			const paused = new Promise<void>((r) => (inside = r));
			let resume!: () => void;
			const held = new Promise<void>((r) => (resume = r));
			const failing = sql.tx(async (t) => {
				await t.run('INSERT INTO probe (id, n) VALUES (?, ?)', 'in-tx', 1);
				inside();
				await held;
				throw new Error('wycofaj');
			});
			await paused;
			// Another request's statement, started while the transaction is open.
			const beside = sql.run('INSERT INTO probe (id, n) VALUES (?, ?)', 'beside', 2);
			resume();
			await expect(failing).rejects.toThrow('wycofaj');
			await beside;
			expect(await sql.all('SELECT id FROM probe ORDER BY id')).toEqual([{ id: 'beside' }]);
		});

		it('[DA13] the process-wide executor reached inside a transaction joins it (no wait on itself)', async () => {
			await sql.tx(async () => {
				// `sql`, not the transaction's executor: it must run inside, not wait for the end.
				await sql.run('INSERT INTO probe (id, n) VALUES (?, ?)', 'joined', 1);
				expect(await sql.get('SELECT id FROM probe WHERE id = ?', 'joined')).toEqual({
					id: 'joined'
				});
			});
			await expect(
				sql.tx(async () => {
					await sql.run('INSERT INTO probe (id, n) VALUES (?, ?)', 'rolled', 1);
					throw new Error('wycofaj');
				})
			).rejects.toThrow('wycofaj');
			expect(await sql.all('SELECT id FROM probe ORDER BY id')).toEqual([{ id: 'joined' }]);
		});

		it('[DA13] a broken statement rejects with the engine error and the executor keeps serving', async () => {
			await expect(sql.run('INSERT INTO probe (id) VALUES (?)', 'no-n')).rejects.toThrow();
			await expect(sql.tx((t) => t.run('INSERT INTO nowhere VALUES (1)'))).rejects.toThrow();
			expect(await sql.run('INSERT INTO probe (id, n) VALUES (?, ?)', 'after', 1)).toBe(1);
		});
	});
}
