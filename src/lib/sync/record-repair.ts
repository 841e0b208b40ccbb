/**
 * [RE1–RE3] Correcting a malformed value a peer wrote (old client, bug, attack). The user edits
 * the raw JSON shown for it; the corrected text is parsed with the item's zod schema and, only if
 * valid, written over the same list item (same position, same id, one transaction). Only the keys
 * whose value changed are written, so a peer's concurrent edit of another key merges; rich-text
 * fragments already in the item are kept. Until a valid replacement is written nothing changes.
 */
import * as Y from 'yjs';
import type { z } from 'zod';
import type { InvalidItem } from '../domain/invalid-item.js';
import { LOCAL_ORIGIN } from './origins.js';
import type { Done, Refusal } from '../domain/result.js';

/** Longest raw text shown (and editable); a longer value is cut and cannot be corrected whole. */
export const RAW_LIMIT = 20000;

/** The plain (non-container) values of a map, as a record list stores its structured fields. */
export function plainFields(m: Y.Map<unknown>): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [k, v] of m.entries()) if (!(v instanceof Y.AbstractType)) out[k] = v;
	return out;
}

/** The name of a root type in its document ('' for a nested type). */
export function rootName(t: { doc: Y.Doc | null }): string {
	for (const [k, v] of t.doc?.share ?? []) if ((v as unknown) === t) return k;
	return '';
}

/** The text shown for a value that did not parse. */
export function rawText(v: unknown): string {
	let text: string;
	try {
		text = JSON.stringify(v) ?? String(v);
	} catch {
		text = String(v);
	}
	return text.slice(0, RAW_LIMIT);
}

/** How a list's items are read: by default the plain fields of a record's map. */
export type Snapshot = (item: unknown) => unknown;
export const recordSnapshot: Snapshot = (m) => (m instanceof Y.Map ? plainFields(m) : m);
/** Plan items and members keep Y.Text fields: read them as strings. */
export const jsonSnapshot: Snapshot = (m) => (m instanceof Y.AbstractType ? m.toJSON() : m);

/** An invalid item as reported for the element at `index` of a list. */
export function describeInvalid(
	list: string,
	index: number,
	json: unknown,
	issues: string[]
): InvalidItem {
	const id =
		json && typeof json === 'object' && 'id' in json && typeof json.id === 'string'
			? json.id
			: null;
	return { id, raw: rawText(json), issues, at: { list, index } };
}

export interface RepairIssue {
	/** Dotted path of the field, '' for the whole value. */
	path: string;
	/** The schema's message (Polish when the schema gives one). */
	message: string;
	/** zod's issue code, so the UI can word it. */
	code: string;
}

/** Why a repair was refused. */
export type RepairRefusal =
	| Refusal<{ reason: 'json'; message: string }>
	| Refusal<{ reason: 'schema'; issues: RepairIssue[] }>
	/** The item changed or vanished since it was read: nothing written, read again. */
	| Refusal<{ reason: 'changed' }>
	| Refusal<{ reason: 'append-only' }>;

export type RepairResult = Done | RepairRefusal;

export interface RepairOptions {
	/** Keys held as Y.Text (edited character by character): their text is replaced, not the type. */
	textFields?: readonly string[];
	/** Rich-text fields created empty when the item had to be replaced (it was no map at all). */
	narratives?: readonly string[];
	snapshot?: Snapshot;
}

/** Parses the corrected text with the schema; nothing is written here. */
export function checkRepair<S extends z.ZodType>(
	schema: S,
	text: string
): Done<{ value: Record<string, unknown> }> | RepairRefusal {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (e) {
		return { ok: false, reason: 'json', message: e instanceof Error ? e.message : String(e) };
	}
	const p = schema.safeParse(json);
	if (!p.success)
		return {
			ok: false,
			reason: 'schema',
			issues: p.error.issues.map((i) => ({
				path: i.path.map(String).join('.'),
				message: i.message,
				code: i.code
			}))
		};
	if (!p.data || typeof p.data !== 'object' || Array.isArray(p.data))
		return { ok: false, reason: 'json', message: 'not an object' };
	return { ok: true, value: p.data as Record<string, unknown> };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Writes the changed keys of `value` into `m` (call inside a transaction). */
function writeFields(
	m: Y.Map<unknown>,
	value: Record<string, unknown>,
	textFields: readonly string[]
) {
	for (const [k, v] of Object.entries(value)) {
		const cur = m.get(k);
		if (textFields.includes(k) && typeof v === 'string') {
			if (cur instanceof Y.Text) {
				if (cur.toString() !== v) {
					cur.delete(0, cur.length);
					cur.insert(0, v);
				}
			} else m.set(k, new Y.Text(v));
		} else if (cur instanceof Y.AbstractType || !same(cur, v)) m.set(k, v);
	}
}

/** Finds the item still showing `item.raw`: at its position, or moved by a peer's insertion. */
function locate(list: Y.Array<unknown>, item: InvalidItem, snapshot: Snapshot): number {
	const arr = list.toArray();
	const at = item.at?.index ?? -1;
	if (at >= 0 && at < arr.length && rawText(snapshot(arr[at])) === item.raw) return at;
	return arr.findIndex((v) => rawText(snapshot(v)) === item.raw);
}

/**
 * [RE1][RE2] Replaces the malformed list item `item` with the corrected `text`, in place, when it
 * parses with `schema`; otherwise writes nothing and says what is wrong.
 */
export function repairListItem<S extends z.ZodType>(
	list: Y.Array<unknown>,
	schema: S,
	item: InvalidItem,
	text: string,
	opts: RepairOptions = {}
): RepairResult {
	if (item.appendOnly) return { ok: false, reason: 'append-only' };
	const checked = checkRepair(schema, text);
	if (!checked.ok) return checked;
	const snapshot = opts.snapshot ?? recordSnapshot;
	const i = locate(list, item, snapshot);
	if (i < 0 || item.raw.length >= RAW_LIMIT) return { ok: false, reason: 'changed' };
	const textFields = opts.textFields ?? [];
	const doc = list.doc;
	const write = () => {
		const cur = list.get(i);
		if (cur instanceof Y.Map) writeFields(cur, checked.value, textFields);
		else {
			// A new map cannot be read before it is in the document: set every key.
			const m = new Y.Map<unknown>();
			for (const [k, v] of Object.entries(checked.value))
				m.set(k, textFields.includes(k) && typeof v === 'string' ? new Y.Text(v) : v);
			for (const f of opts.narratives ?? []) m.set(f, new Y.XmlFragment());
			list.delete(i, 1);
			list.insert(i, [m]);
		}
	};
	if (doc) doc.transact(write, LOCAL_ORIGIN);
	else write();
	return { ok: true };
}

/** [RE1] The same for a value held by a whole map (e.g. the family's professionals). */
export function repairMap<S extends z.ZodType>(
	map: Y.Map<unknown>,
	schema: S,
	text: string
): RepairResult {
	const checked = checkRepair(schema, text);
	if (!checked.ok) return checked;
	const doc = map.doc;
	const write = () => writeFields(map, checked.value, []);
	if (doc) doc.transact(write, LOCAL_ORIGIN);
	else write();
	return { ok: true };
}
