/**
 * [CF2][CF3][CF5][CF7] Field conflicts as stored: the sync server records what it found
 * (server/concurrent-writes.ts), the family's file lists them, an editor acknowledges. SQL only.
 *
 * Kept outside the documents: a conflict is a fact about the order in which the server received
 * updates, which only the server knows, and acknowledging it must clear it for everyone at once
 * without a write into the family's file that a reader (who may not write) could never make.
 *
 * The listing is in conflict-list.ts (re-exported here, so the sync server and the routes import
 * one module); narrative conflicts and removed records have files of their own.
 */
import { appendAudit } from './audit.js';
import { documentAccess } from './families.js';
import { placeColumns } from './conflict-tables.js';
import { signal } from './signal.js';
import type { SessionUser } from './session.js';
import type { Sql } from './sql.js';

export { listConflicts } from './conflict-list.js';

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
	const access = await documentAccess(sql, user.id, row.doc_name, now);
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
