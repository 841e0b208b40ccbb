/**
 * [ZK1] Final assessments (ocena końcowa) in the assessments compartment: a record list of their
 * own (record-list.ts) beside the periodic assessments, one rich-text fragment per life area and
 * for the recommendation. The closure event refers to one by id and hash (ZK2).
 */
import type * as Y from 'yjs';
import {
	FinalAssessment,
	finalAssessmentNarratives,
	hashFinalAssessment,
	type FinalAssessmentNarrative
} from '../domain/final-assessment.js';
import type { InvalidItem } from '../domain/invalid-item.js';
import { assessmentsRoots } from './doc-schema.js';
import { recordKind } from './record-list.js';

export type NewFinalAssessment = Omit<FinalAssessment, 'id' | 'kind'>;

const finals = recordKind(
	(doc) => assessmentsRoots(doc).finalAssessments,
	FinalAssessment,
	finalAssessmentNarratives
);

/** Final assessments, newest first, and any that failed to parse. */
export function readFinalAssessments(doc: Y.Doc): {
	finals: FinalAssessment[];
	invalid: InvalidItem[];
} {
	const { items, invalid } = finals.read(doc, (a, b) => b.date.localeCompare(a.date));
	return { finals: items, invalid };
}

/** Records a final assessment with empty narratives; returns its id. Throws on invalid fields. */
export function addFinalAssessment(doc: Y.Doc, init: NewFinalAssessment, id?: string): string {
	return finals.add(doc, { ...init, kind: 'final' }, id);
}

/** Sets a structured field; throws (storing nothing) when the record would not parse. */
export const setFinalAssessmentField = finals.set;

/** The rich-text fragment of one narrative (a life area or the recommendation), or null. */
export function finalAssessmentFragment(doc: Y.Doc, id: string, field: FinalAssessmentNarrative) {
	return finals.fragment(doc, id, field);
}

/** [ZK2] The SHA-256 of a final assessment as this document holds it now; null if absent. */
export async function finalAssessmentHash(doc: Y.Doc, id: string): Promise<string | null> {
	const a = readFinalAssessments(doc).finals.find((f) => f.id === id);
	if (!a) return null;
	const narratives: Record<string, string> = {};
	for (const n of finalAssessmentNarratives)
		narratives[n] = finalAssessmentFragment(doc, id, n)?.toString() ?? '';
	return hashFinalAssessment(a, narratives);
}
