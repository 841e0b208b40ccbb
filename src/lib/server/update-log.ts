/**
 * [HI2][HI5] The stored update log as history reads it: which rows are kept, the checkpoints that
 * fold older ones, and where per-row history starts. One asynchronous reader with an engine per
 * store (SQLite here; PostgreSQL in server/store/pg-update-log.ts), so "Historia" reads the log
 * where the documents live (issue 16). Reads only; the replay is the sync layer's.
 */
import type { Db } from './db.js';
import { getDb } from './db.js';
import type { LogRow } from '../sync/history.js';

export type { LogRow };

/** A checkpoint: the row it covers up to, and when it was made. */
export interface LogCheckpoint {
	uptoSeq: number;
	createdAt: number;
}

/** [AL3] The stored writes of one document by one user and session within one time bucket. */
export interface WriteGroup {
	docName: string;
	userId: string;
	sessionId: string;
	/** How many rows. */
	count: number;
	firstAt: number;
	lastAt: number;
	fromSeq: number;
	toSeq: number;
}

/** [DS17] The update log of the document store, read for history (contract: update-log.contract.ts). */
export interface UpdateLog {
	/** The document's checkpoints, one per covered row (its latest time), oldest first. */
	checkpoints(docName: string): Promise<LogCheckpoint[]>;
	/** The state of the newest epoch's checkpoint up to `uptoSeq` (one that exists). */
	checkpointState(docName: string, uptoSeq: number): Promise<Uint8Array>;
	/** The first row still kept (lowest seq) and the earliest arrival of a kept row; null: none. */
	firstRow(docName: string): Promise<{ seq: number; createdAt: number } | null>;
	/** The rows with `afterSeq < seq <= uptoSeq`, ascending. */
	rows(docName: string, afterSeq: number, uptoSeq?: number): Promise<LogRow[]>;
	/** The lowest seq above `afterSeq` of a row that arrived after `at`; null: none. */
	firstSeqArrivedAfter(docName: string, afterSeq: number, at: number): Promise<number | null>;
	/**
	 * [AL3] The rows of `docNames` grouped per document, user, session and `bucketMs` of arrival,
	 * the latest groups first, at most `limit`.
	 */
	writeGroups(docNames: readonly string[], bucketMs: number, limit: number): Promise<WriteGroup[]>;
}

/** A stored blob as Yjs takes it, without a copy. */
export const bytesOf = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

type RowSql = { seq: number; created_at: number; user_id: string; bytes: Buffer };

/** A write group as both engines' SQL names its columns. */
export type WriteGroupSql = {
	doc_name: string;
	user_id: string;
	session_id: string;
	n: number;
	first_at: number;
	last_at: number;
	from_seq: number;
	to_seq: number;
};

export const writeGroupOf = (r: WriteGroupSql): WriteGroup => ({
	docName: r.doc_name,
	userId: r.user_id,
	sessionId: r.session_id,
	count: r.n,
	firstAt: r.first_at,
	lastAt: r.last_at,
	fromSeq: r.from_seq,
	toSeq: r.to_seq
});

/**
 * The log in the app's SQLite database (the documents' default store). Statements are prepared
 * at the first read: the document tables exist once a document store opened the file.
 */
export function sqliteUpdateLog(db: Db): UpdateLog {
	let q: ReturnType<typeof statements> | null = null;
	const sql = () => (q ??= statements(db));
	return {
		checkpoints: async (docName) =>
			(sql().checkpoints.all(docName) as { upto_seq: number; created_at: number }[]).map((c) => ({
				uptoSeq: c.upto_seq,
				createdAt: c.created_at
			})),
		checkpointState: async (docName, uptoSeq) =>
			bytesOf((sql().state.get(docName, uptoSeq) as { state: Buffer }).state),
		async firstRow(docName) {
			const r = sql().first.get(docName) as { s: number | null; t: number | null };
			return r.s === null || r.t === null ? null : { seq: r.s, createdAt: r.t };
		},
		rows: async (docName, afterSeq, uptoSeq = Number.MAX_SAFE_INTEGER) =>
			(sql().rows.all(docName, afterSeq, uptoSeq) as RowSql[]).map((r) => ({
				seq: r.seq,
				createdAt: r.created_at,
				userId: r.user_id,
				bytes: bytesOf(r.bytes)
			})),
		firstSeqArrivedAfter: async (docName, afterSeq, at) =>
			(sql().arrivedAfter.get(docName, afterSeq, at) as { s: number | null }).s,
		async writeGroups(docNames, bucketMs, limit) {
			if (docNames.length === 0) return [];
			const rows = db
				.prepare(
					`SELECT doc_name, user_id, session_id, count(*) AS n, min(created_at) AS first_at,
					        max(created_at) AS last_at, min(seq) AS from_seq, max(seq) AS to_seq
					 FROM doc_updates WHERE doc_name IN (SELECT value FROM json_each(?))
					 GROUP BY doc_name, user_id, session_id, created_at / CAST(? AS INTEGER)
					 ORDER BY last_at DESC LIMIT ?`
				)
				.all(JSON.stringify(docNames), bucketMs, limit) as WriteGroupSql[];
			return rows.map(writeGroupOf);
		}
	};
}

function statements(db: Db) {
	return {
		checkpoints: db.prepare(
			`SELECT upto_seq, max(created_at) AS created_at FROM doc_checkpoints WHERE doc_name = ?
			 GROUP BY upto_seq ORDER BY upto_seq`
		),
		state: db.prepare(
			`SELECT state FROM doc_checkpoints WHERE doc_name = ? AND upto_seq = ?
			 ORDER BY epoch DESC LIMIT 1`
		),
		first: db.prepare(
			'SELECT min(seq) AS s, min(created_at) AS t FROM doc_updates WHERE doc_name = ?'
		),
		rows: db.prepare(
			`SELECT seq, created_at, user_id, bytes FROM doc_updates
			 WHERE doc_name = ? AND seq > ? AND seq <= ? ORDER BY seq`
		),
		arrivedAfter: db.prepare(
			'SELECT min(seq) AS s FROM doc_updates WHERE doc_name = ? AND seq > ? AND created_at > ?'
		)
	};
}

let current: UpdateLog | null = null;

/** Makes `log` the process-wide update log (server/app.ts: the document store's own). */
export function setUpdateLog(log: UpdateLog | null): void {
	current = log;
}

/** The update log history reads: the document store's, else the app's SQLite database. */
export function getUpdateLog(): UpdateLog {
	current ??= sqliteUpdateLog(getDb());
	return current;
}

/**
 * Where per-row history starts: null (the empty document) when every row is kept, else the
 * earliest checkpoint that covers all folded rows. `folded` are the checkpoints up to it.
 */
export async function startOf(
	log: UpdateLog,
	docName: string
): Promise<{ start: LogCheckpoint | null; folded: LogCheckpoint[] }> {
	const [firstRow, cps] = await Promise.all([log.firstRow(docName), log.checkpoints(docName)]);
	const first = firstRow?.seq ?? null;
	const needed = first === null ? Infinity : first - 1;
	if (needed === 0) return { start: null, folded: [] };
	const start =
		first === null ? (cps.at(-1) ?? null) : (cps.find((c) => c.uptoSeq >= needed) ?? null);
	return { start, folded: start ? cps.filter((c) => c.uptoSeq <= start.uptoSeq) : [] };
}
