/**
 * [SY8] What "one change" is for the waiting count: a field, not a keystroke. A local transaction
 * is reduced to the keys of what it touched:
 *   - a text field (Y.Text): the field, however many characters were typed into it;
 *   - a rich-text field (Y.XmlFragment and everything inside it): the whole field;
 *   - a record field (a Y.Map key): that key of that map;
 *   - a list (Y.Array): each record added or removed (a record added and removed again while
 *     waiting cancels out).
 * The waiting count is the number of distinct keys since the server last had everything, so typing
 * two fields reads "2 zmiany czekają", not "109 zmian czeka". Keys name types by their Yjs item id
 * (stable across reloads and devices) or, for root types, by their name.
 */
import * as Y from 'yjs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any shared type, as Yjs types them
type AnyType = Y.AbstractType<any>;

function rootName(doc: Y.Doc, type: AnyType): string {
	for (const [name, t] of doc.share) if (t === type) return name;
	return '?';
}

function typeId(doc: Y.Doc, type: AnyType): string {
	const item = type._item;
	return item ? `${item.id.client}.${item.id.clock}` : `root:${rootName(doc, type)}`;
}

function itemId(item: Y.Item): string {
	return `${item.id.client}.${item.id.clock}`;
}

/** The outermost rich-text fragment a type belongs to, or null for other types. */
function richTextRoot(type: AnyType): AnyType | null {
	let found: AnyType | null = type instanceof Y.XmlFragment ? type : null;
	let t: AnyType = type;
	while (t._item && t._item.parent instanceof Y.AbstractType) {
		t = t._item.parent;
		if (t instanceof Y.XmlFragment) found = t;
	}
	return found;
}

/**
 * Applies one local transaction to the set of waiting change keys (mutates `keys`). Returns
 * whether anything was recorded.
 */
export function recordChanges(keys: Set<string>, tr: Y.Transaction): boolean {
	const doc = tr.doc;
	const before = keys.size;
	let touched = false;
	for (const [type, fields] of tr.changed) {
		touched = true;
		const rich = richTextRoot(type);
		if (rich) {
			keys.add(`x:${typeId(doc, rich)}`);
		} else if (type instanceof Y.Array) {
			const changes = new Y.YArrayEvent(type, tr).changes;
			for (const item of changes.added) keys.add(`+${itemId(item)}`);
			for (const item of changes.deleted) {
				if (!keys.delete(`+${itemId(item)}`)) keys.add(`-${itemId(item)}`);
			}
		} else if (type instanceof Y.Map) {
			for (const field of fields) keys.add(`m:${typeId(doc, type)}:${field ?? ''}`);
		} else {
			keys.add(`t:${typeId(doc, type)}`);
		}
	}
	// A change outside any type we know (e.g. only a deletion in a type created and removed here).
	if (!touched && tr.deleteSet.clients.size > 0) keys.add('d:other');
	return keys.size !== before || touched;
}
