import { addDays, addMonths, addWorkingDays, daysBetween, type HolidayCalendar } from './dates.js';
import type { CaseView } from './case-view.js';
import type { CaseState } from './case-state.js';
import type { OrgSettings } from './settings.js';
import { isOverdue, type WorkPlan } from './work-plan.js';
import { nkDeadlines, type NkRecord } from './niebieska-karta.js';

/**
 * The "Terminy" tray: every deadline of a family's case, computed on the device from what it
 * holds, so it works offline (domain.md §4). Rules DL1–DL6 in SPEC.md.
 */
export type TerminKind =
	| 'dzialanie'
	| 'ocena'
	| 'wizyta'
	| 'opinia'
	| 'monitoring'
	| 'wywiad'
	| 'nk'
	| 'przekazanie_oceny';
export type TerminStatus = 'po_terminie' | 'wkrotce' | 'pozniej';

export interface Termin {
	kind: TerminKind;
	/** What it is about: an action id, a court case reference, … */
	ref: string;
	/**
	 * What its label names, besides its kind: the action's description, the court case
	 * reference, the signal's date (ISO); '' otherwise. The words come from the catalogue
	 * (`terminLabel` in the state layer), so the domain composes no UI text.
	 */
	subject: string;
	due: string;
	status: TerminStatus;
}

export interface CourtRequest {
	id: string;
	caseRef: string;
	due: string;
	sent: boolean;
}

export interface TerminyInput {
	today: string;
	settings: OrgSettings;
	plan?: WorkPlan;
	caseView?: CaseView;
	firstContact?: string | null;
	lastAssessment?: string | null;
	lastVisit?: string | null;
	courtRequests?: readonly CourtRequest[];
	/** When the signal arrived, and whether it is urgent (RWŚ within 14 or 2 working days). */
	signal?: { date: string; urgent: boolean; interviewDone: boolean } | null;
	/** [NK1] Niebieska Karta procedures, when the device holds the violence compartment. */
	nk?: readonly NkRecord[] | null;
	/**
	 * [NK2] The device holds the violence compartment write-only (the assistant outside the
	 * group): only the hand-over to the ZI chair is its deadline; later steps belong to the group.
	 */
	nkHandOverOnly?: boolean;
	/** [AS4] Periodic assessments (id, date) not yet passed to the employer. */
	assessmentsToPass?: readonly { id: string; date: string }[];
}

function status(today: string, due: string, remindDays: number): TerminStatus {
	if (due < today) return 'po_terminie';
	return daysBetween(today, due) <= remindDays ? 'wkrotce' : 'pozniej';
}

/** The dates the six-month clock may start from (device dates, ISO). */
export interface AssessmentDates {
	lastAssessment: string | null;
	consentDate: string | null;
	firstContact: string | null;
	/** [DL7] When the assistant started work with the family: the assignment. */
	workStart: string | null;
}

/**
 * [DL2][DL7] Next periodic assessment: N months after the last one, or after the organisation's
 * anchor, but never counted from before the assistant's start of work (a court order dated
 * before the assignment is the consent basis, not the start of the assistant's work).
 */
export function assessmentDue(s: OrgSettings, d: AssessmentDates): string | null {
	if (d.lastAssessment) return addMonths(d.lastAssessment, s.assessmentEveryMonths);
	const chosen = s.assessmentAnchor === 'consent' ? d.consentDate : d.firstContact;
	if (!chosen) return null;
	const anchor = d.workStart && d.workStart > chosen ? d.workStart : chosen;
	return addMonths(anchor, s.assessmentEveryMonths);
}

/** [DL7] The assistant's start of work: when the case last entered PRZYDZIELONA (device date). */
export function workStartOf(view: Pick<CaseView, 'enteredAt'> | undefined): string | null {
	return view?.enteredAt.PRZYDZIELONA?.slice(0, 10) ?? null;
}

/** [DL2] Next periodic assessment of the Terminy tray. */
export function nextAssessmentDue(input: TerminyInput): string | null {
	return assessmentDue(input.settings, {
		lastAssessment: input.lastAssessment ?? null,
		consentDate: input.caseView?.consent?.date ?? null,
		firstContact: input.firstContact ?? null,
		workStart: workStartOf(input.caseView)
	});
}

/** [DL7] States in which periodic assessments fall due: active work, suspension included. */
export const ASSESSED_STATES: readonly CaseState[] = [
	'NAWIAZANIE',
	'PLAN',
	'REALIZACJA',
	'ZAWIESZONA'
];

/** All deadlines of one case, soonest first. */
export function computeTerminy(input: TerminyInput, isHoliday: HolidayCalendar): Termin[] {
	const { today, settings: s } = input;
	const out: Termin[] = [];
	// [DL3] plan actions: overdue when open past the deadline, upcoming within the reminder window.
	for (const a of input.plan?.actions ?? []) {
		if (a.deadline === '' || !['planowane', 'w_trakcie', 'czesciowo'].includes(a.status)) continue;
		out.push({
			kind: 'dzialanie',
			ref: a.id,
			subject: a.description.trim(),
			due: a.deadline,
			status: isOverdue(a, today) ? 'po_terminie' : status(today, a.deadline, s.actionReminderDays)
		});
	}
	const state = input.caseView?.state;
	const working = state === 'NAWIAZANIE' || state === 'PLAN' || state === 'REALIZACJA';
	// [DL2] periodic assessment, reminder from month M; [DL7] a suspended case keeps its clock.
	const assessed = state !== undefined && ASSESSED_STATES.includes(state);
	const assessment = assessed ? nextAssessmentDue(input) : null;
	if (assessment) {
		const remindFrom = addMonths(assessment, s.assessmentReminderMonths - s.assessmentEveryMonths);
		out.push({
			kind: 'ocena',
			ref: 'ocena-okresowa',
			subject: '',
			due: assessment,
			status: assessment < today ? 'po_terminie' : today >= remindFrom ? 'wkrotce' : 'pozniej'
		});
	}
	// [DL4] visit cadence: the next visit is due N days after the last.
	if (working && input.lastVisit) {
		const due = addDays(input.lastVisit, s.visitCadenceDays);
		out.push({
			kind: 'wizyta',
			ref: 'wizyta',
			subject: '',
			due,
			status: status(today, due, 2)
		});
	}
	// [DL5] court opinions: reminders at the configured days before the due date.
	for (const r of input.courtRequests ?? []) {
		if (r.sent) continue;
		const remind = Math.max(0, ...s.courtOpinionReminderDays);
		out.push({
			kind: 'opinia',
			ref: r.id,
			subject: r.caseRef,
			due: r.due,
			status: status(today, r.due, remind)
		});
	}
	// [DL6] monitoring ends N months after it started.
	const monitoringFrom = input.caseView?.enteredAt.MONITORING?.slice(0, 10);
	if (state === 'MONITORING' && monitoringFrom) {
		const due = addMonths(monitoringFrom, s.monitoringMonths);
		out.push({
			kind: 'monitoring',
			ref: 'monitoring',
			subject: '',
			due,
			status: status(today, due, 14)
		});
	}
	// [DL1] the family community interview: 14 working days after the signal, 2 when urgent.
	if (input.signal && !input.signal.interviewDone) {
		const due = addWorkingDays(input.signal.date, input.signal.urgent ? 2 : 14, isHoliday);
		out.push({
			kind: 'wywiad',
			ref: 'wywiad',
			subject: input.signal.date,
			due,
			status: status(today, due, 3)
		});
	}
	// [AS4][OS7] An assessment not passed to the employer within the organisation's days.
	for (const a of input.assessmentsToPass ?? []) {
		const due = addDays(a.date, input.settings.assessmentHandOverDays);
		out.push({
			kind: 'przekazanie_oceny',
			ref: a.id,
			subject: a.date,
			due,
			status: status(today, due, 3)
		});
	}
	// [NK1] Niebieska Karta steps not done yet, in working days; the subject is the step's code.
	for (const r of input.nk ?? [])
		for (const d of nkDeadlines(r, isHoliday)) {
			if (d.doneOn !== '') continue;
			if (input.nkHandOverOnly && d.step !== 'do_przewodniczacego') continue;
			out.push({
				kind: 'nk',
				ref: `${d.recordId}:${d.step}`,
				subject: d.step,
				due: d.due,
				status: status(today, d.due, 2)
			});
		}
	return out.sort((a, b) =>
		a.due < b.due ? -1 : a.due > b.due ? 1 : a.kind.localeCompare(b.kind)
	);
}
