/**
 * The kierownik's view of the unit (domain.md §5.1): caseload per assistant against the limit,
 * families waiting for an assistant, overdue periodic assessments and plans waiting for the
 * social worker's consultation. Read from the server's case projection, never from documents.
 */
import type { Db } from './db.js';
import { caseloadByAssistant, familiesWaitingForAssistant, orgSettings } from './caseload.js';
import { readProjection, type NkDates } from './case-projection.js';
import { caseLogBreaksOf, type FamilyCaseLogBreaks } from './case-log-reviews.js';
import { sqliteSqlOf } from './sql.js';
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
	caseload: ReturnType<typeof caseloadByAssistant>;
	waiting: ReturnType<typeof familiesWaitingForAssistant>;
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
export async function headView(db: Db, orgId: string, today: string): Promise<HeadView> {
	const settings = orgSettings(db, orgId);
	const rows = db
		.prepare(
			`SELECT f.id, f.name, f.case_state, f.case_conflict, f.case_projection, u.name AS assistant
			 FROM families f LEFT JOIN users u ON u.id = f.assistant_id
			 WHERE f.org_id = ? ORDER BY f.name`
		)
		.all(orgId) as {
		id: string;
		name: string;
		case_state: string;
		case_conflict: number;
		case_projection: string;
		assistant: string | null;
	}[];
	const view: HeadView = {
		caseload: caseloadByAssistant(db, orgId),
		waiting: familiesWaitingForAssistant(db, orgId),
		overdueAssessments: [],
		plansAwaitingConsultation: [],
		conflicts: [],
		changeConflicts: [],
		caseLogBreaks: await caseLogBreaksOf(sqliteSqlOf(db), orgId),
		eligibility: assistantsEligibility(db, orgId),
		niebieskaKarta: []
	};
	const openFields = db.prepare(
		'SELECT count(*) AS n FROM field_conflicts WHERE family_id = ? AND acked_at IS NULL'
	);
	const unreadNarratives = db.prepare(
		'SELECT count(*) AS n FROM narrative_conflicts WHERE family_id = ? AND read_at IS NULL'
	);
	for (const r of rows) {
		const line = { id: r.id, name: r.name, assistant: r.assistant, state: r.case_state };
		const fields = (openFields.get(r.id) as { n: number }).n;
		const narratives = (unreadNarratives.get(r.id) as { n: number }).n;
		if (fields + narratives > 0) view.changeConflicts.push({ ...line, fields, narratives });
		const p = readProjection(r.case_projection);
		if (r.case_conflict) view.conflicts.push(line);
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
