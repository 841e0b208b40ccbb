/**
 * A list of records in a top-level Y.Array, one Y.Map per record: structured fields as plain
 * values validated by a zod schema, narrative fields as Y.XmlFragments created with the record
 * (so no two clients ever create the same container). Visits, assessments, court opinions and
 * the other records of a case file are all such lists.
 */
import * as Y from 'yjs';
import type { z } from 'zod';
import type { InvalidItem } from '../domain/invalid-item.js';
import { LOCAL_ORIGIN } from './origins.js';
import { describeInvalid, plainFields, rootName } from './record-repair.js';

function find(list: Y.Array<Y.Map<unknown>>, id: string): Y.Map<unknown> | null {
	return list.toArray().find((m) => m instanceof Y.Map && m.get('id') === id) ?? null;
}

/** Parsed records, in list order, and those that failed to parse (kept, shown as invalid). */
export function readRecords<S extends z.ZodType>(
	list: Y.Array<Y.Map<unknown>>,
	schema: S
): { items: z.infer<S>[]; invalid: InvalidItem[] } {
	const items: z.infer<S>[] = [];
	const invalid: InvalidItem[] = [];
	const name = rootName(list);
	list.toArray().forEach((m: unknown, index) => {
		// A non-map item is shown as itself, so correcting it replaces it with a record (RE1).
		const json = m instanceof Y.Map ? plainFields(m) : m;
		const p = schema.safeParse(json);
		if (p.success) items.push(p.data);
		else
			invalid.push(
				describeInvalid(
					name,
					index,
					json,
					p.error.issues.map((i) => i.message)
				)
			);
	});
	return { items, invalid };
}

/** Appends a record after validating it; creates its narrative fragments. Returns the id. */
export function addRecord<S extends z.ZodType>(
	list: Y.Array<Y.Map<unknown>>,
	schema: S,
	value: unknown,
	narratives: readonly string[]
): string {
	const v = schema.parse(value) as Record<string, unknown>;
	const id = v.id;
	if (typeof id !== 'string') throw new Error('a record needs a string id');
	list.doc?.transact(() => {
		const m = new Y.Map<unknown>();
		for (const [k, val] of Object.entries(v)) m.set(k, val);
		for (const f of narratives) m.set(f, new Y.XmlFragment());
		list.push([m]);
	}, LOCAL_ORIGIN);
	return id;
}

/** Sets one structured field, after checking the whole record still parses (throws if not). */
export function setRecordField<S extends z.ZodType>(
	list: Y.Array<Y.Map<unknown>>,
	schema: S,
	id: string,
	field: string,
	value: unknown
): void {
	const m = find(list, id);
	if (!m) return;
	schema.parse({ ...plainFields(m), [field]: value });
	list.doc?.transact(() => m.set(field, value), LOCAL_ORIGIN);
}

/**
 * [RE5] Writes the changed structured fields of a saved record, one key per changed field in one
 * transaction, after checking the whole record still parses (throws, storing nothing, if not).
 * Unchanged keys are not written, so a peer's concurrent edit of another field merges.
 */
export function updateRecord<S extends z.ZodType>(
	list: Y.Array<Y.Map<unknown>>,
	schema: S,
	id: string,
	patch: Record<string, unknown>
): boolean {
	const m = find(list, id);
	if (!m) return false;
	const current = plainFields(m);
	const next = schema.parse({ ...current, ...patch, id }) as Record<string, unknown>;
	const changed = Object.keys(patch).filter(
		(k) => k !== 'id' && k in next && JSON.stringify(current[k]) !== JSON.stringify(next[k])
	);
	if (changed.length > 0)
		list.doc?.transact(() => changed.forEach((k) => m.set(k, next[k])), LOCAL_ORIGIN);
	return true;
}

/** The rich-text fragment of a record's narrative field, or null. */
export function recordFragment(
	list: Y.Array<Y.Map<unknown>>,
	id: string,
	field: string
): Y.XmlFragment | null {
	const v = find(list, id)?.get(field);
	return v instanceof Y.XmlFragment ? v : null;
}

/** One kind of record in a document: the list it lives in, its schema, its narrative fields. */
export interface RecordKind<T> {
	/** Parsed records ordered by `order` (list order without one), and those that failed. */
	read(doc: Y.Doc, order?: (a: T, b: T) => number): { items: T[]; invalid: InvalidItem[] };
	/** Appends `init` under `id` (a new one by default) with empty narratives; returns the id. */
	add(doc: Y.Doc, init: object, id?: string): string;
	/** Sets one structured field; throws (storing nothing) when the record would not parse. */
	set<K extends Exclude<keyof T, 'id'> & string>(
		doc: Y.Doc,
		id: string,
		field: K,
		value: T[K]
	): void;
	/** [RE5] Writes the changed fields (see updateRecord); false when the record is gone. */
	update(doc: Y.Doc, id: string, patch: Record<string, unknown>): boolean;
	/** The fragment of one narrative field, or null (no such record, or not a narrative field). */
	fragment(doc: Y.Doc, id: string, field: string): Y.XmlFragment | null;
}

/** The record-list operations of one kind, so each document module only names its own. */
export function recordKind<S extends z.ZodType>(
	listOf: (doc: Y.Doc) => Y.Array<Y.Map<unknown>>,
	schema: S,
	narratives: readonly string[] = []
): RecordKind<z.infer<S>> {
	return {
		read(doc, order) {
			const r = readRecords(listOf(doc), schema);
			if (order) r.items.sort(order);
			return r;
		},
		add: (doc, init, id = crypto.randomUUID()) =>
			addRecord(listOf(doc), schema, { ...init, id }, narratives),
		set: (doc, id, field, value) => setRecordField(listOf(doc), schema, id, field, value),
		update: (doc, id, patch) => updateRecord(listOf(doc), schema, id, patch),
		fragment: (doc, id, field) =>
			narratives.includes(field) ? recordFragment(listOf(doc), id, field) : null
	};
}
