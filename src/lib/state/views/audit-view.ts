/**
 * The family's audit trail as people read it on "Dostęp i dziennik" (issue 12): names of people,
 * sections and the family instead of raw ids ("otwarcie rodzina-bdd11e0d-…-core", "nadanie
 * dostępu 2435c150-…"), and repeated opens of one document by one person on one day folded into
 * one row with a count (one walk through the tabs wrote 19 rows). Only the view folds: the stored
 * audit and its CSV export stay complete. Pure.
 */
import { Compartment } from '$lib/domain/compartments';
import { m } from '$lib/paraglide/messages.js';
import { compartmentText } from '../labels/compartment-labels';
import type { AuditRow } from '../api/access.svelte';

export interface AuditContext {
	familyId: string;
	familyName: string | null;
	/** Names by id: people (grant subjects) and grants. */
	names: ReadonlyMap<string, string>;
}

/** The audit row's object in words; an id we cannot name shows as stored. */
export function auditObjectText(object: string | null, ctx: AuditContext): string {
	if (!object) return '';
	const prefix = `rodzina-${ctx.familyId}-`;
	if (object.startsWith(prefix)) {
		const rest = object.slice(prefix.length);
		const comments = rest.endsWith('-uwagi');
		const c = Compartment.safeParse(comments ? rest.slice(0, -'-uwagi'.length) : rest);
		if (c.success) {
			const section = compartmentText(c.data);
			return comments ? m.caseload_audit_comments_of({ section }) : section;
		}
	}
	if (object === ctx.familyId) return ctx.familyName ?? object;
	return ctx.names.get(object) ?? object;
}

/** Warsaw calendar day of a time, for folding. */
function dayOf(ms: number): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date(ms));
}

export interface FoldedRow {
	row: AuditRow;
	/** How many stored rows this one stands for (1 unless folded opens). */
	count: number;
}

/**
 * Folds opens of the same document by the same person on the same day (online and offline
 * opens apart) into the first of them as listed (the newest, the list being newest first).
 */
export function foldOpens(rows: readonly AuditRow[]): FoldedRow[] {
	const out: FoldedRow[] = [];
	const byKey = new Map<string, FoldedRow>();
	for (const row of rows) {
		if (row.action !== 'open') {
			out.push({ row, count: 1 });
			continue;
		}
		const offline = row.detail.includes('"online":false');
		const key = [row.actorName, row.object, dayOf(row.at), offline].join('\n');
		const seen = byKey.get(key);
		if (seen) {
			seen.count++;
			continue;
		}
		const folded = { row, count: 1 };
		byKey.set(key, folded);
		out.push(folded);
	}
	return out;
}
