/**
 * The DocStore on PostgreSQL, chosen by DATABASE_URL (database-url.ts): the same three tables as
 * SQLite, so several nodes can share one log. Appends need no lock (rows are keyed by document and
 * seq; a duplicate fails its whole commit, DS4); only compaction takes a per-document advisory
 * lock (stack.md §6, §10). Times and seqs are bigint in the database and numbers here. The pool
 * and its transactions are in pg-pool.ts, the statements a commit is made of in pg-rows.ts.
 */
import type pg from 'pg';
import { pgUpdateLog } from './pg-update-log.js';
import type { UpdateLog } from '../../src/lib/server/update-log.js';
import type {
	ClientBinding,
	CommitBatch,
	CompactOptions,
	CompactResult,
	DocStore,
	Fold,
	LoadedDoc,
	LoadOptions
} from './doc-store.js';
import { planCompaction } from './compaction.js';
import { inTransaction, LOCK_CLASS, openPgPool, type PgStoreOptions } from './pg-pool.js';
import {
	announcements,
	insertClients,
	insertUpdates,
	numbered,
	upsertCheckpoints
} from './pg-rows.js';

/** How often a clustered commit retries when another node took the same seqs meanwhile. */
const SEQ_RETRIES = 50;

/** Views a Buffer as a plain Uint8Array without copying. */
function bytesOf(b: Buffer): Uint8Array {
	return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
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
