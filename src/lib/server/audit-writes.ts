/**
 * Writes in the audit view. Every stored update is already a row of the update log carrying its
 * user, session and arrival time (server/store/), so writes are read from there rather than
 * logged twice: the sync server's hot path stays untouched and the trail cannot disagree with
 * what was stored. Rows are grouped per document, user, session and minute for reading; the log
 * is read where the documents live (SQLite or PostgreSQL, update-log.ts).
 */
import type { Db } from './db.js';
import { listAudit, type AuditRow } from './audit-query.js';
import type { UpdateLog } from './update-log.js';

/** Minutes per group of writes: one line per burst of typing, not per keystroke. */
const BUCKET_MS = 60_000;

/** A family's rows of the trail, newest first, at most `limit` (default 500). */
type TrailRead = (db: Db, log: UpdateLog, familyId: string, limit?: number) => Promise<AuditRow[]>;

/** [AL3] Stored writes to a family's documents, grouped, newest first, as audit rows. */
export const listFamilyWrites: TrailRead = async (db, log, familyId, limit = 500) => {
	const docNames = (
		db.prepare('SELECT name FROM documents WHERE family_id = ?').all(familyId) as {
			name: string;
		}[]
	).map((d) => d.name);
	const groups = await log.writeGroups(docNames, BUCKET_MS, limit);
	const person = db.prepare('SELECT name, role FROM users WHERE id = ?');
	const people = new Map<string, { name: string; role: string } | undefined>();
	for (const g of groups)
		if (!people.has(g.userId))
			people.set(g.userId, person.get(g.userId) as { name: string; role: string } | undefined);
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
export const familyTrail: TrailRead = async (db, log, familyId, limit = 500) =>
	[...listAudit(db, familyId, limit), ...(await listFamilyWrites(db, log, familyId, limit))]
		.sort((a, b) => b.at - a.at || (b.seq ?? 0) - (a.seq ?? 0))
		.slice(0, limit);
