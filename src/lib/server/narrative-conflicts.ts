/**
 * [NC1][NC2] Narrative conflicts as stored: a passage written offline and merged into changes its
 * writer had not seen. The sync server records them (server/room-conflicts.ts), the family's file lists
 * them until someone who may edit has read them. SQL only; kept outside the documents for the
 * reasons conflicts.ts gives.
 */
import { listerOf, placeColumns } from './conflict-tables.js';
import type { Sql } from './sql.js';
import { placeholders } from './sql-batch.js';
import type { NarrativeConflict } from '../domain/conflicts.js';

/** [NC1] A passage merged into unseen changes, with the other writers resolved (server/room-conflicts.ts). */
export interface FoundNarrative {
	root: string;
	recordKey: string;
	recordId: string | null;
	field: string;
	passageKey: string;
	otherIds: string[];
	mine: string;
	theirs: string;
	merged: string;
}

/**
 * [NC2] Records narrative conflicts: one open record per passage and offline writer; a later
 * reconnect of the same writer into the same passage updates its versions and adds its others.
 * Returns how many were opened or changed.
 */
export async function recordNarratives(
	sql: Sql,
	docName: string,
	familyId: string | null,
	writerId: string,
	found: readonly FoundNarrative[],
	now = Date.now()
): Promise<number> {
	return sql.tx(async (t) => {
		let changed = 0;
		for (const f of found) {
			const open = await t.get<{ id: string; other_ids: string }>(
				`SELECT id, other_ids FROM narrative_conflicts WHERE doc_name = ? AND record_key = ?
				 AND field = ? AND passage_key = ? AND writer_id = ? AND read_at IS NULL`,
				docName,
				f.recordKey,
				f.field,
				f.passageKey,
				writerId
			);
			if (open) {
				const others = new Set([...(JSON.parse(open.other_ids) as string[]), ...f.otherIds]);
				await t.run(
					`UPDATE narrative_conflicts SET other_ids = ?, mine = ?, merged = ?, detected_at = ?
					 WHERE id = ?`,
					JSON.stringify([...others].sort()),
					f.mine,
					f.merged,
					now,
					open.id
				);
			} else
				await t.run(
					`INSERT INTO narrative_conflicts (id, family_id, doc_name, root, record_key, record_id,
					 field, passage_key, writer_id, other_ids, mine, theirs, merged, detected_at)
					 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					crypto.randomUUID(),
					...placeColumns(familyId, docName, f),
					f.passageKey,
					writerId,
					JSON.stringify([...new Set(f.otherIds)].sort()),
					f.mine,
					f.theirs,
					f.merged,
					now
				);
			changed++;
		}
		return changed;
	});
}

interface NarrativeRow {
	id: string;
	doc_name: string;
	/** The document's compartment, joined from `documents`. */
	compartment: string;
	root: string;
	record_id: string | null;
	field: string;
	writer_id: string;
	writer_name: string | null;
	other_ids: string;
	mine: string;
	theirs: string;
	merged: string;
	detected_at: number;
	read_by: string | null;
	read_at: number | null;
	read_name: string | null;
}

/** [NC2] A family's narrative conflicts in the documents the user may open, unread first. */
export const listNarratives = listerOf<NarrativeRow, NarrativeConflict>({
	select: (docsIn, all) =>
		`SELECT n.*, w.name AS writer_name, r.name AS read_name, d.compartment FROM narrative_conflicts n
		 JOIN documents d ON d.name = n.doc_name
		 LEFT JOIN users w ON w.id = n.writer_id
		 LEFT JOIN users r ON r.id = n.read_by
		 WHERE n.doc_name IN (${docsIn})
		 ${all ? '' : 'AND n.read_at IS NULL'}
		 ORDER BY CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END, n.detected_at LIMIT 500`,
	read: async (sql, rows) => {
		const othersOf = new Map(rows.map((r) => [r.id, JSON.parse(r.other_ids) as string[]]));
		const ids = [...new Set([...othersOf.values()].flat())];
		// The other writers' names, in one statement for the whole listing.
		const names = new Map(
			ids.length === 0
				? []
				: (
						await sql.all<{ id: string; name: string }>(
							`SELECT id, name FROM users WHERE id IN (${placeholders(ids.length)})`,
							...ids
						)
					).map((u) => [u.id, u.name])
		);
		return rows.map((r) => ({
			id: r.id,
			docName: r.doc_name,
			section: r.compartment,
			root: r.root,
			recordId: r.record_id,
			field: r.field,
			writer: { userId: r.writer_id, userName: r.writer_name ?? '', arrivedAt: r.detected_at },
			others: (othersOf.get(r.id) ?? []).map((id) => ({
				userId: id,
				userName: names.get(id) ?? ''
			})),
			mine: r.mine,
			theirs: r.theirs,
			merged: r.merged,
			detectedAt: r.detected_at,
			read:
				r.read_by && r.read_at !== null
					? { userId: r.read_by, userName: r.read_name ?? '', at: r.read_at }
					: null
		}));
	}
});
