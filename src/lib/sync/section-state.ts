/**
 * [HI2] A section of a family's file as plain records, for history: each part (goals, actions,
 * members, visits…) is a map from record id to its fields, read through the section's own zod
 * readers (*-doc.ts), with the text of every narrative fragment of a record added, so a change to
 * a visit's description counts as a change of that visit. Pure over a Y.Doc.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { readAssessments } from './assessments-doc.js';
import { readContacts, readMonitoring } from './contacts-doc.js';
import { readCore } from './core-doc.js';
import { readOpinions, readOrders } from './court-doc.js';
import {
	AssessmentsRoot,
	CoreRoot,
	CourtRoot,
	PlanRoot,
	SafetyRoot,
	VisitsRoot
} from './doc-schema.js';
import { readFinalAssessments } from './final-assessment-doc.js';
import { readCoordination, readPlan } from './plan-doc.js';
import { readSafety } from './safety-doc.js';
import { readVisits } from './visits-doc.js';
import type { RecordFields, SectionState } from '../domain/history-diff.js';

/** Sections whose history can be read: the compartments with document readers. */
export const HistorySection = z.enum(['plan', 'core', 'visits', 'assessments', 'court']);
export type HistorySection = z.infer<typeof HistorySection>;

export type { RecordFields, SectionState };

interface PartSpec {
	/** Root types this part reads: a transaction touching none of them leaves it unchanged. */
	roots: readonly string[];
	read: (doc: Y.Doc) => Record<string, RecordFields>;
}

function byId<T extends { id: string }>(
	items: readonly T[],
	list?: Y.Array<unknown>
): Record<string, RecordFields> {
	const out: Record<string, RecordFields> = {};
	for (const it of items) out[it.id] = { ...it };
	if (list) addNarratives(list, out);
	return out;
}

/** Adds each record's rich-text fragments (as their XML text) to its fields. */
function addNarratives(list: Y.Array<unknown>, out: Record<string, RecordFields>): void {
	for (const m of list.toArray()) {
		if (!(m instanceof Y.Map)) continue;
		const id = m.get('id');
		if (typeof id !== 'string' || !out[id]) continue;
		for (const [k, v] of m.entries())
			if (v instanceof Y.XmlFragment || v instanceof Y.Text) out[id][k] = v.toString();
	}
}

const single = (fields: RecordFields): Record<string, RecordFields> => ({ '': fields });

/** A part that is one record list (record-list.ts): its records by id, narratives included. */
function recordList<T extends { id: string }>(
	root: string,
	read: (doc: Y.Doc) => readonly T[]
): PartSpec {
	return { roots: [root], read: (d) => byId(read(d), d.getArray(root)) };
}

const SECTIONS: Record<HistorySection, Record<string, PartSpec>> = {
	plan: {
		goals: { roots: [PlanRoot.goals], read: (d) => byId(readPlan(d).goals) },
		actions: { roots: [PlanRoot.actions], read: (d) => byId(readPlan(d).actions) },
		notes: { roots: [PlanRoot.notes], read: (d) => single({ notes: readPlan(d).notes }) },
		coordination: {
			roots: [PlanRoot.coordination],
			read: (d) => single({ ...readCoordination(d).coordination })
		}
	},
	core: {
		family: {
			roots: [
				CoreRoot.address,
				CoreRoot.workPlace,
				CoreRoot.household,
				CoreRoot.flags,
				CoreRoot.problems,
				CoreRoot.professionals
			],
			read: (d) => {
				const c = readCore(d);
				return single({
					address: c.address,
					workPlace: c.workPlace,
					...c.flags,
					problems: c.problems,
					...c.professionals
				});
			}
		},
		members: { roots: [CoreRoot.members], read: (d) => byId(readCore(d).members) },
		caseEvents: { roots: [CoreRoot.caseEvents], read: (d) => byId(readCore(d).caseEvents) },
		contacts: recordList(CoreRoot.contacts, (d) => readContacts(d).contacts),
		monitoring: recordList(CoreRoot.monitoring, (d) => readMonitoring(d).monitoring)
	},
	visits: {
		visits: recordList(VisitsRoot.visits, (d) => readVisits(d).visits),
		safety: recordList(SafetyRoot.safety, (d) => readSafety(d).concerns)
	},
	assessments: {
		assessments: recordList(AssessmentsRoot.assessments, (d) => readAssessments(d).assessments),
		finalAssessments: recordList(
			AssessmentsRoot.finalAssessments,
			(d) => readFinalAssessments(d).finals
		)
	},
	court: {
		opinions: recordList(CourtRoot.opinions, (d) => readOpinions(d).opinions),
		orders: recordList(CourtRoot.orders, (d) => readOrders(d).orders)
	}
};

/** The parts of a section, in display order. */
export function sectionParts(section: HistorySection): string[] {
	return Object.keys(SECTIONS[section]);
}

/**
 * Reads a section's parts; with `only`, just those parts and the others copied from `previous`
 * (the parts no transaction touched are unchanged, so they need no second read).
 */
export function readSection(
	section: HistorySection,
	doc: Y.Doc,
	only?: ReadonlySet<string>,
	previous?: SectionState
): SectionState {
	const out: SectionState = {};
	for (const [part, spec] of Object.entries(SECTIONS[section]))
		out[part] = only && previous && !only.has(part) ? previous[part] : spec.read(doc);
	return out;
}

/** The parts of a section whose root types a transaction changed. */
export function partsTouched(section: HistorySection, tr: Y.Transaction): Set<string> {
	const roots = new Set<string>();
	for (const type of tr.changed.keys()) {
		let t = type;
		while (t._item !== null && t._item.parent instanceof Y.AbstractType)
			t = t._item.parent as typeof t;
		roots.add(Y.findRootTypeKey(t));
	}
	const parts = new Set<string>();
	for (const [part, spec] of Object.entries(SECTIONS[section]))
		if (spec.roots.some((r) => roots.has(r))) parts.add(part);
	return parts;
}
