/**
 * Reading the audit log: per family for the head and the assistant, and as CSV for an auditor.
 */
import type { Sql } from './sql.js';
import { m } from '../paraglide/messages.js';

export interface AuditRow {
	/** Position in audit_log; null for rows derived from the update log (AL3). */
	seq: number | null;
	at: number;
	actorId: string | null;
	actorName: string | null;
	actorRole: string | null;
	action: string;
	object: string | null;
	familyId: string | null;
	detail: string;
}

/** Audit rows of one family (or of all when familyId is null), newest first. */
export async function listAudit(
	sql: Sql,
	familyId: string | null,
	limit = 500
): Promise<AuditRow[]> {
	const rows = await sql.all<{
		seq: number;
		at: number;
		actor_id: string | null;
		actor_name: string | null;
		actor_role: string | null;
		action: string;
		object: string | null;
		family_id: string | null;
		detail: string;
	}>(
		`SELECT a.seq, a.at, a.actor_id, u.name AS actor_name, a.actor_role, a.action, a.object, a.family_id, a.detail
		 FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
		 WHERE (CAST(? AS text) IS NULL OR a.family_id = ?) ORDER BY a.seq DESC LIMIT ?`,
		familyId,
		familyId,
		limit
	);
	return rows.map((r) => ({
		seq: r.seq,
		at: r.at,
		actorId: r.actor_id,
		actorName: r.actor_name,
		actorRole: r.actor_role,
		action: r.action,
		object: r.object,
		familyId: r.family_id,
		detail: r.detail
	}));
}

/**
 * A formula trigger (=, +, -, @, their full-width forms, a leading tab or CR) at the start of the
 * cell or right after a character some spreadsheet may split at (`;` in a Polish Excel, tab, `,`,
 * a line break), maybe after spaces.
 */
const FORMULA_START = /(?<=^|[;,\t\r\n])([ \u00a0]*)(?=[=+\-@\uff1d\uff0b\uff0d\uff20\t\r])/g;

/** A quoted CSV cell that opens as text in any spreadsheet, however it splits the line. */
export function csvCell(v: string | number | null): string {
	const s = v === null ? '' : String(v);
	// Every piece a spreadsheet might make of the cell starts with ' if it could start a formula.
	const safe = s.replace(FORMULA_START, "$1'");
	return `"${safe.replace(/"/g, '""')}"`;
}

/** CSV (RFC 4180, `;`-free, comma-separated, UTF-8 BOM for Excel) of audit rows. */
export function auditCsv(rows: readonly AuditRow[]): string {
	const head = [
		m.api_csv_seq(),
		m.api_csv_time(),
		m.api_csv_person(),
		m.api_csv_person_id(),
		m.api_csv_role(),
		m.api_csv_action(),
		m.api_csv_object(),
		m.api_csv_family(),
		m.api_csv_details()
	];
	const lines = rows.map((r) =>
		[
			r.seq,
			new Date(r.at).toISOString(),
			r.actorName,
			r.actorId,
			r.actorRole,
			r.action,
			r.object,
			r.familyId,
			r.detail
		]
			.map(csvCell)
			.join(',')
	);
	return '\uFEFF' + [head.map(csvCell).join(','), ...lines].join('\r\n') + '\r\n';
}
