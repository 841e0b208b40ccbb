/**
 * [DA13] The data layer a test runs on: SQLite in a temp folder (project `unit`), or PostgreSQL
 * (project `data-pg`, TEST_ENGINE=postgres) — one throw-away cluster per test file, a fresh
 * schema per `openTestData()`. A suite written against `TestData` is the data layer's contract
 * for both engines. Imported by tests only.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { openDatabase, type Db } from './db';
import { SqliteSql, type Sql } from './sql';
import { SqliteAccountStore, type AccountStore } from './account-store';
import { COMMENTABLE, Compartment, commentsDocName, familyDocName } from '../domain/compartments';
import { startTestPostgres, type TestPostgres } from '../../../tests/contract/pg-cluster';
import { openPgPool } from '../../../server/store/pg-pool';
import { PgSql } from '../../../server/store/pg-sql';
import { PgAccountStore } from '../../../server/store/pg-accounts';

export type TestEngine = 'sqlite' | 'postgres';
export const testEngine: TestEngine =
	process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

export interface TestData {
	engine: TestEngine;
	sql: Sql;
	/** Organisations, staff, sessions, grants and audit on the same database. */
	accounts: AccountStore;
	/** SQLite only: the connection itself, for what is not on `Sql` yet. */
	db?: Db;
	close(): Promise<void>;
}

let cluster: Promise<TestPostgres> | undefined;
if (testEngine === 'postgres')
	afterAll(async () => {
		if (cluster) await (await cluster).stop();
	});

async function filePostgres(): Promise<TestPostgres> {
	cluster ??= startTestPostgres('data').then((pg) => {
		// No silent skip: the data-pg project exists to run these suites on PostgreSQL.
		if ('unavailable' in pg) throw new Error(`PostgreSQL: ${pg.unavailable}`);
		return pg;
	});
	return cluster;
}

/** A fresh, migrated database of the engine this run tests. */
export async function openTestData(prefix = 'asysta-data-'): Promise<TestData> {
	if (testEngine === 'postgres') {
		const url = await (await filePostgres()).schema();
		const pool = await openPgPool({ connectionString: url, max: 4 });
		const accounts = await PgAccountStore.open({ connectionString: url, max: 2 });
		return {
			engine: 'postgres',
			sql: new PgSql(pool),
			accounts,
			close: async () => {
				await accounts.close();
				await pool.end();
			}
		};
	}
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
	const db = openDatabase(path.join(dir, 'test.sqlite'));
	return {
		engine: 'sqlite',
		sql: new SqliteSql(db),
		accounts: new SqliteAccountStore(db),
		db,
		close: async () => {
			db.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * A family row with every compartment's document, written directly: for suites about something
 * else than creating families (families.ts does it with its grant and audit).
 */
export async function addTestFamily(
	sql: Sql,
	orgId: string,
	f: { name?: string; assistantId?: string | null } = {}
): Promise<string> {
	const id = crypto.randomUUID();
	const now = Date.now();
	await sql.tx(async (t) => {
		await t.run(
			'INSERT INTO families (id, org_id, name, assistant_id, created_at) VALUES (?, ?, ?, ?, ?)',
			id,
			orgId,
			f.name ?? `Rodzina ${id.slice(0, 8)}`,
			f.assistantId ?? null,
			now
		);
		const docs: [string, Compartment, string][] = [
			...Compartment.options.map(
				(c) => [familyDocName(id, c), c, 'family'] as [string, Compartment, string]
			),
			...COMMENTABLE.map(
				(c) => [commentsDocName(id, c), c, 'comments'] as [string, Compartment, string]
			)
		];
		for (const [name, c, kind] of docs)
			await t.run(
				'INSERT INTO documents (name, family_id, compartment, kind, created_at) VALUES (?, ?, ?, ?, ?)',
				name,
				id,
				c,
				kind,
				now
			);
	});
	return id;
}
