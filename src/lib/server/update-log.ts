/**
 * [HI2][HI5] The stored update log as history reads it: which rows are kept, the checkpoints that
 * fold older ones, and where per-row history starts. SQL only; the replay is the sync layer's.
 */
import type { Db } from './db.js';

/** A stored update row as history reads it. */
export type RowSql = { seq: number; created_at: number; user_id: string; bytes: Buffer };
/** A checkpoint: the row it covers up to, and when it was made. */
export type CheckpointSql = { upto_seq: number; created_at: number };

/** A stored blob as Yjs takes it, without a copy. */
export const bytesOf = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

/** The document's checkpoints, one per covered row, oldest first. */
export function checkpointsOf(db: Db, docName: string): CheckpointSql[] {
	return db
		.prepare(
			`SELECT upto_seq, max(created_at) AS created_at FROM doc_checkpoints WHERE doc_name = ?
			 GROUP BY upto_seq ORDER BY upto_seq`
		)
		.all(docName) as CheckpointSql[];
}

/** The state of the newest epoch's checkpoint up to `uptoSeq`. */
export function checkpointState(db: Db, docName: string, uptoSeq: number): Uint8Array {
	const r = db
		.prepare(
			`SELECT state FROM doc_checkpoints WHERE doc_name = ? AND upto_seq = ?
			 ORDER BY epoch DESC LIMIT 1`
		)
		.get(docName, uptoSeq) as { state: Buffer };
	return bytesOf(r.state);
}

/** The first update row still kept, or null when none is. */
function firstSeq(db: Db, docName: string): number | null {
	return (
		db.prepare('SELECT min(seq) AS s FROM doc_updates WHERE doc_name = ?').get(docName) as {
			s: number | null;
		}
	).s;
}

/**
 * Where per-row history starts: null (the empty document) when every row is kept, else the
 * earliest checkpoint that covers all folded rows. `folded` are the checkpoints up to it.
 */
export function startOf(
	db: Db,
	docName: string
): { start: CheckpointSql | null; folded: CheckpointSql[] } {
	const first = firstSeq(db, docName);
	const cps = checkpointsOf(db, docName);
	const needed = first === null ? Infinity : first - 1;
	if (needed === 0) return { start: null, folded: [] };
	const start =
		first === null ? (cps.at(-1) ?? null) : (cps.find((c) => c.upto_seq >= needed) ?? null);
	return { start, folded: start ? cps.filter((c) => c.upto_seq <= start.upto_seq) : [] };
}
