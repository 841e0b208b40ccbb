/**
 * [CF5] Records removed while someone edited them, as stored: their fields, and which Yjs items
 * each field held, so a later concurrent write into a removed record is found and shown with it.
 */
import type { Db } from './db.js';

/** A record as it was removed. */
export interface FoundRemoval {
	root: string;
	recordKey: string;
	recordId: string | null;
	fields: Record<string, unknown>;
	/** Every item each field held, `[client, clock]`. */
	items: Record<string, [number, number][]>;
}

/** [CF5] The removed record and field an item belonged to, if it was a removed record's. */
export function removedFieldOf(
	db: Db,
	docName: string,
	client: number,
	clock: number
): {
	root: string;
	recordKey: string;
	recordId: string | null;
	field: string;
	removedBy: string;
} | null {
	const row = db
		.prepare(
			`SELECT i.record_key, i.field, r.record_id, r.root, r.removed_by FROM removed_field_items i
			 JOIN removed_records r ON r.doc_name = i.doc_name AND r.record_key = i.record_key
			 WHERE i.doc_name = ? AND i.client_id = ? AND i.clock = ?`
		)
		.get(docName, client, clock) as
		| {
				record_key: string;
				field: string;
				record_id: string | null;
				root: string;
				removed_by: string;
		  }
		| undefined;
	return row
		? {
				root: row.root,
				recordKey: row.record_key,
				recordId: row.record_id,
				field: row.field,
				removedBy: row.removed_by
			}
		: null;
}

/** Stores removed records' fields (CF5); once per record. */
export function recordRemovals(
	db: Db,
	docName: string,
	userId: string,
	removed: readonly FoundRemoval[],
	now = Date.now()
): void {
	const insert = db.prepare(
		`INSERT OR IGNORE INTO removed_records (doc_name, record_key, record_id, root, fields, removed_by, removed_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`
	);
	const insertItem = db.prepare(
		`INSERT OR IGNORE INTO removed_field_items (doc_name, client_id, clock, record_key, field)
		 VALUES (?, ?, ?, ?, ?)`
	);
	db.transaction(() => {
		for (const r of removed) {
			insert.run(docName, r.recordKey, r.recordId, r.root, JSON.stringify(r.fields), userId, now);
			for (const [field, ids] of Object.entries(r.items))
				for (const [client, clock] of ids)
					insertItem.run(docName, client, clock, r.recordKey, field);
		}
	})();
}
