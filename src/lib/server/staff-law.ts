/**
 * [ST2] Every person's institution (OPS or another: court, PCPR, police…) and membership of the
 * interdisciplinary team, which the grant rules read.
 */
import type { Sql } from './sql.js';
import { auditStaffRecord } from './audit.js';
import {
	defaultParticipant,
	inInterdisciplinaryTeam,
	INSTITUTION_NAME_MAX,
	institutionText,
	isExternal,
	Participant,
	readParticipant
} from '../domain/institution.js';
import type { Compartment } from '../domain/compartments.js';
import type { DocRole } from '../sync/protocol.js';
import { grantAccess } from './families.js';
import { notifyAccessChanged, revokeGrant } from './grants.js';
import { m } from '../paraglide/messages.js';

// [ST1] The art. 12 eligibility is the other half of the staff record; its callers import it here.
export {
	assistantsEligibility,
	recordEligibility,
	type AssistantEligibility
} from './staff-eligibility.js';
import type { Done, Result } from '../domain/result.js';
import type { HttpRefusal } from './http-refusal.js';

/** [ST2] The institution of every person of the organisation (recorded, or assumed by role). */
export async function participantsOf(sql: Sql, orgId: string): Promise<Map<string, Participant>> {
	const rows = await sql.all<{ id: string; role: string; institution: string | null }>(
		`SELECT u.id, u.role, s.institution FROM users u LEFT JOIN staff_law s ON s.user_id = u.id
		 WHERE u.org_id = ?`,
		orgId
	);
	return new Map(rows.map((r) => [r.id, readParticipant(r.institution, r.role)]));
}

/** [ST2] One person's institution (recorded, or assumed by role). */
export async function participantOf(sql: Sql, userId: string): Promise<Participant> {
	const row = await sql.get<{ role: string; institution: string | null }>(
		`SELECT u.role, s.institution FROM users u LEFT JOIN staff_law s ON s.user_id = u.id
		 WHERE u.id = ?`,
		userId
	);
	return row ? readParticipant(row.institution, row.role) : defaultParticipant('');
}

/** [ST2] Stores a person's institution without an audit row (the admin CLI audits its own acts). */
export async function storeParticipant(sql: Sql, userId: string, p: Participant): Promise<void> {
	await sql.run(
		`INSERT INTO staff_law (user_id, institution) VALUES (?, ?)
		 ON CONFLICT (user_id) DO UPDATE SET institution = excluded.institution`,
		userId,
		JSON.stringify(p)
	);
}

/** [ST2] A record as sent by the head or the CLI, or a Polish message (nothing is cut, DB2). */
export function checkParticipant(body: unknown): Result<{ value: Participant }, { error: string }> {
	const raw = body as { name?: unknown } | null;
	if (typeof raw?.name === 'string' && raw.name.trim().length > INSTITUTION_NAME_MAX)
		return {
			ok: false,
			error: m.caseload_too_long({ max: INSTITUTION_NAME_MAX, typed: raw.name.trim().length })
		};
	const parsed = Participant.safeParse(body);
	if (!parsed.success) return { ok: false, error: m.law_st2_invalid() };
	const p = parsed.data;
	if (p.kind !== 'ops' && p.name === '') return { ok: false, error: m.law_st2_name_required() };
	return { ok: true, value: p.kind === 'ops' ? { ...p, name: '' } : p };
}

/**
 * [ST4] Why a person cannot lead a family's file as its assistant (recorded as another
 * institution's: ST2 gives them no `edit` on it), as a Polish message; null when they can.
 */
export async function externalAssistant(
	sql: Sql,
	userId: string,
	name?: string
): Promise<string | null> {
	const p = await participantOf(sql, userId);
	if (!isExternal(p)) return null;
	const who =
		name ??
		(await sql.get<{ name: string }>('SELECT name FROM users WHERE id = ?', userId))?.name ??
		'';
	return m.law3_st4_assistant_external({ name: who, institution: institutionText(p) });
}

/** [ST4] What recording an institution did to one of the person's grants (audited). */
export interface GrantChange {
	grantId: string;
	familyId: string;
	from: { role: string; compartments: string[] };
	/** The grants that replace it (none: ended). */
	to: { grantId: string; role: string; compartments: string[] }[];
}

/**
 * [ST4] Makes a person's live grants follow their staff record: a person of another institution
 * keeps no `edit` on the OPS's case file (reduced to `read`, ST2), and a person outside the
 * interdisciplinary team keeps no grant on the violence procedure (AC11). Each changed grant is
 * revoked and, where something remains, replaced by a new one with the same end (both audited).
 */
async function alignGrants(
	sql: Sql,
	head: { id: string },
	userId: string,
	role: string,
	p: Participant,
	now: number
): Promise<GrantChange[]> {
	const external = isExternal(p);
	const inTeam = inInterdisciplinaryTeam(role, p);
	const rows = await sql.all<{
		id: string;
		family_id: string;
		role: DocRole;
		compartments: string;
		valid_to: number | null;
		reason: string;
	}>(
		`SELECT id, family_id, role, compartments, valid_to, reason FROM grants
		 WHERE user_id = ? AND revoked_at IS NULL AND (valid_to IS NULL OR valid_to > ?)
		 ORDER BY created_at`,
		userId,
		now
	);
	const changes: GrantChange[] = [];
	for (const g of rows) {
		const compartments = JSON.parse(g.compartments) as Compartment[];
		const file = compartments.filter((c) => c !== 'violence');
		const violence = compartments.includes('violence');
		const fileReduced = external && g.role === 'edit' && file.length > 0;
		const violenceEnded = violence && !inTeam;
		if (!fileReduced && !violenceEnded) continue;
		await revokeGrant(sql, g.id, head.id, now);
		const to: GrantChange['to'] = [];
		const regrant = async (r: DocRole, cs: Compartment[], reason: string) => {
			const id = await grantAccess(sql, {
				familyId: g.family_id,
				userId,
				role: r,
				compartments: cs,
				grantedBy: head.id,
				reason,
				validTo: g.valid_to
			});
			to.push({ grantId: id, role: r, compartments: cs });
		};
		// The part the person keeps: the case file (read only when external), the violence
		// procedure while in the team; the reason says why the grant changed.
		const why = fileReduced
			? m.law3_st2_reduced_reason({ institution: institutionText(p) })
			: m.law3_st2_violence_ended_reason();
		if (file.length > 0) await regrant(fileReduced ? 'read' : g.role, file, `${g.reason} — ${why}`);
		if (violence && inTeam) await regrant(g.role, ['violence'], g.reason);
		changes.push({
			grantId: g.id,
			familyId: g.family_id,
			from: { role: g.role, compartments },
			to
		});
	}
	return changes;
}

/**
 * [ST2] The head records which institution a person of the organisation belongs to and whether
 * they sit in the interdisciplinary team (audited with before and after). [ST4] The person's
 * grants follow at once: recorded as another institution's, their `edit` grants on the case file
 * become `read`; recorded outside the team, their grants on the violence procedure end; their
 * open sockets are re-checked. A family's own assistant is never recorded as external (they edit
 * their families' files): refused with a Polish message naming the families.
 */
export async function recordParticipant(
	sql: Sql,
	head: { id: string; orgId: string; role: string },
	userId: string,
	body: unknown,
	now = Date.now()
): Promise<Done<{ changes: GrantChange[] }> | HttpRefusal<400 | 403 | 404 | 409>> {
	if (head.role !== 'kierownik') return { ok: false, status: 403, error: m.law_st1_head_only() };
	const user = await sql.get<{ role: string; name: string; institution: string | null }>(
		`SELECT u.role, u.name, s.institution FROM users u LEFT JOIN staff_law s ON s.user_id = u.id
		 WHERE u.id = ? AND u.org_id = ?`,
		userId,
		head.orgId
	);
	if (!user) return { ok: false, status: 404, error: m.law_st2_not_found() };
	const checked = checkParticipant(body);
	if (!checked.ok) return { ok: false, status: 400, error: checked.error };
	if (isExternal(checked.value)) {
		const families = await sql.all<{ name: string }>(
			'SELECT name FROM families WHERE assistant_id = ? ORDER BY name',
			userId
		);
		if (families.length > 0)
			return {
				ok: false,
				status: 409,
				error: m.law3_st2_assistant_external({
					name: user.name,
					families: families.map((f) => f.name).join(', ')
				})
			};
	}
	const changes = await sql.tx(async (t) => {
		await storeParticipant(t, userId, checked.value);
		const changed = await alignGrants(t, head, userId, user.role, checked.value, now);
		await auditStaffRecord(t, {
			head,
			userId,
			detail: {
				event: 'instytucja',
				before: readParticipant(user.institution, user.role),
				after: checked.value,
				...(changed.length > 0 ? { grants: changed } : {})
			}
		});
		return changed;
	});
	// The sync server applies the new roles to open sockets at once (RM11).
	for (const familyId of new Set(changes.map((c) => c.familyId)))
		notifyAccessChanged({ userId, familyId });
	return { ok: true, changes };
}
