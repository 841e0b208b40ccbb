/**
 * The kierownik's view of the unit (domain.md §5.1): caseload per assistant against the limit,
 * families waiting for an assistant, overdue periodic assessments and plans waiting for the
 * social worker's consultation. Read from the server's case projection, never from documents.
 */
import type { Sql } from './sql.js';
import { caseloadByAssistant, familiesWaitingForAssistant, orgSettings } from './caseload.js';
import { readProjection, type NkDates } from './case-projection.js';
import { caseLogBreaksOf, type FamilyCaseLogBreaks } from './case-log-reviews.js';
import { ASSESSED_STATES, assessmentDue } from '../domain/deadlines.js';
import { assistantsEligibility, type AssistantEligibility } from './staff-eligibility.js';

/** States in which periodic assessments fall due (active work with the family, DL7). */
const ASSESSED: readonly string[] = ASSESSED_STATES;

export interface FamilyLine {
	id: string;
	name: string;
	assistant: string | null;
	state: string;
}

/** What `GET /api/kierownik` returns. */
export interface HeadView {
	caseload: Awaited<ReturnType<typeof caseloadByAssistant>>;
	waiting: Awaited<ReturnType<typeof familiesWaitingForAssistant>>;
	overdueAssessments: (FamilyLine & { due: string })[];
	plansAwaitingConsultation: (FamilyLine & { version: number })[];
	conflicts: FamilyLine[];
	/** [CF8] Families with open field conflicts or unread narrative conflicts: counts only. */
	changeConflicts: (FamilyLine & { fields: number; narratives: number })[];
	/** [CE8] Families whose stored case log holds entries that break the write policy. */
	caseLogBreaks: FamilyCaseLogBreaks[];
	/** [ST1] Every assistant with the art. 12 eligibility recorded and what it lacks. */
	eligibility: AssistantEligibility[];
	/** [NK3] Families with Niebieska Karta procedures: their dates only (the device counts days). */
	niebieskaKarta: (FamilyLine & { procedures: NkDates[] })[];
}

/** [HV1] The head's view of one organisation on `today` (YYYY-MM-DD). */
export async function headView(sql: Sql, orgId: string, today: string): Promise<HeadView> {
	const settings = await orgSettings(sql, orgId);
	const rows = await sql.all<{
		id: string;
		name: string;
		case_state: string;
		case_conflict: number;
		case_projection: string;
		assistant: string | null;
	}>(
		`SELECT f.id, f.name, f.case_state, f.case_conflict, f.case_projection, u.name AS assistant
		 FROM families f LEFT JOIN users u ON u.id = f.assistant_id
		 WHERE f.org_id = ? ORDER BY f.name`,
		orgId
	);
	const view: HeadView = {
		caseload: await caseloadByAssistant(sql, orgId),
		waiting: await familiesWaitingForAssistant(sql, orgId),
		overdueAssessments: [],
		plansAwaitingConsultation: [],
		conflicts: [],
		changeConflicts: [],
		caseLogBreaks: await caseLogBreaksOf(sql, orgId),
		eligibility: await assistantsEligibility(sql, orgId),
		niebieskaKarta: []
	};
	// Counted per family in one statement each, not one per family (a round trip each on PostgreSQL).
	const openFields = await countsByFamily(
		sql,
		'field_conflicts c JOIN families f ON f.id = c.family_id WHERE f.org_id = ? AND c.acked_at IS NULL',
		orgId
	);
	const unreadNarratives = await countsByFamily(
		sql,
		'narrative_conflicts c JOIN families f ON f.id = c.family_id WHERE f.org_id = ? AND c.read_at IS NULL',
		orgId
	);
	for (const r of rows) {
		const line = { id: r.id, name: r.name, assistant: r.assistant, state: r.case_state };
		const fields = openFields.get(r.id) ?? 0;
		const narratives = unreadNarratives.get(r.id) ?? 0;
		if (fields + narratives > 0) view.changeConflicts.push({ ...line, fields, narratives });
		const p = readProjection(r.case_projection);
		if (r.case_conflict === 1) view.conflicts.push(line);
		if (p.nk.length > 0) view.niebieskaKarta.push({ ...line, procedures: p.nk });
		if (p.agreedPlanVersion !== null && !p.planConsulted)
			view.plansAwaitingConsultation.push({ ...line, version: p.agreedPlanVersion });
		if (!ASSESSED.includes(r.case_state)) continue;
		// DL2, DL7: N months after the last assessment, or after the anchor, never before the
		// assistant's start of work (the same rule as the device's Terminy tray).
		const due = assessmentDue(settings, p);
		if (due && due < today) view.overdueAssessments.push({ ...line, due });
	}
	return view;
}

/** Rows per family of `from` (a table, its join and condition on `c`), by family id. */
async function countsByFamily(sql: Sql, from: string, orgId: string): Promise<Map<string, number>> {
	const rows = await sql.all<{ family_id: string; n: number }>(
		`SELECT c.family_id, count(*) AS n FROM ${from} GROUP BY c.family_id`,
		orgId
	);
	return new Map(rows.map((r) => [r.family_id, r.n]));
}
