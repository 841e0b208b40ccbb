/** The documents of a family a user may open, and conflict rows read only from those. */
import type { Db } from './db.js';
import { documentAccess } from './families.js';
import type { SessionUser } from './session.js';

/** The family's documents the user may open (any role). */
export function openableDocs(db: Db, user: SessionUser, familyId: string, now: number): string[] {
	const names = db
		.prepare(`SELECT name FROM documents WHERE family_id = ? AND kind = 'family'`)
		.all(familyId) as { name: string }[];
	return names.map((d) => d.name).filter((n) => documentAccess(db, user.id, n, now).ok);
}

/**
 * Rows of a query over the family's documents the user may open; `sql` receives the placeholder
 * list for `doc_name IN (…)`. No openable document: no query, no rows.
 */
export function rowsInOpenableDocs<R>(
	db: Db,
	of: { user: SessionUser; familyId: string; now: number },
	sql: (docsIn: string) => string
): R[] {
	const docs = openableDocs(db, of.user, of.familyId, of.now);
	if (docs.length === 0) return [];
	return db.prepare(sql(docs.map(() => '?').join(','))).all(...docs) as R[];
}
