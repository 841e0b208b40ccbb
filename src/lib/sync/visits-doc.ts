/**
 * The visits compartment: the visit diary. Narrative fields are rich text edited with Tiptap's
 * Collaboration extension, one fragment per field.
 */
import type * as Y from 'yjs';
import { Visit, VisitNarrative, type VisitType } from '../domain/visit.js';
import type { InvalidItem } from '../domain/invalid-item.js';
import { visitsRoots } from './doc-schema.js';
import { recordKind } from './record-list.js';

const visits = recordKind((doc) => visitsRoots(doc).visits, Visit, VisitNarrative.options);

/** Visits, newest first, and any that failed to parse. */
export function readVisits(doc: Y.Doc): { visits: Visit[]; invalid: InvalidItem[] } {
	const { items, invalid } = visits.read(doc, (a, b) =>
		a.date === b.date ? b.start.localeCompare(a.start) : b.date.localeCompare(a.date)
	);
	return { visits: items, invalid };
}

export interface NewVisit {
	date: string;
	type: VisitType;
	offline: boolean;
	start?: string;
	end?: string;
	place?: string;
	present?: string;
}

/** Records a visit with empty narrative fields; returns its id. Throws on invalid fields. */
export function addVisit(doc: Y.Doc, init: NewVisit, id?: string): string {
	const value = {
		start: '',
		end: '',
		place: '',
		present: '',
		safetyConcern: false,
		nextDate: '',
		...init
	};
	return visits.add(doc, value, id);
}

/** Sets a structured field of a visit; throws (storing nothing) when the visit would not parse. */
export const setVisitField = visits.set;

/** The rich-text fragment of one narrative field of a visit. */
export function visitFragment(doc: Y.Doc, id: string, field: VisitNarrative) {
	return visits.fragment(doc, id, VisitNarrative.parse(field));
}

/** [RE5] Writes the changed structured fields of a saved visit; throws if it would not parse. */
export function updateVisit(doc: Y.Doc, id: string, patch: Partial<NewVisit>): boolean {
	return visits.update(doc, id, patch);
}
