/**
 * [HI4] What the history page shows of a section as of a day: read from the read-only copy the
 * server replayed (history.svelte.ts), through the same sync readers as the live pages.
 */
import { readCore } from '$lib/sync/core-doc';
import { readContacts } from '$lib/sync/contacts-doc';
import { readAssessments } from '$lib/sync/assessments-doc';
import { readOpinions } from '$lib/sync/court-doc';
import type { CaseEvent } from '$lib/domain/case-events';
import type { CaseState } from '$lib/domain/case-state';
import type { PrintKind } from '$lib/domain/audit-chain';
import type { PrintSource } from '../print/print-source';
import { describeEvent, datePl } from './case-view';

/** A record that can be printed as of the day. */
export interface AsOfRecord {
	id: string;
	kind: PrintKind;
	label: string;
}

/** Assessments (by date) or court opinions (by sygnatura) held on that day. */
export function asOfRecords(section: 'assessments' | 'court', h: PrintSource): AsOfRecord[] {
	if (section === 'assessments')
		return h
			.read((doc) => readAssessments(doc))
			.assessments.map((a) => ({
				id: a.id,
				kind: 'ocena',
				label: `${datePl(a.date)} (${datePl(a.periodFrom)} – ${datePl(a.periodTo)})`
			}));
	return h
		.read((doc) => readOpinions(doc))
		.opinions.map((o) => ({
			id: o.id,
			kind: 'opinia',
			label: `${o.caseRef} — ${o.court}`
		}));
}

/** The case record as of the day: state, members, events, contacts. */
export interface CoreAsOf {
	state: CaseState;
	members: string[];
	events: { id: string; date: string; text: string }[];
	contacts: { id: string; date: string; institution: string }[];
}

export function coreAsOf(h: PrintSource): CoreAsOf {
	const core = h.read((doc) => readCore(doc));
	const names = new Map(core.members.map((m) => [m.id, m.name]));
	return {
		state: core.caseView.state,
		members: core.members.map((m) => m.name),
		events: core.caseEvents.map((e: CaseEvent) => ({
			id: e.id,
			date: datePl(e.at.slice(0, 10)),
			text: describeEvent(e, (id) => names.get(id) ?? null)
		})),
		contacts: h
			.read((doc) => readContacts(doc))
			.contacts.map((c) => ({
				id: c.id,
				date: datePl(c.date),
				institution: c.institution
			}))
	};
}

/** The case events of a core copy (agreed plan versions live there, CE4). */
export function caseEventsOf(h: PrintSource): CaseEvent[] {
	return h.read((doc) => readCore(doc)).caseEvents;
}
