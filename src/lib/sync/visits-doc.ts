/**
 * The visits compartment ↔ domain values. Each visit is a Y.Map in the top-level `visits`
 * array; its narrative fields are Y.XmlFragments created with the visit (one per field) and
 * edited with Tiptap's Collaboration extension.
 */
import * as Y from 'yjs';
import { Visit, VisitNarrative, type VisitType } from '../domain/visit.js';
import type { InvalidItem } from '../domain/work-plan.js';
import { visitsRoots, VisitKey } from './doc-schema.js';
import { LOCAL_ORIGIN } from './plan-doc.js';

/** Visits, newest first, and any that failed to parse. */
export function readVisits(doc: Y.Doc): { visits: Visit[]; invalid: InvalidItem[] } {
	const visits: Visit[] = [];
	const invalid: InvalidItem[] = [];
	for (const m of visitsRoots(doc).visits.toArray()) {
		const json: Record<string, unknown> = {};
		if (m instanceof Y.Map) for (const [k, v] of m.entries()) if (!(v instanceof Y.XmlFragment)) json[k] = v;
		const p = Visit.safeParse(json);
		if (p.success) visits.push(p.data);
		else invalid.push({ id: typeof json.id === 'string' ? json.id : null, raw: JSON.stringify(json).slice(0, 2000), issues: p.error.issues.map((i) => i.message) });
	}
	visits.sort((a, b) => (a.date === b.date ? b.start.localeCompare(a.start) : b.date.localeCompare(a.date)));
	return { visits, invalid };
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
export function addVisit(doc: Y.Doc, init: NewVisit, id = crypto.randomUUID()): string {
	const v = Visit.parse({ id, start: '', end: '', place: '', present: '', safetyConcern: false, nextDate: '', ...init });
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		for (const [k, val] of Object.entries(v)) m.set(k, val);
		for (const f of VisitNarrative.options) m.set(f, new Y.XmlFragment());
		visitsRoots(doc).visits.push([m]);
	}, LOCAL_ORIGIN);
	return id;
}

type VisitField = Exclude<keyof Visit, 'id'>;

/** Sets a structured field after checking the whole visit still parses. */
export function setVisitField<K extends VisitField>(doc: Y.Doc, id: string, field: K, value: Visit[K]): void {
	const m = findVisit(doc, id);
	if (!m) return;
	const next: Record<string, unknown> = {};
	for (const [k, v] of m.entries()) if (!(v instanceof Y.XmlFragment)) next[k] = v;
	next[field] = value;
	Visit.parse(next);
	doc.transact(() => m.set(VisitKey[field], value), LOCAL_ORIGIN);
}

/** The rich-text fragment of one narrative field of a visit. */
export function visitFragment(doc: Y.Doc, id: string, field: VisitNarrative): Y.XmlFragment | null {
	const v = findVisit(doc, id)?.get(VisitNarrative.parse(field));
	return v instanceof Y.XmlFragment ? v : null;
}

function findVisit(doc: Y.Doc, id: string): Y.Map<unknown> | null {
	const m = visitsRoots(doc).visits.toArray().find((x) => x instanceof Y.Map && x.get(VisitKey.id) === id);
	return m ?? null;
}
