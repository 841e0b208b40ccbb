/**
 * The "Nowa ocena" and "Nowe zapytanie sądu" forms: their values as typed and their validation
 * against the Assessment and CourtOpinion schemas, with Polish messages per field (AS2, CO2).
 * Pure, so it is tested without a browser; the forms keep what was typed whatever this returns.
 */
import { Assessment } from '$lib/domain/assessment';
import { CourtOpinion } from '$lib/domain/court';
import { addMonths } from '$lib/domain/dates';
import type { NewAssessment } from '$lib/sync/assessments-doc';
import type { NewOpinionRequest } from '$lib/sync/court-doc';
import { m } from '$lib/paraglide/messages.js';
import { checkDate, checkFormDates, fieldIssueMessage } from './date-bounds';
import { todayInPoland } from '$lib/domain/dates';
import { formCheck, issuesByField, withoutId, type FormCheck } from './form-check';

export interface AssessmentFormValues {
	date: string;
	periodFrom: string;
	periodTo: string;
	cooperation: string;
	recommendation: string;
	/** Progress per goal id; '' = not assessed. */
	goals: Record<string, string>;
	/** [RE6] Comment per goal id; '' = none. */
	goalNotes: Record<string, string>;
	/** Recipients, separated by commas. */
	recipients: string;
}
export type AssessmentFormField = Exclude<keyof AssessmentFormValues, 'goals'> | 'goals';
export type AssessmentFormErrors = Partial<Record<AssessmentFormField, string>>;

/** The form's own message for a field the schema refused or the browser could not read. */
const assessmentMessage = (field: AssessmentFormField): string =>
	m.records_err_assessment_field({ field });

/** A fresh form: today, the six months since the last assessment (or before today). */
export function emptyAssessmentForm(today: string, lastDate: string | null): AssessmentFormValues {
	return {
		date: today,
		periodFrom: lastDate ?? addMonths(today, -6),
		periodTo: today,
		cooperation: 'dobra',
		recommendation: 'kontynuacja',
		goals: {},
		goalNotes: {},
		recipients: m.records_assessment_default_recipients()
	};
}

/**
 * [AS2] Checks the form; `badDates` names date inputs whose text the browser cannot read.
 * `today` puts each date in the bounds that fit it, and `planGoals` (a new assessment of a plan
 * with that many goals) refuses one that assesses nothing (issue 12: an empty 05.12–05.12
 * assessment was saved).
 */
export function validateAssessmentForm(
	v: AssessmentFormValues,
	badDates: readonly string[] = [],
	opts: { today?: string; planGoals?: number | null } = {}
): FormCheck<NewAssessment, AssessmentFormErrors> {
	const errors: AssessmentFormErrors = {};
	for (const f of ['date', 'periodFrom', 'periodTo'] as const) {
		if (badDates.includes(f)) errors[f] = assessmentMessage(f);
		else if (v[f].trim() === '')
			errors[f] =
				f === 'date' ? m.records_err_assessment_date_missing() : m.records_err_period_missing();
		else if (opts.today) {
			const fit = checkDate(
				f === 'date' ? 'assessmentDate' : 'assessmentPeriod',
				v[f].trim(),
				opts.today
			);
			if (fit.error) errors[f] = fit.error;
		}
	}
	if (
		opts.today &&
		!errors.periodFrom &&
		!errors.periodTo &&
		v.periodFrom.trim() === v.periodTo.trim()
	)
		// A period of one day assesses nothing; one ending before it starts has its own message.
		errors.periodTo = m.caseload_period_order();
	const goals: Record<string, string> = {};
	for (const [id, p] of Object.entries(v.goals)) if (p !== '') goals[id] = p;
	const anyNote = Object.values(v.goalNotes ?? {}).some((t) => t.trim() !== '');
	// A plan still loading (null) may have goals: an assessment of none of them says nothing.
	const mayAssess = opts.planGoals === null || (opts.planGoals ?? 0) > 0;
	if (mayAssess && Object.keys(goals).length === 0 && !anyNote)
		errors.goals = m.caseload_assessment_empty();
	// Comments are stored only once the form has any, so an emptied one is written as {} (RE6).
	let goalNotes: Record<string, string> | undefined;
	if (Object.keys(v.goalNotes ?? {}).length > 0) {
		goalNotes = {};
		for (const [id, t] of Object.entries(v.goalNotes ?? {}))
			if (t.trim() !== '') goalNotes[id] = t.trim();
	}
	const candidate = {
		id: 'nowa',
		date: v.date.trim(),
		periodFrom: v.periodFrom.trim(),
		periodTo: v.periodTo.trim(),
		goals,
		...(goalNotes ? { goalNotes } : {}),
		cooperation: v.cooperation,
		recommendation: v.recommendation,
		recipients: v.recipients
			.split(',')
			.map((s) => s.trim())
			.filter((s) => s !== '')
	};
	const parsed = Assessment.safeParse(candidate);
	if (!parsed.success)
		issuesByField(parsed.error.issues, v, errors, (issue, f) =>
			issue.code === 'custom'
				? issue.message
				: fieldIssueMessage(issue, candidate[f as keyof typeof candidate], () =>
						assessmentMessage(f)
					)
		);
	return formCheck(errors, parsed, withoutId);
}

export interface OpinionFormValues {
	court: string;
	caseRef: string;
	received: string;
	due: string;
	scope: string;
}
export type OpinionFormField = keyof OpinionFormValues;
export type OpinionFormErrors = Partial<Record<OpinionFormField, string>>;

const opinionMessage = (field: OpinionFormField): string => m.records_err_opinion_field({ field });

export function emptyOpinionForm(today: string): OpinionFormValues {
	return { court: '', caseRef: '', received: today, due: '', scope: '' };
}

/** [CO2] Checks the court's request; `badDates` as for the assessment form. */
export function validateOpinionForm(
	v: OpinionFormValues,
	badDates: readonly string[] = [],
	today = todayInPoland()
): FormCheck<NewOpinionRequest, OpinionFormErrors> {
	const errors: OpinionFormErrors = {};
	for (const f of ['received', 'due'] as const) {
		if (badDates.includes(f)) errors[f] = opinionMessage(f);
		else if (v[f].trim() === '')
			errors[f] = f === 'due' ? m.records_err_due_missing() : m.records_err_received_missing();
	}
	const candidate = {
		id: 'nowa',
		court: v.court.trim(),
		caseRef: v.caseRef.trim(),
		received: v.received.trim(),
		due: v.due.trim(),
		scope: v.scope.trim(),
		headApproved: false,
		sentOn: '',
		sentMethod: ''
	};
	const parsed = CourtOpinion.safeParse(candidate);
	if (!parsed.success)
		issuesByField(parsed.error.issues, v, errors, (issue, f) =>
			// Custom and min-length messages from the schema are already Polish and precise.
			issue.code === 'custom' || issue.code === 'too_small'
				? issue.message
				: fieldIssueMessage(issue, v[f], () => opinionMessage(f))
		);
	// [DB1] The request arrived already; the answer is due within a year.
	checkFormDates(v, { received: 'opinionReceived', due: 'opinionDue' }, errors, today);
	return formCheck(errors, parsed, ({ court, caseRef, received, due, scope }) => ({
		court,
		caseRef,
		received,
		due,
		scope
	}));
}
