/**
 * What both kinds of conflict share (field conflicts, conflicts.ts; narrative ones,
 * narrative-conflicts.ts): the place columns they store, and listing only from the family's
 * documents the user may open.
 */
import type { Db } from './db.js';
import { sqliteSqlOf } from './sql.js';
import { documentAccess } from './families.js';
import type { SessionUser } from './session.js';

/** The family's documents the user may open (any role). */
export async function openableDocs(
	db: Db,
	user: SessionUser,
	familyId: string,
	now: number
): Promise<string[]> {
	const names = db
		.prepare(`SELECT name FROM documents WHERE family_id = ? AND kind = 'family'`)
		.all(familyId) as { name: string }[];
	const open: string[] = [];
	for (const d of names)
		if ((await documentAccess(sqliteSqlOf(db), user.id, d.name, now)).ok) open.push(d.name);
	return open;
}

/** A kind of conflict as the family's file lists it: the query of its rows, and how one reads. */
export interface ConflictTable<R, T> {
	/** The query, given the placeholders of `doc_name IN (…)` and whether closed ones are wanted. */
	select: (docsIn: string, all: boolean) => string;
	/** Reads rows into domain values; made once per listing, so it may prepare statements. */
	reader: (db: Db) => (row: R) => T;
}

/**
 * The listing of a kind of conflict in the family's documents the user may open (any role):
 * open ones only unless `all`. No openable document: no query, nothing listed.
 */
export function listerOf<R, T>(table: ConflictTable<R, T>) {
	return async (
		db: Db,
		user: SessionUser,
		familyId: string,
		opts: { all?: boolean } = {},
		now = Date.now()
	): Promise<T[]> => {
		const docs = await openableDocs(db, user, familyId, now);
		if (docs.length === 0) return [];
		const sql = table.select(docs.map(() => '?').join(','), opts.all ?? false);
		return (db.prepare(sql).all(...docs) as R[]).map(table.reader(db));
	};
}

/** Where a found conflict sits, as the columns both tables store: family, document, record, field. */
export function placeColumns(
	familyId: string | null,
	docName: string,
	f: { root: string; recordKey: string; recordId: string | null; field: string }
) {
	return [familyId, docName, f.root, f.recordKey, f.recordId, f.field] as const;
}
