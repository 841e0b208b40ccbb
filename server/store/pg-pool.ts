/**
 * The PostgreSQL plumbing the document store (pg.ts) and the account store (pg-accounts.ts) share:
 * one pool per store with every migration applied once across all nodes, transactions that roll
 * back and drop a broken connection, the advisory lock keys, and errors that never quote the
 * password. Times and seqs are bigint in the database and numbers here.
 */
import pg from 'pg';
import { PG_MIGRATIONS } from './migrations.js';

/** First key of every advisory lock this store takes ('ASYS'); the second names what is locked. */
export const LOCK_CLASS = 0x41535953;
/** Second key of the migration lock; compaction locks use `hashtext(doc_name)`. */
const MIGRATION_LOCK = 0;

/**
 * int8 and numeric as JS numbers, as SQLite gives them: seqs, times, client ids, counts and sums
 * all stay below 2^53.
 */
const TYPES = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC
			? (v: string) => Number(v)
			: pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
};

/** The database could not be reached or prepared when the store opened. */
export class StoreUnavailableError extends Error {
	override name = 'StoreUnavailableError';
}

export interface PgStoreOptions {
	connectionString: string;
	/** Pool size (default 10). */
	max?: number;
	/** How long opening a connection may take before it fails (default 10 s). */
	connectionTimeoutMillis?: number;
	log?: (msg: string) => void;
	/**
	 * [CL1] Several nodes share this database: seqs are assigned by the commit itself, and each
	 * commit announces its rows on `channel` (the cluster link's) in the same transaction.
	 */
	cluster?: { nodeId: string; channel: string };
}

/** The message without the URL's password, should a driver or server error ever quote it. */
export function redact(message: string, connectionString: string): string {
	let password: string;
	try {
		password = decodeURIComponent(new URL(connectionString).password);
	} catch {
		return message;
	}
	// A very short password would blot out ordinary letters; database-url.ts never prints it.
	return password.length >= 4 ? message.split(password).join('***') : message;
}

/** Runs `work` in one transaction on one pooled connection; a failed one is rolled back. */
export async function inTransaction<T>(
	pool: pg.Pool,
	work: (c: pg.PoolClient) => Promise<T>
): Promise<T> {
	const client = await pool.connect();
	let broken: Error | undefined;
	// A connection lost between two statements has no query to fail: the client reports it as an
	// 'error' event, which with no listener would end the whole process (the pool listens only to
	// idle clients). The next statement then fails, the work rolls back and the client is dropped.
	const onLost = (err: Error) => (broken = err);
	client.on('error', onLost);
	try {
		await client.query('BEGIN');
		const result = await work(client);
		await client.query('COMMIT');
		return result;
	} catch (err) {
		await client.query('ROLLBACK').catch((e: Error) => (broken = e));
		throw err;
	} finally {
		client.off('error', onLost);
		// A connection that cannot even roll back is dropped, not handed to the next caller.
		client.release(broken);
	}
}

/** Applies the PostgreSQL steps of migrations.ts not yet applied, once across all nodes. */
async function migrate(pool: pg.Pool): Promise<void> {
	await inTransaction(pool, async (c) => {
		await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, MIGRATION_LOCK]);
		await c.query(`CREATE TABLE IF NOT EXISTS doc_store_migrations (
			version integer PRIMARY KEY,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`);
		const { rows } = await c.query<{ v: number | null }>(
			'SELECT max(version) AS v FROM doc_store_migrations'
		);
		for (let v = rows[0].v ?? 0; v < PG_MIGRATIONS.length; v++) {
			await c.query(PG_MIGRATIONS[v]);
			await c.query('INSERT INTO doc_store_migrations (version) VALUES ($1)', [v + 1]);
		}
	});
}

/**
 * A pool on `opts.connectionString` with every step of migrations.ts applied: the document store
 * and the account store (account-store.ts) share one list of migrations and one database.
 * Rejects with StoreUnavailableError (password redacted) when connecting or migrating fails.
 */
export async function openPgPool(opts: PgStoreOptions): Promise<pg.Pool> {
	const pool = new pg.Pool({
		connectionString: opts.connectionString,
		max: opts.max ?? 10,
		connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 10_000,
		types: TYPES
	});
	// An idle connection that breaks (database restart) must not crash the process; the pool
	// replaces it, and a query in flight rejects on its own.
	pool.on('error', (err) => (opts.log ?? console.error)(`PostgreSQL: ${err.message}`));
	try {
		await migrate(pool);
	} catch (err) {
		await pool.end().catch(() => undefined);
		const why = redact(err instanceof Error ? err.message : String(err), opts.connectionString);
		throw new StoreUnavailableError(why, { cause: err });
	}
	return pool;
}
