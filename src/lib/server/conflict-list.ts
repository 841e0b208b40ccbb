/**
 * [CF6] Field conflicts as the family's file lists them (conflicts.ts records and acknowledges
 * them): each with its live values in the order they came, their writers' names and authoring
 * times, and the removed record a value belonged to (CF5).
 */
import { listerOf } from './conflict-tables.js';
import type { Sql } from './sql.js';
import { placeholders } from './sql-batch.js';
import type { ConflictValue, FieldConflict } from '../domain/conflicts.js';

interface ConflictRow {
	id: string;
	doc_name: string;
	root: string;
	record_key: string;
	record_id: string | null;
	field: string;
	record_removed: number;
	detected_at: number;
	acked_by: string | null;
	acked_at: number | null;
	acked_name: string | null;
	compartment: string;
}

type ValueRow = {
	conflict_id: string;
	client_id: number;
	clock: number;
	user_id: string;
	value: string;
	arrived_at: number | null;
	name: string | null;
	authored_at: number | null;
	has_range: number;
};

/**
 * [CF6] A family's conflicts in the documents the user may open (any role), open ones first;
 * acknowledged ones only with `all`.
 */
export const listConflicts = listerOf<ConflictRow, FieldConflict>({
	select: (docsIn, all) =>
		`SELECT c.*, u.name AS acked_name, d.compartment FROM field_conflicts c
		 JOIN documents d ON d.name = c.doc_name
		 LEFT JOIN users u ON u.id = c.acked_by
		 WHERE c.doc_name IN (${docsIn})
		 ${all ? '' : 'AND c.acked_at IS NULL'}
		 ORDER BY CASE WHEN c.acked_at IS NULL THEN 0 ELSE 1 END, c.detected_at LIMIT 500`,
	read: async (sql, rows) => {
		const values =
			rows.length === 0
				? []
				: await valuesOf(
						sql,
						rows.map((r) => r.id)
					);
		const byConflict = new Map<string, ValueRow[]>();
		for (const v of values) {
			const list = byConflict.get(v.conflict_id) ?? [];
			list.push(v);
			byConflict.set(v.conflict_id, list);
		}
		const out: FieldConflict[] = [];
		for (const r of rows) {
			const removed = r.record_removed
				? await sql.get<{ fields: string }>(
						`SELECT fields FROM removed_records WHERE doc_name = ? AND record_key = ?`,
						r.doc_name,
						r.record_key
					)
				: undefined;
			out.push(toConflict(r, byConflict.get(r.id) ?? [], removed));
		}
		return out;
	}
});

/** The listed conflicts' live values, in one statement, each conflict's in the order they came. */
function valuesOf(sql: Sql, ids: string[]): Promise<ValueRow[]> {
	return sql.all<ValueRow>(
		`SELECT v.conflict_id, v.client_id, v.clock, v.user_id, v.value, v.arrived_at, u.name,
		 (SELECT a.authored_at FROM authoring_ranges a WHERE a.doc_name = c.doc_name
		  AND a.client_id = v.client_id AND a.clock_from <= v.clock AND v.clock < a.clock_to
		  LIMIT 1) AS authored_at,
		 (SELECT COUNT(*) FROM authoring_ranges a WHERE a.doc_name = c.doc_name
		  AND a.client_id = v.client_id AND a.clock_from <= v.clock AND v.clock < a.clock_to) AS has_range
		 FROM field_conflict_values v JOIN field_conflicts c ON c.id = v.conflict_id
		 LEFT JOIN users u ON u.id = v.user_id
		 WHERE v.conflict_id IN (${placeholders(ids.length)}) AND v.superseded = 0
		 ORDER BY v.conflict_id, v.seq`,
		...ids
	);
}

function toConflict(
	r: ConflictRow,
	values: ValueRow[],
	removed: { fields: string } | undefined
): FieldConflict {
	return {
		id: r.id,
		docName: r.doc_name,
		section: r.compartment,
		root: r.root,
		recordId: r.record_id ?? (removed ? recordIdIn(removed.fields) : null),
		field: r.field,
		recordRemoved: r.record_removed === 1,
		removedRecord: removed ? (JSON.parse(removed.fields) as Record<string, unknown>) : null,
		detectedAt: r.detected_at,
		values: values.map((v): ConflictValue => ({
			item: `${v.client_id}:${v.clock}`,
			value: JSON.parse(v.value) as ConflictValue['value'],
			userId: v.user_id,
			userName: v.name ?? '',
			arrivedAt: v.arrived_at,
			// [HI2] A device's time when it sent one (null there: implausible), else the arrival.
			authoredAt: v.has_range > 0 ? v.authored_at : v.arrived_at,
			authoringUnknown: v.has_range > 0 && v.authored_at === null
		})),
		acknowledged:
			r.acked_by && r.acked_at !== null
				? { userId: r.acked_by, userName: r.acked_name ?? '', at: r.acked_at }
				: null
	};
}

function recordIdIn(fields: string): string | null {
	const parsed = JSON.parse(fields) as { id?: unknown };
	return typeof parsed.id === 'string' ? parsed.id : null;
}
