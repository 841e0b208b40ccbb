/**
 * Writes in the audit view. Every stored update is already a row of the update log carrying its
 * user, session and arrival time (server/store/), so writes are read from there rather than
 * logged twice: the sync server's hot path stays untouched and the trail cannot disagree with
 * what was stored. Rows are grouped per document, user, session and minute for reading; the log
 * is read where the documents live (SQLite or PostgreSQL, update-log.ts).
 */
import type { Sql } from './sql.js';
import { listAudit, type AuditRow } from './audit-query.js';
import type { UpdateLog } from './update-log.js';

/** Minutes per group of writes: one line per burst of typing, not per keystroke. */
const BUCKET_MS = 60_000;

/** A family's rows of the trail, newest first, at most `limit` (default 500). */
type TrailRead = (
	sql: Sql,
	log: UpdateLog,
	familyId: string,
	limit?: number
) => Promise<AuditRow[]>;

/** [AL3] Stored writes to a family's documents, grouped, newest first, as audit rows. */
export const listFamilyWrites: TrailRead = async (sql, log, familyId, limit = 500) => {
	const docNames = (
		await sql.all<{ name: string }>('SELECT name FROM documents WHERE family_id = ?', familyId)
	).map((d) => d.name);
	const groups = await log.writeGroups(docNames, BUCKET_MS, limit);
	const people = new Map<string, { name: string; role: string } | undefined>();
	for (const g of groups)
		if (!people.has(g.userId))
			people.set(
				g.userId,
				await sql.get<{ name: string; role: string }>(
					'SELECT name, role FROM users WHERE id = ?',
					g.userId
				)
			);
	return groups.map((g) => ({
		seq: null,
		at: g.lastAt,
		actorId: g.userId,
		actorName: people.get(g.userId)?.name ?? null,
		actorRole: people.get(g.userId)?.role ?? null,
		action: 'write',
		object: g.docName,
		familyId,
		detail: JSON.stringify({
			updates: g.count,
			seq: [g.fromSeq, g.toSeq],
			from: new Date(g.firstAt).toISOString(),
			session: g.sessionId.slice(0, 12)
		})
	}));
};

/** The family's full trail: audit log and stored writes merged, newest first. */
export const familyTrail: TrailRead = async (sql, log, familyId, limit = 500) =>
	[
		...(await listAudit(sql, familyId, limit)),
		...(await listFamilyWrites(sql, log, familyId, limit))
	]
		.sort((a, b) => b.at - a.at || (b.seq ?? 0) - (a.seq ?? 0))
		.slice(0, limit);
