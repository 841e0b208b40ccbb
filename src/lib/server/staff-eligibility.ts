/**
 * [ST1] The assistant's art. 12 eligibility in the staff record, recorded by the head of the
 * organisation (audited) and shown in the head's view with what is missing.
 */
import type { Sql } from './sql.js';
import { auditStaffRecord } from './audit.js';
import {
	checkEligibility,
	eligibilityGaps,
	readEligibility,
	type Eligibility,
	type EligibilityGap
} from '../domain/eligibility.js';
import { m } from '../paraglide/messages.js';
import type { Done } from '../domain/result.js';
import type { HttpRefusal } from './http-refusal.js';

/** One assistant of the organisation with the eligibility recorded and what it lacks. */
export interface AssistantEligibility {
	id: string;
	name: string;
	eligibility: Eligibility | null;
	gaps: EligibilityGap[];
}

/** [ST1] Every active assistant of the organisation, by name. */
export async function assistantsEligibility(
	sql: Sql,
	orgId: string
): Promise<AssistantEligibility[]> {
	const rows = await sql.all<{ id: string; name: string; art12: string | null }>(
		`SELECT u.id, u.name, s.art12 FROM users u LEFT JOIN staff_law s ON s.user_id = u.id
		 WHERE u.org_id = ? AND u.role = 'asystent' AND u.disabled_at IS NULL ORDER BY u.name`,
		orgId
	);
	return rows.map((r) => {
		const eligibility = readEligibility(r.art12);
		return { id: r.id, name: r.name, eligibility, gaps: eligibilityGaps(eligibility) };
	});
}

/** [ST1] Stores an assistant's eligibility; a refusal says why in Polish and stores nothing. */
export async function recordEligibility(
	sql: Sql,
	head: { id: string; orgId: string; role: string },
	userId: string,
	body: unknown,
	today: string
): Promise<Done | HttpRefusal<400 | 403 | 404>> {
	if (head.role !== 'kierownik') return { ok: false, status: 403, error: m.law_st1_head_only() };
	const user = await sql.get<{ art12: string | null }>(
		`SELECT s.art12 FROM users u LEFT JOIN staff_law s ON s.user_id = u.id
		 WHERE u.id = ? AND u.org_id = ? AND u.role = 'asystent'`,
		userId,
		head.orgId
	);
	if (!user) return { ok: false, status: 404, error: m.law_st1_not_assistant() };
	const checked = checkEligibility(body, today);
	if (!checked.ok) return { ok: false, status: 400, error: checked.error };
	await sql.tx(async (t) => {
		await t.run(
			`INSERT INTO staff_law (user_id, art12) VALUES (?, ?)
			 ON CONFLICT (user_id) DO UPDATE SET art12 = excluded.art12`,
			userId,
			JSON.stringify(checked.value)
		);
		await auditStaffRecord(t, {
			head,
			userId,
			detail: {
				event: 'kwalifikacje-art12',
				before: readEligibility(user.art12),
				after: checked.value
			}
		});
	});
	return { ok: true };
}
