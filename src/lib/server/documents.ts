/**
 * Lookups of the `documents` table the sync server makes on every room it opens (issue 16: no raw
 * SQL outside the data layer). Prepared once per connection by the caller, as before.
 */
import type { Db } from './db.js';

/** What the sync server needs to know of a stored document. */
export interface DocumentInfo {
	kind: string;
	compartment: string;
	family_id: string | null;
}

/** A family's document whose content is projected for the head (CS4, CS5). */
export interface ProjectedDocument {
	family_id: string;
	compartment: 'core' | 'assessments' | 'violence';
}

/** Prepared lookups on `db`: a document's kind and compartment, and whether it is projected. */
export function documentLookups(db: Db): {
	info: (name: string) => DocumentInfo | undefined;
	projected: (name: string) => ProjectedDocument | undefined;
} {
	const projected = db.prepare(
		"SELECT family_id, compartment FROM documents WHERE name = ? AND kind = 'family' AND compartment IN ('core', 'assessments', 'violence') AND family_id IS NOT NULL"
	);
	const info = db.prepare('SELECT kind, compartment, family_id FROM documents WHERE name = ?');
	return {
		info: (name) => info.get(name) as DocumentInfo | undefined,
		projected: (name) => projected.get(name) as ProjectedDocument | undefined
	};
}
