/**
 * [DA13] The relational data layer on PostgreSQL: the `Sql` of src/lib/server/sql.ts over a pool.
 * The statements are the ones SQLite runs; only their `?` placeholders become `$1, $2, …` (once per
 * text, cached). A transaction holds one pooled connection; statements reached through the
 * process-wide executor from inside its work join it, as on SQLite.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { Param, Sql } from '../../src/lib/server/sql.js';

interface PgTx {
	readonly pool: pg.Pool;
	readonly client: pg.PoolClient;
	depth: number;
}

const pgTxContext = new AsyncLocalStorage<PgTx>();

/** Past this many distinct texts the placeholder cache starts afresh (the texts are a fixed set). */
const MAX_CACHED_TEXTS = 1000;
const numbered = new Map<string, string>();

/** `?` → `$n`, outside quoted strings and identifiers. */
export function numberPlaceholders(text: string): string {
	let out = numbered.get(text);
	if (out !== undefined) return out;
	out = '';
	let n = 0;
	let quote: string | null = null;
	for (const ch of text) {
		if (quote) {
			if (ch === quote) quote = null;
			out += ch;
		} else if (ch === "'" || ch === '"') {
			quote = ch;
			out += ch;
		} else out += ch === '?' ? `$${++n}` : ch;
	}
	if (numbered.size >= MAX_CACHED_TEXTS) numbered.clear();
	numbered.set(text, out);
	return out;
}

/** Buffers as pg sends bytea; a Uint8Array view is copied into one. */
function paramsOf(params: Param[]): unknown[] {
	return params.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p) : p));
}

export class PgSql implements Sql {
	readonly engine = 'postgres';
	readonly #pool: pg.Pool;
	readonly #tx: PgTx | undefined;

	constructor(pool: pg.Pool, tx?: PgTx) {
		this.#pool = pool;
		this.#tx = tx;
	}

	/** The connection a statement runs on: this transaction's, the context's, or the pool. */
	#runner(): pg.Pool | pg.PoolClient {
		if (this.#tx) return this.#tx.client;
		const inside = pgTxContext.getStore();
		return inside?.pool === this.#pool ? inside.client : this.#pool;
	}

	async all<T>(text: string, ...params: Param[]): Promise<T[]> {
		const result = await this.#runner().query(numberPlaceholders(text), paramsOf(params));
		return result.rows as T[];
	}

	async get<T>(text: string, ...params: Param[]): Promise<T | undefined> {
		return (await this.all<T>(text, ...params))[0];
	}

	async run(text: string, ...params: Param[]): Promise<number> {
		const result = await this.#runner().query(numberPlaceholders(text), paramsOf(params));
		return result.rowCount ?? 0;
	}

	async tx<T>(work: (t: Sql) => Promise<T>): Promise<T> {
		const inside = this.#tx ?? pgTxContext.getStore();
		if (inside && inside.pool === this.#pool) return this.#savepoint(inside, work);
		const client = await this.#pool.connect();
		let broken: Error | undefined;
		// A connection lost between two statements reports an 'error' event, which with no
		// listener would end the process; the next statement fails and the work rolls back.
		const onLost = (err: Error) => (broken = err);
		client.on('error', onLost);
		const state: PgTx = { pool: this.#pool, client, depth: 0 };
		try {
			await client.query('BEGIN');
			const result = await pgTxContext.run(state, () => work(new PgSql(this.#pool, state)));
			await client.query('COMMIT');
			return result;
		} catch (err) {
			await client.query('ROLLBACK').catch((e: Error) => (broken = e));
			throw err;
		} finally {
			client.off('error', onLost);
			client.release(broken);
		}
	}

	async #savepoint<T>(state: PgTx, work: (t: Sql) => Promise<T>): Promise<T> {
		const name = `sp${++state.depth}`;
		await state.client.query(`SAVEPOINT ${name}`);
		try {
			const result = await work(new PgSql(this.#pool, state));
			await state.client.query(`RELEASE SAVEPOINT ${name}`);
			return result;
		} catch (err) {
			await state.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
			throw err;
		} finally {
			state.depth--;
		}
	}
}
