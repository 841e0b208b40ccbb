/**
 * [ST1] The assistant's art. 12 eligibility in the staff record, recorded by the head of the
 * organisation (audited) and shown in the head's view with what is missing.
 * [ST2] Every person's institution (OPS or another: court, PCPR, police…) and membership of the
 * interdisciplinary team, which the grant rules read.
 */
import type { Db } from './db.js';
import { recordAudit } from './audit.js';
import {
	checkEligibility,
	eligibilityGaps,
	readEligibility,
	type Eligibility,
	type EligibilityGap
} from '../domain/eligibility.js';
import {
	defaultParticipant,
	INSTITUTION_NAME_MAX,
	Participant,
	readParticipant
} from '../domain/institution.js';
import { m } from '../paraglide/messages.js';

/** One assistant of the organisation with the eligibility recorded and what it lacks. */
export interface AssistantEligibility {
	id: string;
	name: string;
	eligibility: Eligibility | null;
	gaps: EligibilityGap[];
}

/** [ST1] Every active assistant of the organisation, by name. */
export function assistantsEligibility(db: Db, orgId: string): AssistantEligibility[] {
	const rows = db
		.prepare(
			`SELECT u.id, u.name, s.art12 FROM users u LEFT JOIN staff_law s ON s.user_id = u.id
			 WHERE u.org_id = ? AND u.role = 'asystent' AND u.disabled_at IS NULL ORDER BY u.name`
		)
		.all(orgId) as { id: string; name: string; art12: string | null }[];
	return rows.map((r) => {
		const eligibility = readEligibility(r.art12);
		return { id: r.id, name: r.name, eligibility, gaps: eligibilityGaps(eligibility) };
	});
}

/** [ST1] Stores an assistant's eligibility; a refusal says why in Polish and stores nothing. */
export function recordEligibility(
	db: Db,
	head: { id: string; orgId: string; role: string },
	userId: string,
	body: unknown,
	today: string
): { ok: true } | { ok: false; status: 400 | 403 | 404; error: string } {
	if (head.role !== 'kierownik') return { ok: false, status: 403, error: m.law_st1_head_only() };
	const user = db
		.prepare(
			`SELECT s.art12 FROM users u LEFT JOIN staff_law s ON s.user_id = u.id
			 WHERE u.id = ? AND u.org_id = ? AND u.role = 'asystent'`
		)
		.get(userId, head.orgId) as { art12: string | null } | undefined;
	if (!user) return { ok: false, status: 404, error: m.law_st1_not_assistant() };
	const checked = checkEligibility(body, today);
	if (!checked.ok) return { ok: false, status: 400, error: checked.error };
	db.transaction(() => {
		db.prepare(
			`INSERT INTO staff_law (user_id, art12) VALUES (?, ?)
			 ON CONFLICT(user_id) DO UPDATE SET art12 = excluded.art12`
		).run(userId, JSON.stringify(checked.value));
		recordAudit(db, {
			actorId: head.id,
			actorRole: head.role,
			action: 'write',
			object: `user:${userId}`,
			detail: {
				event: 'kwalifikacje-art12',
				before: readEligibility(user.art12),
				after: checked.value
			}
		});
	})();
	return { ok: true };
}

/** [ST2] The institution of every person of the organisation (recorded, or assumed by role). */
export function participantsOf(db: Db, orgId: string): Map<string, Participant> {
	const rows = db
		.prepare(
			`SELECT u.id, u.role, s.institution FROM users u LEFT JOIN staff_law s ON s.user_id = u.id
			 WHERE u.org_id = ?`
		)
		.all(orgId) as { id: string; role: string; institution: string | null }[];
	return new Map(rows.map((r) => [r.id, readParticipant(r.institution, r.role)]));
}

/** [ST2] One person's institution (recorded, or assumed by role). */
export function participantOf(db: Db, userId: string): Participant {
	const row = db
		.prepare(
			`SELECT u.role, s.institution FROM users u LEFT JOIN staff_law s ON s.user_id = u.id
			 WHERE u.id = ?`
		)
		.get(userId) as { role: string; institution: string | null } | undefined;
	return row ? readParticipant(row.institution, row.role) : defaultParticipant('');
}

/** [ST2] Stores a person's institution without an audit row (the admin CLI audits its own acts). */
export function storeParticipant(db: Db, userId: string, p: Participant): void {
	db.prepare(
		`INSERT INTO staff_law (user_id, institution) VALUES (?, ?)
		 ON CONFLICT(user_id) DO UPDATE SET institution = excluded.institution`
	).run(userId, JSON.stringify(p));
}

/** [ST2] A record as sent by the head or the CLI, or a Polish message (nothing is cut, DB2). */
export function checkParticipant(
	body: unknown
): { ok: true; value: Participant } | { ok: false; error: string } {
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
 * [ST2] The head records which institution a person of the organisation belongs to and whether
 * they sit in the interdisciplinary team (audited with before and after).
 */
export function recordParticipant(
	db: Db,
	head: { id: string; orgId: string; role: string },
	userId: string,
	body: unknown
): { ok: true } | { ok: false; status: 400 | 403 | 404; error: string } {
	if (head.role !== 'kierownik') return { ok: false, status: 403, error: m.law_st1_head_only() };
	const user = db
		.prepare(
			`SELECT u.role, s.institution FROM users u LEFT JOIN staff_law s ON s.user_id = u.id
			 WHERE u.id = ? AND u.org_id = ?`
		)
		.get(userId, head.orgId) as { role: string; institution: string | null } | undefined;
	if (!user) return { ok: false, status: 404, error: m.law_st2_not_found() };
	const checked = checkParticipant(body);
	if (!checked.ok) return { ok: false, status: 400, error: checked.error };
	db.transaction(() => {
		storeParticipant(db, userId, checked.value);
		recordAudit(db, {
			actorId: head.id,
			actorRole: head.role,
			action: 'write',
			object: `user:${userId}`,
			detail: {
				event: 'instytucja',
				before: readParticipant(user.institution, user.role),
				after: checked.value
			}
		});
	})();
	return { ok: true };
}
