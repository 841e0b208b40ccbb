/**
 * The assessments compartment: periodic assessments of the family's situation (okresowa ocena
 * sytuacji rodziny). Structured fields are validated by the Assessment schema; the narrative per
 * life area and the summary are rich text, one fragment per field (record-list.ts).
 */
import type * as Y from 'yjs';
import { Assessment, assessmentNarratives } from '../domain/assessment.js';
import type { InvalidItem } from '../domain/invalid-item.js';
import { assessmentsRoots } from './doc-schema.js';
import { recordKind } from './record-list.js';

export type AssessmentNarrative = (typeof assessmentNarratives)[number];
export type NewAssessment = Omit<Assessment, 'id'>;

const assessments = recordKind(
	(doc) => assessmentsRoots(doc).assessments,
	Assessment,
	assessmentNarratives
);

/** [AS1] Assessments, newest first, and any that failed to parse. */
export function readAssessments(doc: Y.Doc): { assessments: Assessment[]; invalid: InvalidItem[] } {
	const { items, invalid } = assessments.read(doc, (a, b) =>
		a.date === b.date ? b.periodTo.localeCompare(a.periodTo) : b.date.localeCompare(a.date)
	);
	return { assessments: items, invalid };
}

/** [AS3] The date of the latest assessment (anchors the next one, DL2), or null. */
export function lastAssessmentDate(assessments: readonly Assessment[]): string | null {
	let last: string | null = null;
	for (const a of assessments) if (last === null || a.date > last) last = a.date;
	return last;
}

/** [AS2] Records an assessment with empty narratives; returns its id. Throws on invalid fields. */
export function addAssessment(doc: Y.Doc, init: NewAssessment, id?: string): string {
	return assessments.add(doc, init, id);
}

/** Sets a structured field; throws (storing nothing) when the assessment would not parse. */
export const setAssessmentField = assessments.set;

/** The rich-text fragment of one narrative field (a life area or the summary). */
export function assessmentFragment(doc: Y.Doc, id: string, field: AssessmentNarrative) {
	return assessments.fragment(doc, id, field);
}

/**
 * [RE5] Writes the changed structured fields of a saved assessment, one key each, in one
 * transaction; throws (storing nothing) when the assessment would not parse. False if it is gone.
 */
export function updateAssessment(doc: Y.Doc, id: string, patch: Partial<NewAssessment>): boolean {
	return assessments.update(doc, id, patch);
}
