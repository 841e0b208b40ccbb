/**
 * Builds the documents to print (domain.md §7) from the device's own copies of a family's
 * documents, so printing works offline. Pure over the handles it is given: the print page opens
 * the documents, this module reads them through the sync layer.
 */
import type { DocHandle } from '$lib/sync/connect';
import { readPlan } from '$lib/sync/plan-doc';
import { readCore } from '$lib/sync/core-doc';
import { readVisits, visitFragment } from '$lib/sync/visits-doc';
import { assessmentFragment, readAssessments } from '$lib/sync/assessments-doc';
import { opinionFragment, readOpinions } from '$lib/sync/court-doc';
import { fragmentBlocks } from '$lib/sync/print-text';
import { hashPlan } from '$lib/domain/plan-hash';
import type { PrintKind } from '$lib/domain/audit-chain';
import { plDate, type PrintBody, type PrintDocument, type PrintVisit } from '$lib/domain/print';
import { orphanActions } from '$lib/domain/work-plan';
import { actionStatusText, goalKindText } from '../labels/plan-labels';
import { visitNarrativeText, visitTypeText } from '../labels/visit-labels';
import { problemAreaText } from '../labels/family-labels';
import { opinionSectionText } from '../labels/court-labels';
import { dutyText } from '../labels/law-labels';
import { VisitNarrative, type Visit } from '$lib/domain/visit';
import { assessmentNarratives } from '$lib/domain/assessment';
import {
	cooperationText,
	goalProgressText,
	lifeAreaText,
	recommendationText
} from '../labels/assessment-labels';
import { opinionSections } from '$lib/domain/court';
import { m } from '$lib/paraglide/messages.js';
import type { Result } from '$lib/domain/result';

/** What a print needs: which document, which record, and the open documents it reads. */
export interface PrintRequest {
	kind: PrintKind;
	familyName: string;
	recordId: string;
	/** Period of a visit diary (ISO dates, '' = open). */
	from: string;
	to: string;
	/** Date printed in the version line of documents without versions (ISO). */
	today: string;
	docs: Partial<Record<'plan' | 'core' | 'visits' | 'assessments' | 'court', PrintSource>>;
}

/** A document to print from: a live handle, or a read-only copy as of a date (HI7). */
export type PrintSource = Pick<DocHandle, 'read'>;

export type PrintResult = Result<{ doc: PrintDocument }, { error: string }>;

/** A document found: of its body's kind, for the request's family. */
function printed(
	r: PrintRequest,
	head: Pick<PrintDocument, 'title' | 'version' | 'draft'>,
	body: PrintBody
): PrintResult {
	const { title, version, draft } = head;
	return {
		ok: true,
		doc: { kind: body.kind, title, familyName: r.familyName, version, draft, body }
	};
}

async function planDocument(r: PrintRequest, h: PrintSource): Promise<PrintResult> {
	const plan = h.read((doc) => readPlan(doc));
	const core = r.docs.core ? r.docs.core.read((doc) => readCore(doc)) : null;
	const agreed = core?.caseView.agreedPlan ?? null;
	const hash = await hashPlan(plan);
	// [DR3] The live plan is the agreed version only while nothing changed since the agreement.
	const isAgreed = agreed !== null && agreed.planHash === hash;
	const version = isAgreed
		? m.print_version_agreed({ version: agreed.version, date: plDate(agreed.at) })
		: m.print_version_draft({ version: (agreed?.version ?? 0) + 1 });
	const row = (a: (typeof plan.actions)[number]) => ({
		description: a.description,
		responsible: a.responsible,
		deadline: plDate(a.deadline),
		expectedEffect: a.expectedEffect,
		status: actionStatusText(a.status),
		// [DU1] only when set, so prints of older plans keep their content hash
		...(a.area ? { area: dutyText(a.area) } : {})
	});
	const goals = plan.goals.map((g) => ({
		kind: goalKindText(g.kind),
		title: g.title,
		actions: plan.actions.filter((a) => a.goalId === g.id).map(row)
	}));
	const orphans = orphanActions(plan);
	if (orphans.length)
		goals.push({ kind: m.print_orphan_actions(), title: '', actions: orphans.map(row) });
	return printed(
		r,
		{ title: m.print_title_plan(), version, draft: !isAgreed },
		{
			kind: 'plan',
			notes: plan.notes,
			problems: (core?.problems ?? []).map((p) => problemAreaText(p)),
			goals,
			signers: (core?.members ?? []).filter((m) => m.adultSigner).map((m) => m.name),
			// [G4] A refusal with its reason put this version in force: it is printed as such.
			...(isAgreed && agreed.method === 'odmowa'
				? {
						refusal: m.law_refusal_printed({
							version: agreed.version,
							date: plDate(agreed.at),
							reason: agreed.refusalReason
						})
					}
				: {})
		}
	);
}

function printVisit(h: PrintSource, v: Visit): PrintVisit {
	return {
		id: v.id,
		date: plDate(v.date),
		time: v.start || v.end ? `${v.start}–${v.end}` : '',
		place: v.place,
		type: visitTypeText(v.type),
		present: v.present,
		nextDate: plDate(v.nextDate),
		sections: VisitNarrative.options.map((f) => ({
			title: visitNarrativeText(f),
			blocks: fragmentBlocks(h.read((doc) => visitFragment(doc, v.id, f)))
		}))
	};
}

/** The version line of a visit or the diary: the day it was printed. */
const asOf = (r: PrintRequest) => m.print_version_as_of({ date: plDate(r.today) });

function visitsDocument(r: PrintRequest, h: PrintSource): PrintResult {
	const all = h.read((doc) => readVisits(doc)).visits;
	if (r.kind === 'wizyta') {
		const v = all.find((x) => x.id === r.recordId);
		if (!v) return { ok: false, error: m.print_missing_visit() };
		return printed(
			r,
			{ title: m.print_title_visit(), version: asOf(r), draft: false },
			{ kind: 'wizyta', from: v.date, to: v.date, visits: [printVisit(h, v)] }
		);
	}
	const inPeriod = all
		.filter((v) => (r.from === '' || v.date >= r.from) && (r.to === '' || v.date <= r.to))
		.sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start));
	return printed(
		r,
		{ title: m.print_title_diary(), version: asOf(r), draft: false },
		{
			kind: 'dziennik',
			from: plDate(r.from),
			to: plDate(r.to),
			visits: inPeriod.map((v) => printVisit(h, v))
		}
	);
}

function assessmentDocument(r: PrintRequest, h: PrintSource): PrintResult {
	const a = h.read((doc) => readAssessments(doc)).assessments.find((x) => x.id === r.recordId);
	if (!a) return { ok: false, error: m.print_missing_assessment() };
	const goals = r.docs.plan ? r.docs.plan.read((doc) => readPlan(doc)).goals : [];
	const version = m.print_version_assessment({ date: plDate(a.date) });
	return printed(
		r,
		{ title: m.print_title_assessment(), version, draft: false },
		{
			kind: 'ocena',
			date: plDate(a.date),
			period: `${plDate(a.periodFrom)} – ${plDate(a.periodTo)}`,
			goals: Object.entries(a.goals).map(([id, p]) => ({
				title: goals.find((g) => g.id === id)?.title ?? id,
				progress: goalProgressText(p)
			})),
			cooperation: cooperationText(a.cooperation),
			recommendation: recommendationText(a.recommendation),
			recipients: a.recipients,
			sections: assessmentNarratives.map((f) => ({
				title: f === 'summary' ? m.print_summary() : lifeAreaText(f),
				blocks: fragmentBlocks(h.read((doc) => assessmentFragment(doc, a.id, f)))
			}))
		}
	);
}

function opinionDocument(r: PrintRequest, h: PrintSource): PrintResult {
	const o = h.read((doc) => readOpinions(doc)).opinions.find((x) => x.id === r.recordId);
	if (!o) return { ok: false, error: m.print_missing_opinion() };
	const version = o.headApproved
		? m.print_version_opinion_approved()
		: m.print_version_opinion_draft();
	// [DR3] Not approved by the head: a draft, whatever the organisation's setting.
	return printed(
		r,
		{ title: m.print_title_opinion(), version, draft: !o.headApproved },
		{
			kind: 'opinia',
			court: o.court,
			caseRef: o.caseRef,
			received: plDate(o.received),
			due: plDate(o.due),
			scope: o.scope,
			approved: o.headApproved,
			sections: opinionSections.map((s) => ({
				title: opinionSectionText(s),
				blocks: fragmentBlocks(h.read((doc) => opinionFragment(doc, o.id, s)))
			}))
		}
	);
}

/** Which compartment each document is read from (and audited under). */
export const printCompartment = {
	plan: 'plan',
	wizyta: 'visits',
	dziennik: 'visits',
	ocena: 'assessments',
	opinia: 'court'
} as const satisfies Record<PrintKind, string>;

/** Builds the document; a Polish error when its document is not on this device. */
export async function buildPrint(r: PrintRequest): Promise<PrintResult> {
	const main = r.docs[printCompartment[r.kind]];
	if (!main) return { ok: false, error: m.print_no_access() };
	switch (r.kind) {
		case 'plan':
			return planDocument(r, main);
		case 'wizyta':
		case 'dziennik':
			return visitsDocument(r, main);
		case 'ocena':
			return assessmentDocument(r, main);
		case 'opinia':
			return opinionDocument(r, main);
	}
}
