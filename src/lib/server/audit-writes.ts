/**
 * Writes in the audit view. Every stored update is already a row of `doc_updates` carrying its
 * user, session and arrival time (server/store/sqlite.ts), so writes are read from there rather
 * than logged twice: the sync server's hot path stays untouched and the trail cannot disagree
 * with what was stored. Rows are grouped per document, user, session and minute for reading.
 */
import type { Db } from './db.js';
import { listAudit, type AuditRow } from './audit-query.js';

/** Minutes per group of writes: one line per burst of typing, not per keystroke. */
const BUCKET_MS = 60_000;

function hasUpdateLog(db: Db): boolean {
	return (
		db
			.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'doc_updates'")
			.get() !== undefined
	);
}

/** [AL3] Stored writes to a family's documents, grouped, newest first, as audit rows. */
export function listFamilyWrites(db: Db, familyId: string, limit = 500): AuditRow[] {
	if (!hasUpdateLog(db)) return [];
	const rows = db
		.prepare(
			`SELECT u.doc_name, u.user_id, us.name, us.role, u.session_id, count(*) AS n,
			        min(u.created_at) AS first_at, max(u.created_at) AS last_at, min(u.seq) AS from_seq,
			        max(u.seq) AS to_seq
			 FROM documents d JOIN doc_updates u ON u.doc_name = d.name
			 LEFT JOIN users us ON us.id = u.user_id
			 WHERE d.family_id = ?
			 GROUP BY u.doc_name, u.user_id, u.session_id, u.created_at / ${BUCKET_MS}
			 ORDER BY last_at DESC LIMIT ?`
		)
		.all(familyId, limit) as {
		doc_name: string;
		user_id: string;
		name: string | null;
		role: string | null;
		session_id: string;
		n: number;
		first_at: number;
		last_at: number;
		from_seq: number;
		to_seq: number;
	}[];
	return rows.map((r) => ({
		seq: null,
		at: r.last_at,
		actorId: r.user_id,
		actorName: r.name,
		actorRole: r.role,
		action: 'write',
		object: r.doc_name,
		familyId,
		detail: JSON.stringify({
			updates: r.n,
			seq: [r.from_seq, r.to_seq],
			from: new Date(r.first_at).toISOString(),
			session: r.session_id.slice(0, 12)
		})
	}));
}

/** The family's full trail: audit log and stored writes merged, newest first. */
export function familyTrail(db: Db, familyId: string, limit = 500): AuditRow[] {
	return [...listAudit(db, familyId, limit), ...listFamilyWrites(db, familyId, limit)]
		.sort((a, b) => b.at - a.at || (b.seq ?? 0) - (a.seq ?? 0))
		.slice(0, limit);
}
