/**
 * [CE10] The head gives a family another assistant: G1 for the new assistant against the
 * organisation's live caseloads, G2 against the family's social worker, a date not before the
 * case started. The assignment, the grants and the audit change in one transaction; the head's
 * device then records the change in the case log (the server holds no copy of the core
 * document to write into), where `RECORDED_ONLY_BY` lets only a head record it.
 */
import type { Sql } from './sql.js';
import { appendAudit } from './audit.js';
import { caseloadByAssistant, orgSettings } from './caseload.js';
import { grantAccess } from './families.js';
import { ASSISTANT_COMPARTMENTS } from '../domain/compartments.js';
import { AssistantChangeRequest, checkAssistantChange } from '../domain/assistant-change.js';
import { CaseState } from '../domain/case-state.js';
import { todayInPoland } from '../domain/dates.js';
import { m } from '../paraglide/messages.js';
import { externalAssistant } from './staff-law.js';
import type { Done } from '../domain/result.js';
import type { HttpRefusal } from './http-refusal.js';

/** The signed-in head. */
export interface Head {
	id: string;
	orgId: string;
	role: string;
}

export type AssistantChangeResult =
	| Done<{
			from: { id: string; name: string } | null;
			to: { id: string; name: string };
			/** Users whose access changed: the sync server re-checks their sockets. */
			changed: { userId: string; familyId: string }[];
	  }>
	| HttpRefusal<400 | 403 | 404 | 409>;

type FamilyRow = {
	org_id: string;
	assistant_id: string | null;
	social_worker_id: string | null;
	case_state: string;
	created_at: number;
};

/** Changes the family's assistant, or says in Polish why not; nothing is stored on a refusal. */
export async function changeAssistant(
	sql: Sql,
	by: Head,
	familyId: string,
	body: unknown
): Promise<AssistantChangeResult> {
	const family = await sql.get<FamilyRow>(
		'SELECT org_id, assistant_id, social_worker_id, case_state, created_at FROM families WHERE id = ?',
		familyId
	);
	if (!family || family.org_id !== by.orgId)
		return { ok: false, status: 404, error: m.law_change_not_found() };
	if (by.role !== 'kierownik') return { ok: false, status: 403, error: m.law_change_head_only() };
	const req = AssistantChangeRequest.safeParse(body);
	if (!req.success)
		return {
			ok: false,
			status: 400,
			error: req.error.issues[0]?.message ?? m.law_change_invalid()
		};
	const to = await sql.get<{ id: string; name: string }>(
		`SELECT id, name FROM users WHERE id = ? AND org_id = ? AND role = 'asystent' AND disabled_at IS NULL`,
		req.data.assistantId,
		by.orgId
	);
	if (!to) return { ok: false, status: 400, error: m.law_change_pick_assistant() };
	// [ST4] A person of another institution does not edit the OPS's file (ST2).
	const external = await externalAssistant(sql, to.id, to.name);
	if (external) return { ok: false, status: 409, error: external };
	const state = CaseState.safeParse(family.case_state);
	const load = (await caseloadByAssistant(sql, by.orgId)).find((a) => a.assistantId === to.id);
	const check = checkAssistantChange({
		settings: await orgSettings(sql, by.orgId),
		req: req.data,
		currentAssistantId: family.assistant_id,
		socialWorkerId: family.social_worker_id,
		newAssistantCaseload: load?.count ?? 0,
		state: state.success ? state.data : 'ZGLOSZENIE',
		caseStart: todayInPoland(new Date(family.created_at)),
		today: todayInPoland()
	});
	if (!check.ok) return { ok: false, status: 409, error: check.message };
	const from = family.assistant_id
		? ((await sql.get<{ id: string; name: string }>(
				'SELECT id, name FROM users WHERE id = ?',
				family.assistant_id
			)) ?? null)
		: null;
	const lead = m.api_grant_reason_lead_assistant();
	await sql.tx(async (t) => {
		await t.run('UPDATE families SET assistant_id = ? WHERE id = ?', to.id, familyId);
		// The former assistant's lead grant ends now; a grant of its own (the ZI group) stays.
		if (from)
			for (const g of await t.all<{ id: string }>(
				`SELECT id FROM grants WHERE family_id = ? AND user_id = ? AND reason = ? AND revoked_at IS NULL`,
				familyId,
				from.id,
				lead
			)) {
				await t.run(
					'UPDATE grants SET revoked_at = ?, revoked_by = ? WHERE id = ?',
					Date.now(),
					by.id,
					g.id
				);
				await appendAudit(t, {
					actorId: by.id,
					actorRole: by.role,
					action: 'revoke',
					object: from.id,
					familyId,
					detail: { grantId: g.id }
				});
			}
		await grantAccess(t, {
			familyId,
			userId: to.id,
			role: 'edit',
			compartments: ASSISTANT_COMPARTMENTS,
			grantedBy: by.id,
			reason: lead
		});
		await appendAudit(t, {
			actorId: by.id,
			actorRole: by.role,
			action: 'write',
			object: `family:${familyId}`,
			familyId,
			detail: {
				event: 'zmiana-asystenta',
				fromId: from?.id ?? null,
				toId: to.id,
				since: req.data.since,
				reason: req.data.reason,
				overLocalLimit: check.overLocalLimit,
				...(check.overLocalLimit ? { overrideJustification: req.data.overrideJustification } : {})
			}
		});
	});
	const changed = [{ userId: to.id, familyId }];
	if (from) changed.push({ userId: from.id, familyId });
	return { ok: true, from, to, changed };
}
