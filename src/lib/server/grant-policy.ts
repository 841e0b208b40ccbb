/**
 * Who may manage a family's access and what a new grant may say (domain.md §5, G2). Decided here
 * once for the HTTP API; the refusals are values with Polish messages, not exceptions.
 */
import { z } from 'zod';
import type { Sql } from './sql.js';
import { documentAccess } from './families.js';
import { Compartment, familyDocName } from '../domain/compartments.js';
import { DocRole } from '../sync/protocol.js';
import { m } from '../paraglide/messages.js';
import { dateBounds, SERVER_SLACK_MONTHS } from '../domain/date-bounds.js';
import { todayInPoland } from '../domain/dates.js';
import {
	inInterdisciplinaryTeam,
	institutionText,
	isExternal,
	type Participant
} from '../domain/institution.js';
import { participantOf } from './staff-law.js';
import { readProjection } from './case-projection.js';
import type { Done } from '../domain/result.js';
import type { HttpRefusal } from './http-refusal.js';

/** A grant request as the API accepts it (the grantee by e-mail or id). */
export const GrantRequest = z.object({
	user: z.string().trim().min(1).max(320),
	role: DocRole,
	compartments: z.array(Compartment).min(1).max(Compartment.options.length),
	/** End of validity, ms since epoch; null for none (not allowed for a kurator, AC8). */
	validTo: z.number().int().positive().nullable().default(null),
	reason: z.string().trim().min(3, m.api_grant_reason_required()).max(500)
});
export type GrantRequest = z.infer<typeof GrantRequest>;

/** Compartments only the assistant writes (its own work with the family). */
const ASSISTANT_WORK: readonly Compartment[] = [
	'visits',
	'assessments',
	'health',
	'court',
	'child-in-care'
];

type FamilyRow = {
	id: string;
	org_id: string;
	assistant_id: string | null;
	social_worker_id: string | null;
};
type UserRow = { id: string; org_id: string; role: string; name: string };

/** The family with the ids the access rules need, or null. */
export async function familyOf(sql: Sql, familyId: string): Promise<FamilyRow | null> {
	return (
		(await sql.get<FamilyRow>(
			'SELECT id, org_id, assistant_id, social_worker_id FROM families WHERE id = ?',
			familyId
		)) ?? null
	);
}

async function userOf(sql: Sql, idOrEmail: string): Promise<UserRow | null> {
	return (
		(await sql.get<UserRow>(
			'SELECT id, org_id, role, name FROM users WHERE (id = ? OR email = ?) AND disabled_at IS NULL',
			idOrEmail,
			idOrEmail.toLowerCase()
		)) ?? null
	);
}

/**
 * [AC7] A family's access (grants, audit log) is managed by its assistant while the assistant
 * still edits the core file, and by a kierownik of the family's organisation.
 */
export async function canManageFamily(
	sql: Sql,
	actor: { id: string; role: string; orgId: string },
	familyId: string,
	now = Date.now()
): Promise<boolean> {
	const f = await familyOf(sql, familyId);
	if (!f) return false;
	if (actor.role === 'kierownik' && actor.orgId === f.org_id) return true;
	if (f.assistant_id !== actor.id) return false;
	const core = await documentAccess(sql, actor.id, familyDocName(familyId, 'core'), now);
	return core.ok && core.role === 'edit';
}

/** [ST3] A kurator sądowy: by role, or a person of the court by the staff record (ST2). */
const isCourtPerson = (role: string, p: Participant): boolean =>
	role === 'kurator' || p.kind === 'sad';

/**
 * [ST3] Whether the family's case log records a court order other than a lifting of an
 * obligation (CT2, CT6), as the server last projected the core document.
 */
export async function hasCourtOrder(sql: Sql, familyId: string): Promise<boolean> {
	const row = await sql.get<{ case_projection: string }>(
		'SELECT case_projection FROM families WHERE id = ?',
		familyId
	);
	const types = row ? (readProjection(row.case_projection).courtOrderTypes ?? []) : [];
	return types.some((t) => t !== 'uchylenie_zobowiazania');
}

export type GrantCheck = Done<{ userId: string }> | HttpRefusal<400 | 403 | 404>;

/** [DB1] The last day a grant may run until, from the shared bounds (plus the server's slack). */
function lastGrantDay(now: number): string {
	return dateBounds('grantValidTo', todayInPoland(new Date(now)), SERVER_SLACK_MONTHS).max;
}

/** Checks a grant request by a manager of the family (AC7, AC8, G2). */
export async function checkGrant(
	sql: Sql,
	actor: { id: string; role: string },
	familyId: string,
	req: GrantRequest,
	now = Date.now()
): Promise<GrantCheck> {
	const f = await familyOf(sql, familyId);
	if (!f) return { ok: false, status: 404, error: m.api_no_such_family() };
	const grantee = await userOf(sql, req.user);
	if (!grantee || grantee.org_id !== f.org_id)
		return { ok: false, status: 404, error: m.api_no_such_person() };
	if (req.validTo !== null && req.validTo <= now)
		return { ok: false, status: 400, error: m.api_grant_until_future() };
	// A grant is for present work (issue 12 found one valid until the year 3000): at most two
	// years, as the form's date bounds say (domain/date-bounds.ts).
	if (req.validTo !== null && todayInPoland(new Date(req.validTo)) > lastGrantDay(now))
		return { ok: false, status: 400, error: m.caseload_grant_too_long() };
	// Nobody widens their own access: every grant is someone else's audited decision.
	if (grantee.id === actor.id)
		return { ok: false, status: 403, error: m.policy_grant_not_to_self() };
	// [AC11] The violence procedure is read by the interdisciplinary team's members only
	// (domain.md §5.1): not the head, not the assistant unless the team makes them a member.
	// [ST2] A member is one by role or by the staff record: a police officer, a kurator or a PCPR
	// coordinator of the grupa diagnostyczno-pomocowa, the assistant sitting in the group.
	const participant = await participantOf(sql, grantee.id);
	if (req.compartments.includes('violence') && !inInterdisciplinaryTeam(grantee.role, participant))
		return { ok: false, status: 403, error: m.policy_grant_violence_members_only() };
	// [ST2] A person of another institution reads or comments the OPS's file; it writes only the
	// Niebieska Karta procedure, as a member of the team.
	if (
		isExternal(participant) &&
		req.role === 'edit' &&
		req.compartments.some((c) => c !== 'violence')
	)
		return {
			ok: false,
			status: 403,
			error: m.law_st2_external_no_edit({
				name: grantee.name,
				institution: institutionText(participant)
			})
		};
	// A kurator has no standing access (domain.md §5.1): only time-limited grants.
	if (grantee.role === 'kurator' && req.validTo === null)
		return { ok: false, status: 400, error: m.api_grant_curator_until() };
	// [ST3] A kurator sądowy reads the OPS's file on the ground of a court order (art. 109 § 2
	// KRiO; domain.md §5.1): the case log must record one. The violence procedure is the
	// interdisciplinary team's (AC11), not the court's, and keeps its own rule.
	if (
		isCourtPerson(grantee.role, participant) &&
		req.compartments.some((c) => c !== 'violence') &&
		!(await hasCourtOrder(sql, familyId))
	)
		return {
			ok: false,
			status: 403,
			error: m.law3_st2_kurator_no_order({ name: grantee.name })
		};
	// G2 (art. 17): the family's social worker writes core and plan (intake, consultation) but
	// never the assistant's working compartments, which would make them act as its assistant.
	const assistantWork =
		req.role === 'edit' && req.compartments.some((c) => ASSISTANT_WORK.includes(c));
	if (assistantWork && grantee.id === f.social_worker_id)
		return {
			ok: false,
			status: 400,
			error: m.api_grant_social_worker_edit()
		};
	// The assistant passes on only what it holds itself (the head manages the whole unit).
	if (actor.role !== 'kierownik') {
		for (const c of req.compartments) {
			const own = await documentAccess(sql, actor.id, familyDocName(familyId, c), now);
			if (!own.ok || own.role !== 'edit')
				return {
					ok: false,
					status: 403,
					error: m.api_grant_compartment_not_editable({ compartment: c })
				};
		}
	}
	return { ok: true, userId: grantee.id };
}
