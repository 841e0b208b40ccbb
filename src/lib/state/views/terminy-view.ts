/**
 * Pure pieces of the "Terminy" tray and of "Moje rodziny": what to feed computeTerminy from a
 * family's parsed documents, how to group the result, and the caseload count (CS2). All of it
 * runs on the device from documents held locally, so it works offline.
 */
import { m } from '$lib/paraglide/messages.js';
import { countsTowardCaseload, type CaseState } from '$lib/domain/case-state';
import type { CaseView } from '$lib/domain/case-view';
import { daysBetween, formatDatePl, type HolidayCalendar } from '$lib/domain/dates';
import {
	computeTerminy,
	type CourtRequest,
	type Termin,
	type TerminStatus
} from '$lib/domain/deadlines';
import type { OrgSettings } from '$lib/domain/settings';
import { NkStep, type NkRecord } from '$lib/domain/niebieska-karta';
import { nkStepText } from '../labels/law-labels';
import { lastVisitDate, type Visit } from '$lib/domain/visit';
import type { WorkPlan } from '$lib/domain/work-plan';

/** What a device holds of one family; a compartment it cannot open is null. */
export interface FamilyFacts {
	plan: WorkPlan | null;
	caseView: CaseView | null;
	visits: readonly Visit[] | null;
	/** Date of the latest periodic assessment (DL2 counts from it); null when none or not held. */
	lastAssessment?: string | null;
	/** Court opinions requested (DL5); null when the court compartment is not held. */
	courtRequests?: readonly CourtRequest[] | null;
	/** [NK1] Niebieska Karta procedures; null when the violence compartment is not held. */
	nk?: readonly NkRecord[] | null;
	/** [NK2] The violence compartment is held write-only. */
	nkHandOverOnly?: boolean;
	/** [AS4] Periodic assessments not yet passed to the employer. */
	assessmentsToPass?: readonly { id: string; date: string }[] | null;
}

/** [DL1–DL6] Every deadline of one family, soonest first. */
export function familyTerminy(
	facts: FamilyFacts,
	ctx: { today: string; settings: OrgSettings; isHoliday: HolidayCalendar }
): Termin[] {
	return computeTerminy(
		{
			today: ctx.today,
			settings: ctx.settings,
			plan: facts.plan ?? undefined,
			caseView: facts.caseView ?? undefined,
			// First contact is when the case entered NAWIAZANIE (the anchor if the org chose it).
			firstContact: facts.caseView?.enteredAt.NAWIAZANIE?.slice(0, 10) ?? null,
			lastVisit: facts.visits ? lastVisitDate(facts.visits) : null,
			lastAssessment: facts.lastAssessment ?? null,
			courtRequests: facts.courtRequests ?? [],
			nk: facts.nk ?? [],
			nkHandOverOnly: facts.nkHandOverOnly ?? false,
			assessmentsToPass: facts.assessmentsToPass ?? []
		},
		ctx.isHoliday
	);
}

/** Polish headings of the tray's groups, in display order. */
export const terminGroups: { status: TerminStatus; label: string }[] = [
	{ status: 'po_terminie', label: m.common_group_overdue() },
	{ status: 'wkrotce', label: m.common_group_soon() },
	{ status: 'pozniej', label: m.common_group_later() }
];

/** Splits a soonest-first list into the tray's groups, keeping the order within each. */
export function groupTerminy<T extends { status: TerminStatus }>(
	items: readonly T[]
): Record<TerminStatus, T[]> {
	const out: Record<TerminStatus, T[]> = { po_terminie: [], wkrotce: [], pozniej: [] };
	for (const t of items) out[t.status].push(t);
	return out;
}

/**
 * [DL8] What "Najbliższe terminy" on Moje rodziny lists: everything overdue or upcoming, and any
 * deadline of whatever kind due within the coming `days` (the organisation's reminder window),
 * shown as upcoming. Issue 12: a visit due in four days (whose own reminder starts two days
 * before) was missing, and the tray said "Nic po terminie ani w najbliższych dniach".
 */
export function trayTerminy<T extends { status: TerminStatus; due: string }>(
	items: readonly T[],
	today: string,
	days: number
): T[] {
	return items.flatMap((t) =>
		t.status !== 'pozniej'
			? [t]
			: daysBetween(today, t.due) <= days
				? [{ ...t, status: 'wkrotce' as const }]
				: []
	);
}

/** The deadline to show next to a family: the earliest overdue one, else the soonest. */
export function nextTermin(items: readonly Termin[]): Termin | null {
	return items.find((t) => t.status === 'po_terminie') ?? items[0] ?? null;
}

/** A family as the caseload meter sees it. */
export interface CaseloadRow {
	assistantId: string | null;
	/** Case state from the core document; null while it is not on the device. */
	state: CaseState | null;
}

/**
 * [CS2] Families that count toward the user's caseload: theirs as the assistant, in a counting
 * state. `unknown` counts families whose state this device does not hold yet (shown as such).
 */
export function caseloadOf(
	rows: readonly CaseloadRow[],
	userId: string,
	settings: OrgSettings
): { count: number; unknown: number; limit: number } {
	let count = 0;
	let unknown = 0;
	for (const r of rows) {
		if (r.assistantId !== userId) continue;
		if (r.state === null) unknown++;
		else if (countsTowardCaseload(r.state, settings.monitoringCountsTowardCaseload)) count++;
	}
	return { count, unknown, limit: settings.caseloadLimit };
}

/** Case-insensitive, accent-insensitive match of a family name for the offline search. */
export function matchesSearch(name: string, query: string): boolean {
	const fold = (s: string) =>
		s.toLocaleLowerCase('pl').normalize('NFD').replace(/\p{M}/gu, '').replace(/ł/g, 'l');
	const q = fold(query.trim());
	return q === '' || fold(name).includes(q);
}

/** A deadline's label in Polish, from its kind and subject (the domain composes no UI text). */
export function terminLabel(t: Termin): string {
	switch (t.kind) {
		case 'dzialanie':
			return t.subject || m.families_termin_action_untitled();
		case 'ocena':
			return m.families_termin_assessment();
		case 'wizyta':
			return m.families_termin_visit();
		case 'opinia':
			return m.families_termin_opinion({ caseRef: t.subject });
		case 'monitoring':
			return m.families_termin_monitoring_end();
		case 'wywiad':
			return m.families_termin_interview({ date: formatDatePl(t.subject) });
		case 'przekazanie_oceny':
			return m.law_termin_assessment_handover({ date: formatDatePl(t.subject) });
		case 'nk': {
			const step = NkStep.safeParse(t.subject);
			return m.law_termin_nk({ step: step.success ? nkStepText(step.data) : t.subject });
		}
	}
}
