/**
 * The DocStore on PostgreSQL, chosen by DATABASE_URL (database-url.ts): the same three tables as
 * SQLite, so several nodes can share one log. Appends need no lock (rows are keyed by document and
 * seq; a duplicate fails its whole commit, DS4); only compaction takes a per-document advisory
 * lock (stack.md §6, §10). Times and seqs are bigint in the database and numbers here.
 */
import pg from 'pg';
import { pgUpdateLog } from './pg-update-log.js';
import type { UpdateLog } from '../../src/lib/server/update-log.js';
import type {
	ClientBinding,
	CheckpointRow,
	CommitBatch,
	CompactOptions,
	CompactResult,
	DocStore,
	Fold,
	LoadedDoc,
	LoadOptions,
	UpdateRow
} from './doc-store.js';
import { planCompaction } from './compaction.js';
import { PG_MIGRATIONS } from './migrations.js';
import { rowsPayload, type RowsMessage } from '../cluster/cluster.js';

/** First key of every advisory lock this store takes ('ASYS'); the second names what is locked. */
export const LOCK_CLASS = 0x41535953;
/** Second key of the migration lock; compaction locks use `hashtext(doc_name)`. */
const MIGRATION_LOCK = 0;

/** int8 and numeric as JS numbers: seqs, times and client ids all stay below 2^53. */
const TYPES = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === pg.types.builtins.INT8
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

/** How often a clustered commit retries when another node took the same seqs meanwhile. */
const SEQ_RETRIES = 50;

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

/** Views a Buffer as a plain Uint8Array without copying. */
function bytesOf(b: Buffer): Uint8Array {
	return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
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
 * One statement is one snapshot (DS3) and one round trip: checkpoint, rows and bindings. $2 is
 * `after` (DS16; 0 for a full load): the checkpoint's bytes only when it covers seqs above it.
 */
const LOAD_SQL = `
	WITH cp AS (
		SELECT epoch, upto_seq, state FROM doc_checkpoints WHERE doc_name = $1
		ORDER BY upto_seq DESC, epoch DESC LIMIT 1
	)
	SELECT 0 AS kind, epoch::bigint AS a, upto_seq AS b,
		CASE WHEN upto_seq > $2 THEN state END AS bytes, NULL::text AS user_id FROM cp
	UNION ALL
	SELECT 1, seq, NULL, bytes, NULL FROM doc_updates
		WHERE doc_name = $1 AND seq > greatest(coalesce((SELECT upto_seq FROM cp), 0), $2)
	UNION ALL
	SELECT 2, client_id, bound_at, NULL, user_id FROM doc_clients WHERE doc_name = $1
	ORDER BY kind, a`;

type LoadSql = {
	kind: 0 | 1 | 2;
	a: number;
	b: number | null;
	bytes: Buffer | null;
	user_id: string | null;
};

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

/** DocStore on its own PostgreSQL pool; `close` ends the pool. */
export class PgDocStore implements DocStore {
	/** [RM4] A commit is a round trip: the queue commits again as soon as one is done. */
	readonly groupCommit = true;
	readonly #pool: pg.Pool;
	readonly #cluster: PgStoreOptions['cluster'];
	/** [DS17] History reads the log here, where the rows are. */
	readonly log: UpdateLog;

	private constructor(pool: pg.Pool, cluster: PgStoreOptions['cluster']) {
		this.#pool = pool;
		this.#cluster = cluster;
		this.log = pgUpdateLog(pool);
	}

	/** Connects and migrates; rejects with StoreUnavailableError when either fails. */
	static async open(opts: PgStoreOptions): Promise<PgDocStore> {
		return new PgDocStore(await openPgPool(opts), opts.cluster);
	}

	/** [CL1] True when commits number their rows themselves and announce them. */
	get clustered(): boolean {
		return this.#cluster !== undefined;
	}

	async load(docName: string, options: LoadOptions = {}): Promise<LoadedDoc> {
		const { rows } = await this.#pool.query<LoadSql>(LOAD_SQL, [docName, options.after ?? 0]);
		const loaded: LoadedDoc = { checkpoint: null, updates: [], lastSeq: 0, clients: [] };
		let covered = 0;
		for (const r of rows) {
			if (r.kind === 0) {
				covered = r.b as number;
				if (r.bytes) loaded.checkpoint = { epoch: r.a, uptoSeq: covered, state: bytesOf(r.bytes) };
			} else if (r.kind === 1) {
				loaded.updates.push({ seq: r.a, bytes: bytesOf(r.bytes!) });
			} else {
				loaded.clients.push({
					docName,
					clientId: r.a,
					userId: r.user_id as string,
					boundAt: r.b as number
				});
			}
		}
		loaded.lastSeq = Math.max(options.after ?? 0, covered, loaded.updates.at(-1)?.seq ?? 0);
		return loaded;
	}

	async commit(batch: CommitBatch): Promise<void> {
		const clients = batch.clients ?? [];
		if (batch.updates.length === 0 && batch.checkpoints.length === 0 && clients.length === 0)
			return;
		if (this.#cluster) return this.#commitClustered(batch, clients, this.#cluster);
		await inTransaction(this.#pool, async (c) => {
			if (batch.updates.length > 0) await insertUpdates(c, batch);
			if (batch.checkpoints.length > 0) await upsertCheckpoints(c, batch.checkpoints);
			if (clients.length > 0) await insertClients(c, clients);
		});
	}

	/**
	 * [CL1] A commit among several nodes: each document's rows get the seqs after the highest one
	 * stored (rows or checkpoint), read in the same transaction; another node committing the same
	 * seqs first makes the insert fail (DS4), and the whole commit is tried again on fresh seqs.
	 * A row therefore never lands below a seq some node already saw stored, so a checkpoint
	 * covering seqs up to N never hides a row committed later. The rows are announced by the
	 * committing transaction itself: peers hear of them exactly when, and only if, they are stored.
	 */
	async #commitClustered(
		batch: CommitBatch,
		clients: ClientBinding[],
		cluster: NonNullable<PgStoreOptions['cluster']>
	): Promise<void> {
		for (let attempt = 1; ; attempt++) {
			try {
				await inTransaction(this.#pool, async (c) => {
					const updates = batch.updates.length > 0 ? await numbered(c, batch.updates) : [];
					if (updates.length > 0) await insertUpdates(c, { updates, checkpoints: [] });
					if (batch.checkpoints.length > 0) await upsertCheckpoints(c, batch.checkpoints);
					if (clients.length > 0) await insertClients(c, clients);
					await c.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [
						cluster.channel,
						announcements(cluster.nodeId, updates, clients)
					]);
				});
				return;
			} catch (err) {
				const duplicate = (err as { code?: string }).code === '23505';
				if (!duplicate || attempt >= SEQ_RETRIES) throw err;
			}
		}
	}

	async compact(
		docName: string,
		fold: Fold,
		options: CompactOptions
	): Promise<CompactResult | null> {
		return inTransaction(this.#pool, async (c) => {
			// Held until COMMIT/ROLLBACK: one compaction of this document at a time, on any node.
			// Reads below start after the lock is granted, so they see the previous one's result.
			await c.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS, docName]);
			const cp = await c.query<{ epoch: number; upto_seq: number; state: Buffer }>(
				`SELECT epoch, upto_seq, state FROM doc_checkpoints WHERE doc_name = $1
				 ORDER BY upto_seq DESC, epoch DESC LIMIT 1`,
				[docName]
			);
			const base = cp.rows[0]
				? {
						epoch: cp.rows[0].epoch,
						uptoSeq: cp.rows[0].upto_seq,
						state: bytesOf(cp.rows[0].state)
					}
				: null;
			const upto = base?.uptoSeq ?? 0;
			const rows = await c.query<{ seq: number; created_at: number; bytes: Buffer | null }>(
				`SELECT seq, created_at, CASE WHEN seq > $2 THEN bytes END AS bytes
				 FROM doc_updates WHERE doc_name = $1 ORDER BY seq`,
				[docName, upto]
			);
			const plan = planCompaction(
				rows.rows.map((r) => ({
					seq: r.seq,
					createdAt: r.created_at,
					bytes: r.bytes && bytesOf(r.bytes)
				})),
				upto,
				options.before
			);
			if (plan.taken.length === 0) return null;
			const uptoSeq = plan.fold.at(-1)?.seq ?? upto;
			if (plan.fold.length > 0) {
				const state = await fold(base, plan.fold);
				await upsertCheckpoints(c, [
					{ docName, epoch: options.epoch, uptoSeq, createdAt: options.now, state }
				]);
			}
			// Exactly the rows read above: rows appended meanwhile have other seqs and stay.
			const deleted = await c.query(
				'DELETE FROM doc_updates WHERE doc_name = $1 AND seq = ANY($2::bigint[])',
				[docName, plan.taken]
			);
			if (deleted.rowCount !== plan.taken.length) {
				throw new Error(`compaction of ${docName}: ${deleted.rowCount} of ${plan.taken.length}`);
			}
			return { uptoSeq, folded: plan.fold.length, deleted: plan.taken.length };
		});
	}

	async close(): Promise<void> {
		await this.#pool.end();
	}
}

/** [DS10] New bindings; one already stored is kept as is. */
async function insertClients(c: pg.PoolClient, clients: ClientBinding[]): Promise<void> {
	await c.query(
		`INSERT INTO doc_clients (doc_name, client_id, user_id, bound_at)
		 SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[])
		 ON CONFLICT (doc_name, client_id) DO NOTHING`,
		[
			clients.map((x) => x.docName),
			clients.map((x) => x.clientId),
			clients.map((x) => x.userId),
			clients.map((x) => x.boundAt)
		]
	);
}

/** [CL1] The rows renumbered after each document's highest stored seq, in batch order. */
async function numbered(c: pg.PoolClient, updates: UpdateRow[]): Promise<UpdateRow[]> {
	const docs = [...new Set(updates.map((u) => u.docName))];
	const { rows } = await c.query<{ d: string; top: number }>(
		`SELECT d, greatest(
			coalesce((SELECT max(seq) FROM doc_updates WHERE doc_name = d), 0),
			coalesce((SELECT max(upto_seq) FROM doc_checkpoints WHERE doc_name = d), 0)) AS top
		 FROM unnest($1::text[]) AS d`,
		[docs]
	);
	const next = new Map(rows.map((r) => [r.d, Number(r.top)]));
	return updates.map((u) => {
		const seq = (next.get(u.docName) ?? 0) + 1;
		next.set(u.docName, seq);
		return { ...u, seq };
	});
}

/** [CL1] One announcement per document of a commit: its seqs, bytes when they fit, bindings. */
function announcements(node: string, updates: UpdateRow[], clients: ClientBinding[]): string[] {
	const byDoc = new Map<string, RowsMessage>();
	const of = (doc: string) => {
		let m = byDoc.get(doc);
		if (!m) byDoc.set(doc, (m = { kind: 'rows', node, doc }));
		return m;
	};
	for (const u of updates) {
		const m = of(u.docName);
		m.from ??= u.seq;
		m.to = u.seq;
		(m.bytes ??= []).push(u.bytes);
	}
	for (const b of clients) (of(b.docName).clients ??= []).push([b.clientId, b.userId]);
	return [...byDoc.values()].map(rowsPayload);
}

/** All rows of a batch in one statement; a duplicate (docName, seq) fails the transaction (DS4). */
async function insertUpdates(c: pg.PoolClient, batch: CommitBatch): Promise<void> {
	const u = batch.updates;
	await c.query(
		`INSERT INTO doc_updates (doc_name, seq, created_at, user_id, session_id, client_ids, bytes)
		 SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[],
			$6::jsonb[], $7::bytea[])`,
		[
			u.map((r) => r.docName),
			u.map((r) => r.seq),
			u.map((r) => r.createdAt),
			u.map((r) => r.userId),
			u.map((r) => r.sessionId),
			u.map((r) => JSON.stringify(r.clientIds)),
			u.map((r) => r.bytes)
		]
	);
}

/** [DS7] The same (docName, epoch, uptoSeq) again replaces the stored checkpoint. */
async function upsertCheckpoints(c: pg.PoolClient, checkpoints: CheckpointRow[]): Promise<void> {
	// One statement cannot update a row twice: within a batch the last of equal keys wins.
	const byKey = new Map(
		checkpoints.map((x) => [`${x.docName}\u0000${x.epoch}\u0000${x.uptoSeq}`, x])
	);
	const cps = [...byKey.values()];
	await c.query(
		`INSERT INTO doc_checkpoints (doc_name, epoch, upto_seq, created_at, state)
		 SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[], $4::bigint[], $5::bytea[])
		 ON CONFLICT (doc_name, epoch, upto_seq)
		 DO UPDATE SET created_at = excluded.created_at, state = excluded.state`,
		[
			cps.map((x) => x.docName),
			cps.map((x) => x.epoch),
			cps.map((x) => x.uptoSeq),
			cps.map((x) => x.createdAt),
			cps.map((x) => x.state)
		]
	);
}
