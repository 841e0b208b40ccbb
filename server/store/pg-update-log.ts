/**
 * [DS17] The update log on PostgreSQL as history reads it: the same questions as SQLite's
 * (src/lib/server/update-log.ts), one statement each, on the document store's pool.
 */
import type pg from 'pg';
import {
	bytesOf,
	writeGroupOf,
	type UpdateLog,
	type WriteGroupSql
} from '../../src/lib/server/update-log.js';

type RowSql = { seq: number; created_at: number; user_id: string; bytes: Buffer };

/** The log of the documents in `pool` (the PgDocStore's; bigint columns parsed as numbers). */
export function pgUpdateLog(pool: pg.Pool): UpdateLog {
	return {
		async checkpoints(docName) {
			const { rows } = await pool.query<{ upto_seq: number; created_at: number }>(
				`SELECT upto_seq, max(created_at) AS created_at FROM doc_checkpoints WHERE doc_name = $1
				 GROUP BY upto_seq ORDER BY upto_seq`,
				[docName]
			);
			return rows.map((c) => ({ uptoSeq: c.upto_seq, createdAt: c.created_at }));
		},
		async checkpointState(docName, uptoSeq) {
			const { rows } = await pool.query<{ state: Buffer }>(
				`SELECT state FROM doc_checkpoints WHERE doc_name = $1 AND upto_seq = $2
				 ORDER BY epoch DESC LIMIT 1`,
				[docName, uptoSeq]
			);
			return bytesOf(rows[0]!.state);
		},
		async firstRow(docName) {
			const { rows } = await pool.query<{ s: number | null; t: number | null }>(
				'SELECT min(seq) AS s, min(created_at) AS t FROM doc_updates WHERE doc_name = $1',
				[docName]
			);
			const r = rows[0]!;
			return r.s === null || r.t === null ? null : { seq: r.s, createdAt: r.t };
		},
		async rows(docName, afterSeq, uptoSeq = Number.MAX_SAFE_INTEGER) {
			const { rows } = await pool.query<RowSql>(
				`SELECT seq, created_at, user_id, bytes FROM doc_updates
				 WHERE doc_name = $1 AND seq > $2 AND seq <= $3 ORDER BY seq`,
				[docName, afterSeq, uptoSeq]
			);
			return rows.map((r) => ({
				seq: r.seq,
				createdAt: r.created_at,
				userId: r.user_id,
				bytes: bytesOf(r.bytes)
			}));
		},
		async firstSeqArrivedAfter(docName, afterSeq, at) {
			const { rows } = await pool.query<{ s: number | null }>(
				`SELECT min(seq) AS s FROM doc_updates WHERE doc_name = $1 AND seq > $2 AND created_at > $3`,
				[docName, afterSeq, at]
			);
			return rows[0]!.s;
		},
		async writeGroups(docNames, bucketMs, limit) {
			if (docNames.length === 0) return [];
			const { rows } = await pool.query<WriteGroupSql>(
				`SELECT doc_name, user_id, session_id, count(*)::int AS n, min(created_at) AS first_at,
				        max(created_at) AS last_at, min(seq) AS from_seq, max(seq) AS to_seq
				 FROM doc_updates WHERE doc_name = ANY($1::text[])
				 GROUP BY doc_name, user_id, session_id, created_at / $2::bigint
				 ORDER BY last_at DESC LIMIT $3`,
				[docNames, bucketMs, limit]
			);
			return rows.map(writeGroupOf);
		}
	};
}
