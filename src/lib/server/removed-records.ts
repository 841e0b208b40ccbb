/**
 * [CF5] Records removed while someone edited them, as stored: their fields, and which Yjs items
 * each field held, so a later concurrent write into a removed record is found and shown with it.
 */
import type { Sql } from './sql.js';
import { insertRows } from './sql-batch.js';

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
export async function removedFieldOf(
	sql: Sql,
	docName: string,
	client: number,
	clock: number
): Promise<{
	root: string;
	recordKey: string;
	recordId: string | null;
	field: string;
	removedBy: string;
} | null> {
	const row = await sql.get<{
		record_key: string;
		field: string;
		record_id: string | null;
		root: string;
		removed_by: string;
	}>(
		`SELECT i.record_key, i.field, r.record_id, r.root, r.removed_by FROM removed_field_items i
		 JOIN removed_records r ON r.doc_name = i.doc_name AND r.record_key = i.record_key
		 WHERE i.doc_name = ? AND i.client_id = ? AND i.clock = ?`,
		docName,
		client,
		clock
	);
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

/** Stores removed records' fields (CF5); once per record. Each table in one statement. */
export async function recordRemovals(
	sql: Sql,
	docName: string,
	userId: string,
	removed: readonly FoundRemoval[],
	now = Date.now()
): Promise<void> {
	if (removed.length === 0) return;
	await sql.tx(async (t) => {
		await insertRows(
			t,
			`INSERT INTO removed_records
			 (doc_name, record_key, record_id, root, fields, removed_by, removed_at)`,
			'ON CONFLICT DO NOTHING',
			removed.map((r) => [
				docName,
				r.recordKey,
				r.recordId,
				r.root,
				JSON.stringify(r.fields),
				userId,
				now
			])
		);
		await insertRows(
			t,
			'INSERT INTO removed_field_items (doc_name, client_id, clock, record_key, field)',
			'ON CONFLICT DO NOTHING',
			removed.flatMap((r) =>
				Object.entries(r.items).flatMap(([field, ids]) =>
					ids.map(([client, clock]) => [docName, client, clock, r.recordKey, field])
				)
			)
		);
	});
}
