/**
 * [DA13] The relational data layer (issue 16): one asynchronous way to run a statement, with an
 * engine behind it — SQLite in DATA_DIR (here, the default) or PostgreSQL (server/store/pg-sql.ts,
 * chosen by DATABASE_URL). Families, documents, grants, the case tables, devices and the audit log
 * are read and written through `Sql`, so each statement is written once and runs on both engines;
 * tests/contract/sql.contract.ts holds both to the same behaviour.
 *
 * Statements use `?` placeholders and the SQL both engines speak (`INSERT … ON CONFLICT DO
 * NOTHING`, `RETURNING`, no `rowid`, no JSON functions: JSON is read in TypeScript). Times are
 * epoch milliseconds and come back as numbers on both engines.
 *
 * A transaction is `sql.tx(async (t) => …)`: statements inside run on `t`. Should code inside the
 * work reach the process-wide `getSql()` instead, it still joins the transaction (the executor
 * follows the async context), so a forgotten `t` cannot wait on its own transaction.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from './db.js';
import { getDb } from './db.js';

/** What a placeholder may carry: a BLOB is a Uint8Array (Buffer) on both engines. */
export type Param = string | number | null | Uint8Array;

export interface Sql {
	readonly engine: 'sqlite' | 'postgres';
	/** Every row the statement returns. */
	all<T>(text: string, ...params: Param[]): Promise<T[]>;
	/** The first row, or undefined. */
	get<T>(text: string, ...params: Param[]): Promise<T | undefined>;
	/** Runs a statement; resolves to how many rows it changed. */
	run(text: string, ...params: Param[]): Promise<number>;
	/**
	 * Runs `work` in one transaction (a savepoint when already inside one): it commits when
	 * `work` resolves and rolls back, changing nothing, when it rejects.
	 */
	tx<T>(work: (t: Sql) => Promise<T>): Promise<T>;
}

/**
 * One connection serves the whole process, and a transaction spans awaits: while one is open,
 * statements from elsewhere wait for it (they would otherwise become part of it, and vanish with
 * its rollback). Code that writes the same connection directly — the document store's commits —
 * waits for `idle()` first.
 */
export class ConnectionGate {
	#tail: Promise<void> = Promise.resolve();
	#held = 0;

	get busy(): boolean {
		return this.#held > 0;
	}

	/** Resolves once no transaction holds the connection. */
	async idle(): Promise<void> {
		while (this.#held > 0) await this.#tail;
	}

	/** Holds the connection until the returned release is called; holders queue in order. */
	async hold(): Promise<() => void> {
		const before = this.#tail;
		let release!: () => void;
		this.#tail = new Promise<void>((r) => (release = r));
		this.#held++;
		await before;
		return () => {
			this.#held--;
			release();
		};
	}
}

interface SqliteTx {
	readonly owner: SqliteSql;
	depth: number;
}

/**
 * SvelteKit bundles its own copy of this module beside the sync server's (as with db.ts): the
 * transaction context, the gates and the executors live in one global slot, so both copies see
 * one gate per connection and one transaction at a time.
 */
const SHARED = Symbol.for('asysta.sql.shared');
interface Shared {
	context: AsyncLocalStorage<SqliteTx>;
	gates: WeakMap<Db, ConnectionGate>;
	executors: WeakMap<Db, SqliteSql>;
}
function shared(): Shared {
	const slot = globalThis as { [SHARED]?: Shared };
	return (slot[SHARED] ??= {
		context: new AsyncLocalStorage<SqliteTx>(),
		gates: new WeakMap(),
		executors: new WeakMap()
	});
}
const sqliteTxContext = shared().context;

/** The SQLite engine: better-sqlite3 underneath, every statement answered at once. */
export class SqliteSql implements Sql {
	readonly engine = 'sqlite';
	readonly gate: ConnectionGate;
	readonly #db: Db;
	readonly #tx: SqliteTx | undefined;

	constructor(db: Db, gate = gateOf(db), tx?: SqliteTx) {
		this.#db = db;
		this.gate = gate;
		this.#tx = tx;
	}

	/** The better-sqlite3 connection, for the stores written against it (the document store). */
	get db(): Db {
		return this.#db;
	}

	/**
	 * Whether a statement must wait: another context's transaction holds the connection. The
	 * callers check this and then run their statement in the same synchronous step, so no
	 * transaction can begin between the check and the statement.
	 */
	#mustWait(): boolean {
		return !this.#tx && this.gate.busy && !contextTx(this);
	}

	async all<T>(text: string, ...params: Param[]): Promise<T[]> {
		while (this.#mustWait()) await this.gate.idle();
		return this.#db.prepare(text).all(...params) as T[];
	}

	async get<T>(text: string, ...params: Param[]): Promise<T | undefined> {
		while (this.#mustWait()) await this.gate.idle();
		return this.#db.prepare(text).get(...params) as T | undefined;
	}

	async run(text: string, ...params: Param[]): Promise<number> {
		while (this.#mustWait()) await this.gate.idle();
		return this.#db.prepare(text).run(...params).changes;
	}

	async tx<T>(work: (t: Sql) => Promise<T>): Promise<T> {
		const outer = this.#tx ?? contextTx(this);
		if (outer) return this.#savepoint(outer, work);
		const release = await this.gate.hold();
		const state: SqliteTx = { owner: this, depth: 0 };
		try {
			this.#db.exec('BEGIN IMMEDIATE');
			try {
				const result = await sqliteTxContext.run(state, () =>
					work(new SqliteSql(this.#db, this.gate, state))
				);
				this.#db.exec('COMMIT');
				return result;
			} catch (err) {
				if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
				throw err;
			}
		} finally {
			release();
		}
	}

	async #savepoint<T>(state: SqliteTx, work: (t: Sql) => Promise<T>): Promise<T> {
		const name = `sp${++state.depth}`;
		this.#db.exec(`SAVEPOINT ${name}`);
		try {
			const result = await work(new SqliteSql(this.#db, this.gate, state));
			this.#db.exec(`RELEASE ${name}`);
			return result;
		} catch (err) {
			this.#db.exec(`ROLLBACK TO ${name}`);
			this.#db.exec(`RELEASE ${name}`);
			throw err;
		} finally {
			state.depth--;
		}
	}
}

/** The transaction this executor's connection is in for the current async context, if any. */
function contextTx(sql: SqliteSql): SqliteTx | undefined {
	const inside = sqliteTxContext.getStore();
	return inside?.owner.db === sql.db ? inside : undefined;
}

/** One gate per connection, whichever executor or store reaches it. */
export function gateOf(db: Db): ConnectionGate {
	const gates = shared().gates;
	let gate = gates.get(db);
	if (!gate) gates.set(db, (gate = new ConnectionGate()));
	return gate;
}

const SLOT = Symbol.for('asysta.sql');
type Slot = { [SLOT]?: Sql };

/** Makes `sql` the process-wide data layer returned by `getSql` (main.ts: PostgreSQL). */
export function setSql(sql: Sql | undefined): void {
	(globalThis as Slot)[SLOT] = sql;
}

/** The process-wide data layer; SQLite on `getDb()` unless another engine was set. */
export function getSql(): Sql {
	const slot = globalThis as Slot;
	return slot[SLOT] ?? sqliteSqlOf(getDb());
}

/** The SQLite executor of a connection (one per connection, sharing its gate). */
export function sqliteSqlOf(db: Db): SqliteSql {
	const executors = shared().executors;
	let sql = executors.get(db);
	if (!sql) executors.set(db, (sql = new SqliteSql(db)));
	return sql;
}
