/**
 * [CF2][CF3][CF5][CF7] Field conflicts as stored: the sync server records what it found
 * (server/concurrent-writes.ts), the family's file lists them, an editor acknowledges. SQL only.
 *
 * Kept outside the documents: a conflict is a fact about the order in which the server received
 * updates, which only the server knows, and acknowledging it must clear it for everyone at once
 * without a write into the family's file that a reader (who may not write) could never make.
 *
 * Past 250 lines on purpose: recording, listing and acknowledging share the row shape and the
 * change signal; narrative conflicts and removed records, which share neither, have files of
 * their own (re-exported here, so the sync server and the routes import one module).
 */
import { appendAudit } from './audit.js';
import { documentAccess } from './families.js';
import { listerOf, placeColumns } from './conflict-tables.js';
import { signal } from './signal.js';
import type { SessionUser } from './session.js';
import { sqliteOnly, type Sql } from './sql.js';
import { placeholders } from './sql-batch.js';
import type { ConflictValue, FieldConflict } from '../domain/conflicts.js';

// Narrative conflicts and removed records live beside these; callers take all three from here.

/** A value as the sync server saw it. */
export interface FoundValue {
	client: number;
	clock: number;
	value: unknown;
	userId: string;
	arrivedAt: number | null;
}

/** One concurrent write, with its writers resolved (server/room-conflicts.ts). */
export interface FoundConflict {
	root: string;
	recordKey: string;
	recordId: string | null;
	field: string;
	recordRemoved: boolean;
	previous: FoundValue | null;
	/** Null for a removal (CF5): the remover wrote no value, the record's values are kept. */
	incoming: FoundValue | null;
	incomingOrigin: { client: number; clock: number } | null;
	/** Items the values descend from: listed values among them are superseded. */
	ancestors?: readonly [number, number][];
}

/** [CF4] A document's conflicts changed: its room tells every open socket. */
export const conflictsChanged = signal<string>('conflicts-changed');

/**
 * [CF2][CF3] Records conflicts: a new one per field, or the values added to the field's open one
 * (a third concurrent writer). A value whose branch the incoming one continued is superseded,
 * never deleted. Returns how many conflicts were opened or changed.
 */
export async function recordConflicts(
	sql: Sql,
	docName: string,
	familyId: string | null,
	found: readonly FoundConflict[],
	now = Date.now()
): Promise<number> {
	const supersede = (t: Sql, id: string, client: number, clock: number) =>
		t.run(
			`UPDATE field_conflict_values SET superseded = 1 WHERE conflict_id = ? AND client_id = ? AND clock = ?`,
			id,
			client,
			clock
		);
	return sql.tx(async (t) => {
		let changed = 0;
		for (const f of found) {
			const open = await t.get<{ id: string }>(
				`SELECT id FROM field_conflicts WHERE doc_name = ? AND root = ? AND record_key = ?
				 AND field = ? AND acked_at IS NULL`,
				docName,
				f.root,
				f.recordKey,
				f.field
			);
			let id = open?.id;
			if (!id) {
				id = crypto.randomUUID();
				await t.run(
					`INSERT INTO field_conflicts (id, family_id, doc_name, root, record_key, record_id,
					 field, record_removed, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					id,
					...placeColumns(familyId, docName, f),
					f.recordRemoved ? 1 : 0,
					now
				);
			} else {
				if (f.incomingOrigin)
					await supersede(t, id, f.incomingOrigin.client, f.incomingOrigin.clock);
				for (const [client, clock] of f.ancestors ?? []) await supersede(t, id, client, clock);
				if (f.recordRemoved)
					await t.run('UPDATE field_conflicts SET record_removed = 1 WHERE id = ?', id);
			}
			// `seq` orders a conflict's values as they came (no rowid on PostgreSQL); numbered
			// within the conflict, so the insert reads the conflict's own rows, not the table.
			for (const v of [f.previous, f.incoming])
				if (v)
					await t.run(
						`INSERT INTO field_conflict_values
						 (conflict_id, client_id, clock, user_id, value, arrived_at, seq)
						 VALUES (?, ?, ?, ?, ?, ?,
						  (SELECT COALESCE(MAX(seq), 0) + 1 FROM field_conflict_values WHERE conflict_id = ?))
						 ON CONFLICT DO NOTHING`,
						id,
						v.client,
						v.clock,
						v.userId,
						JSON.stringify(v.value ?? null),
						v.arrivedAt,
						id
					);
			changed++;
		}
		return changed;
	});
}

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

export type AckResult = 'ok' | 'not-found' | 'forbidden' | 'already';

/**
 * [CF7] Acknowledges a conflict for everyone: only someone who may edit its document; a reader
 * or commenter is refused (audited). Audited and told to the document's room.
 */
export async function acknowledgeConflict(
	sql: Sql,
	conflictId: string,
	user: SessionUser,
	now = Date.now()
): Promise<AckResult> {
	type Row = { doc_name: string; family_id: string | null; acked_at: number | null };
	const field = await sql.get<Row>(
		'SELECT doc_name, family_id, acked_at FROM field_conflicts WHERE id = ?',
		conflictId
	);
	// [NC2] A narrative conflict is "read" under the same rule.
	const narrative = field
		? undefined
		: await sql.get<Row>(
				'SELECT doc_name, family_id, read_at AS acked_at FROM narrative_conflicts WHERE id = ?',
				conflictId
			);
	const row = field ?? narrative;
	if (!row) return 'not-found';
	const access = documentAccess(sqliteOnly(sql, 'documentAccess'), user.id, row.doc_name, now);
	if (!access.ok) return 'not-found'; // no grant: its existence is not told
	if (access.role !== 'edit') {
		await appendAudit(sql, {
			actorId: user.id,
			actorRole: user.role,
			action: 'refused',
			object: row.doc_name,
			familyId: row.family_id,
			detail: { kind: 'conflict-ack', conflict: conflictId, role: access.role }
		});
		return 'forbidden';
	}
	if (row.acked_at !== null) return 'already';
	await sql.run(
		field
			? 'UPDATE field_conflicts SET acked_by = ?, acked_at = ? WHERE id = ?'
			: 'UPDATE narrative_conflicts SET read_by = ?, read_at = ? WHERE id = ?',
		user.id,
		now,
		conflictId
	);
	await appendAudit(sql, {
		actorId: user.id,
		actorRole: user.role,
		action: 'ack',
		object: row.doc_name,
		familyId: row.family_id,
		detail: { kind: field ? 'conflict' : 'narrative-conflict', conflict: conflictId }
	});
	conflictsChanged.emit(row.doc_name);
	return 'ok';
}
