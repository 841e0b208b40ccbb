/**
 * The audit log: append-only rows outside the CRDT (domain.md §3.6, §6). Writers call
 * `appendAudit` (or an account store's `recordAudit`); the table's triggers refuse updates and deletes.
 */
import type { Sql } from './sql.js';

export type AuditAction =
	| 'login'
	| 'login-failed'
	| 'logout'
	| 'open'
	| 'write'
	| 'export'
	| 'print'
	| 'grant'
	| 'revoke'
	| 'refused'
	| 'settings'
	| 'ack'
	| 'account'
	/** [HI3] A section's history or its state as of a date was read. */
	| 'history'
	/** [DV3][DV7] A device key released, refused, or a device marked lost. */
	| 'device';

export interface AuditEntry {
	actorId: string | null;
	actorRole?: string | null;
	action: AuditAction;
	object?: string | null;
	familyId?: string | null;
	detail?: Record<string, unknown>;
	at?: number;
}

const INSERT_AUDIT = `INSERT INTO audit_log (at, actor_id, actor_role, action, object, family_id, detail)
	VALUES (?, ?, ?, ?, ?, ?, ?)`;

/** [DA13] Appends one audit row, on either engine (inside the caller's transaction if any). */
export async function appendAudit(sql: Sql, e: AuditEntry): Promise<void> {
	await sql.run(
		INSERT_AUDIT,
		e.at ?? Date.now(),
		e.actorId,
		e.actorRole ?? null,
		e.action,
		e.object ?? null,
		e.familyId ?? null,
		JSON.stringify(e.detail ?? {})
	);
}

/** [ST1][ST2] The head's change of a person's staff record: what it was and what it is now. */
export async function auditStaffRecord(
	sql: Sql,
	w: { head: { id: string; role: string }; userId: string; detail: Record<string, unknown> }
): Promise<void> {
	await appendAudit(sql, {
		actorId: w.head.id,
		actorRole: w.head.role,
		action: 'write',
		object: `user:${w.userId}`,
		detail: w.detail
	});
}
