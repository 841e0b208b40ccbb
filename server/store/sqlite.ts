/**
 * The default DocStore: two tables in the app's SQLite database. Better-sqlite3 is synchronous,
 * so a commit finishes before the next message is handled; WAL with synchronous=NORMAL makes
 * every committed transaction survive a crash of the process (db.ts).
 */
import type Database from 'better-sqlite3';
import type {
	CheckpointRow,
	CommitBatch,
	CompactOptions,
	CompactResult,
	DocStore,
	Fold,
	LoadedDoc,
	LoadOptions
} from './doc-store.js';
import { sqliteUpdateLog, type UpdateLog } from '../../src/lib/server/update-log.js';
import { gateOf, type ConnectionGate } from '../../src/lib/server/sql.js';
import { KeyedLock, planCompaction, type CompactionRow } from './compaction.js';
import { SQLITE_CLIENTS_SCHEMA, SQLITE_DOC_SCHEMA } from './migrations.js';

type CheckpointSql = { epoch: number; upto_seq: number; state: Buffer };

/** Views a Buffer as a plain Uint8Array without copying. */
function bytesOf(b: Buffer): Uint8Array {
	return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * Creates the doc tables if missing. Also called when documents live in PostgreSQL, where the
 * tables stay empty: nothing reads them then (history reads `store.log`, DS17), but a tool opening
 * the SQLite file finds the same schema on every node.
 */
export function ensureSqliteDocSchema(db: Database.Database): void {
	db.exec(SQLITE_DOC_SCHEMA);
	const hasClients = db
		.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'doc_clients'")
		.get();
	if (!hasClients) db.transaction(() => db.exec(SQLITE_CLIENTS_SCHEMA))();
}

/** DocStore on a better-sqlite3 connection it does not own. */
export class SqliteDocStore implements DocStore {
	readonly #loadTx: (docName: string, after?: number) => LoadedDoc;
	readonly #commitTx: (batch: CommitBatch) => void;
	readonly #compactionRows: (docName: string, uptoSeq: number) => CompactionRow[];
	readonly #deleteRows: (docName: string, seqs: number[]) => void;
	/** One process owns the file, so an in-process lock is the per-document lock (DS11). */
	readonly #lock = new KeyedLock();

	readonly #db: Database.Database;
	readonly #gate: ConnectionGate;
	/** [DS17] History reads the log from the same file. */
	readonly log: UpdateLog;

	constructor(db: Database.Database) {
		this.#db = db;
		this.#gate = gateOf(db);
		ensureSqliteDocSchema(db);
		this.log = sqliteUpdateLog(db);
		const clients = db.prepare(
			'SELECT client_id, user_id, bound_at FROM doc_clients WHERE doc_name = ?'
		);
		const insertClient = db.prepare(
			`INSERT OR IGNORE INTO doc_clients (doc_name, client_id, user_id, bound_at)
			 VALUES (?, ?, ?, ?)`
		);
		const checkpoint = db.prepare(
			`SELECT epoch, upto_seq, state FROM doc_checkpoints WHERE doc_name = ?
			 ORDER BY upto_seq DESC, epoch DESC LIMIT 1`
		);
		const rows = db.prepare(
			'SELECT seq, bytes FROM doc_updates WHERE doc_name = ? AND seq > ? ORDER BY seq'
		);
		const maxSeq = db.prepare('SELECT max(seq) AS s FROM doc_updates WHERE doc_name = ?');
		const insertUpdate = db.prepare(
			`INSERT INTO doc_updates (doc_name, seq, created_at, user_id, session_id, client_ids, bytes)
			 VALUES (?, ?, ?, ?, ?, ?, ?)`
		);
		const insertCheckpoint = db.prepare(
			`INSERT OR REPLACE INTO doc_checkpoints (doc_name, epoch, upto_seq, created_at, state)
			 VALUES (?, ?, ?, ?, ?)`
		);
		const compactionRows = db.prepare(
			`SELECT seq, created_at, CASE WHEN seq > ? THEN bytes END AS bytes
			 FROM doc_updates WHERE doc_name = ? ORDER BY seq`
		);
		this.#compactionRows = (docName, uptoSeq) =>
			(
				compactionRows.all(uptoSeq, docName) as {
					seq: number;
					created_at: number;
					bytes: Buffer | null;
				}[]
			).map((r) => ({
				seq: r.seq,
				createdAt: r.created_at,
				bytes: r.bytes && bytesOf(r.bytes)
			}));
		const deleteRow = db.prepare('DELETE FROM doc_updates WHERE doc_name = ? AND seq = ?');
		this.#deleteRows = db.transaction((docName: string, seqs: number[]) => {
			for (const seq of seqs) {
				// Exactly the rows compaction took: a missing one means someone else deleted it.
				if (deleteRow.run(docName, seq).changes !== 1) {
					throw new Error(`compaction of ${docName}: row ${seq} vanished`);
				}
			}
		});
		// A read transaction gives load one snapshot of both tables (DS3).
		this.#loadTx = db.transaction((docName: string, after = 0): LoadedDoc => {
			const cp = checkpoint.get(docName) as CheckpointSql | undefined;
			const upto = cp?.upto_seq ?? 0;
			const from = Math.max(upto, after);
			const updates = (rows.all(docName, from) as { seq: number; bytes: Buffer }[]).map((r) => ({
				seq: r.seq,
				bytes: bytesOf(r.bytes)
			}));
			const top = (maxSeq.get(docName) as { s: number | null }).s ?? 0;
			return {
				checkpoint:
					cp && upto > after ? { epoch: cp.epoch, uptoSeq: upto, state: bytesOf(cp.state) } : null,
				updates,
				lastSeq: Math.max(top, upto, after),
				clients: (
					clients.all(docName) as { client_id: number; user_id: string; bound_at: number }[]
				).map((c) => ({
					docName,
					clientId: c.client_id,
					userId: c.user_id,
					boundAt: c.bound_at
				}))
			};
		});
		this.#commitTx = db.transaction((batch: CommitBatch) => {
			for (const u of batch.updates) {
				insertUpdate.run(
					u.docName,
					u.seq,
					u.createdAt,
					u.userId,
					u.sessionId,
					JSON.stringify(u.clientIds),
					u.bytes
				);
			}
			for (const c of batch.checkpoints) {
				insertCheckpoint.run(c.docName, c.epoch, c.uptoSeq, c.createdAt, c.state);
			}
			for (const c of batch.clients ?? []) {
				insertClient.run(c.docName, c.clientId, c.userId, c.boundAt);
			}
		});
	}

	async load(docName: string, options: LoadOptions = {}): Promise<LoadedDoc> {
		return this.#loadTx(docName, options.after ?? 0);
	}

	async commit(batch: CommitBatch): Promise<void> {
		if (batch.updates.length === 0 && batch.checkpoints.length === 0 && !batch.clients?.length)
			return;
		if (this.#gate.busy) await this.#connectionFree();
		this.#commitTx(batch);
	}

	/**
	 * [DA13] The connection is shared with the relational data layer, whose transactions span
	 * awaits: a commit made while one is open would become part of it and vanish with its
	 * rollback. The caller writes in the same synchronous step after this resolves.
	 */
	async #connectionFree(): Promise<void> {
		while (this.#gate.busy) await this.#gate.idle();
	}

	async compact(
		docName: string,
		fold: Fold,
		options: CompactOptions
	): Promise<CompactResult | null> {
		return this.#lock.run(docName, async () => {
			const { checkpoint } = this.#loadTx(docName);
			const upto = checkpoint?.uptoSeq ?? 0;
			const plan = planCompaction(this.#compactionRows(docName, upto), upto, options.before);
			if (plan.taken.length === 0) return null;
			const uptoSeq = plan.fold.at(-1)?.seq ?? upto;
			// Folding may await; commits landing meanwhile have higher seqs and are not taken.
			const state = plan.fold.length > 0 ? await fold(checkpoint, plan.fold) : null;
			const cp = state && { docName, epoch: options.epoch, uptoSeq, createdAt: options.now, state };
			await this.#connectionFree();
			this.#compactTx(cp, docName, plan.taken);
			return { uptoSeq, folded: plan.fold.length, deleted: plan.taken.length };
		});
	}

	/** Checkpoint and deletions in one transaction: a failed compaction changes nothing. */
	#compactTx(cp: CheckpointRow | null, docName: string, seqs: number[]): void {
		this.#db.transaction(() => {
			if (cp) this.#commitTx({ updates: [], checkpoints: [cp] });
			this.#deleteRows(docName, seqs);
		})();
	}

	async close(): Promise<void> {
		// The connection belongs to the app (db.ts), which closes it after the sync server.
	}
}
