/**
 * [NK1] Niebieska Karta procedures in the violence compartment: one record per procedure with the
 * dates its deadlines run from. Validated whole before any write; a refused write stores nothing.
 */
import type * as Y from 'yjs';
import { NkRecord } from '../domain/niebieska-karta.js';
import type { InvalidItem } from '../domain/invalid-item.js';
import { nkRoots } from './doc-schema.js';
import { recordKind } from './record-list.js';

const procedures = recordKind((doc) => nkRoots(doc).procedures, NkRecord);

/** Procedures, newest first, and records that did not parse (kept, shown raw). */
export function readNk(doc: Y.Doc): { procedures: NkRecord[]; invalid: InvalidItem[] } {
	const { items, invalid } = procedures.read(doc, (a, b) => b.startedOn.localeCompare(a.startedOn));
	return { procedures: items, invalid };
}

/** Records the start of a procedure; throws (storing nothing) when it would not parse. */
export function addNk(
	doc: Y.Doc,
	init: { startedOn: string; suspectAbsent: boolean },
	id?: string
): string {
	return procedures.add(doc, init, id);
}

/** Sets the dates of later steps; throws (storing nothing) when the record would not parse. */
export function updateNk(doc: Y.Doc, id: string, patch: Partial<Omit<NkRecord, 'id'>>): boolean {
	return procedures.update(doc, id, patch);
}
