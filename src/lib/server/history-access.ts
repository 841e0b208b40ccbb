/**
 * [HI3] Who may read a section's history: whoever holds a live grant on that section's document,
 * any role (reading the history of what one may read). Every refusal, and every read, is audited.
 */
import { appendAudit } from './audit.js';
import { documentAccess } from './families.js';
import type { SessionUser } from './session.js';
import type { Sql } from './sql.js';
import { familyDocName } from '../domain/compartments.js';
import { polandDayBounds } from '../domain/poland-time.js';
import { HistorySection } from '../sync/section-state.js';
import { m } from '../paraglide/messages.js';
import type { Done } from '../domain/result.js';
import type { HttpRefusal } from './http-refusal.js';
import type { UpdateLog } from './update-log.js';

export type HistoryAccess =
	| Done<{ docName: string; section: HistorySection; familyCreatedAt: number }>
	| HttpRefusal<403 | 404>;

/** Decides, and audits a refusal with what was asked. */
export async function historyAccess(
	sql: Sql,
	log: UpdateLog,
	user: SessionUser,
	familyId: string,
	sectionParam: string,
	at?: number
): Promise<HistoryAccess> {
	const family = await sql.get<{ created_at: number }>(
		'SELECT created_at FROM families WHERE id = ?',
		familyId
	);
	const section = HistorySection.safeParse(sectionParam);
	const refuse = async (status: 403 | 404, error: string): Promise<HistoryAccess> => {
		await appendAudit(sql, {
			actorId: user.id,
			actorRole: user.role,
			action: 'refused',
			object: section.success ? familyDocName(familyId, section.data) : null,
			familyId: family ? familyId : null,
			detail: {
				kind: 'history',
				status,
				section: sectionParam.slice(0, 32),
				...(family ? {} : { family: familyId.slice(0, 64) }),
				...(at === undefined ? {} : { at })
			}
		});
		return { ok: false, status, error };
	};
	if (!family) return refuse(404, m.api_no_such_family());
	if (!section.success) return refuse(404, m.history_api_no_section());
	const docName = familyDocName(familyId, section.data);
	const access = await documentAccess(sql, user.id, docName);
	if (!access.ok) {
		return access.code === 'unknown-document'
			? refuse(404, m.history_api_no_section())
			: refuse(403, m.api_case_no_access());
	}
	// Nothing of the section existed before the family was registered and before its first
	// stored change (an imported or seeded file may date its first rows earlier): no such state.
	if (at !== undefined && at < Math.min(family.created_at, await firstStoredAt(log, docName)))
		return refuse(404, m.history_api_before_family());
	return { ok: true, docName, section: section.data, familyCreatedAt: family.created_at };
}

/** When the first kept row of a document was stored (Infinity: none). */
async function firstStoredAt(log: UpdateLog, docName: string): Promise<number> {
	return (await log.firstRow(docName))?.createdAt ?? Infinity;
}

/** Records a read of a section's history (list or state as of a moment). */
export async function auditHistoryRead(
	sql: Sql,
	user: SessionUser,
	familyId: string,
	docName: string,
	detail: Record<string, unknown>
): Promise<void> {
	await appendAudit(sql, {
		actorId: user.id,
		actorRole: user.role,
		action: 'history',
		object: docName,
		familyId,
		detail
	});
}

/**
 * A moment from a query parameter: a day (YYYY-MM-DD, its end in Poland when `end`, else its
 * start) or milliseconds. Null when malformed.
 */
export function momentParam(value: string | null, end: boolean): number | null | undefined {
	if (value === null || value === '') return undefined;
	if (/^\d{1,15}$/.test(value)) return Number(value);
	const day = polandDayBounds(value);
	if (!day) return null;
	return end ? day.end : day.start;
}
