/**
 * Reading items on the write guard's shadow, for the write checks and the conflict finders
 * (write-inspect.ts, concurrent-writes.ts, removed-records.ts, narrative-conflicts.ts): where an
 * item sits under its root, an item's id as a key, the value it holds as a reader saw it, and the line
 * of values it descends from.
 */
import * as Y from 'yjs';

/**
 * The root an item falls under (its name and type) and the items from the root's child down to
 * the item itself (length 1: a child of the root); null when an ancestor is gone.
 */
export function rootChainOf(
	item: Y.Item
): { root: string; type: Y.AbstractType<unknown>; chain: Y.Item[] } | null {
	const chain: Y.Item[] = [item];
	let type = item.parent;
	while (type instanceof Y.AbstractType && type._item !== null) {
		chain.unshift(type._item);
		type = type._item.parent;
	}
	if (!(type instanceof Y.AbstractType)) return null;
	return { root: Y.findRootTypeKey(type), type, chain };
}

/** An item id as `client:clock`: stable, unique. */
export const keyOf = (id: Y.ID) => `${id.client}:${id.clock}`;

/** How far back a value's line of descent is followed. */
const MAX_ANCESTRY = 64;

/**
 * The items `item` replaced, one after the other, as its writers saw them. Yjs merges a writer's
 * consecutive overwritten values into one item, each clock replacing the one before it, so every
 * clock of a merged item counts.
 */
export function ancestryOf(
	store: Y.Doc['store'],
	item: Y.Item | null,
	out: [number, number][]
): void {
	if (item === null) return;
	for (let k = item.length - 2; k >= 0; k--) out.push([item.id.client, item.id.clock + k]);
	let id = item.origin;
	for (let n = 0; id !== null && n < MAX_ANCESTRY; n++) {
		const s = store.clients.get(id.client);
		if (!s || Y.getState(store, id.client) <= id.clock) {
			out.push([id.client, id.clock]);
			return;
		}
		const found = s[Y.findIndexSS(s, id.clock)];
		for (let c = id.clock; c >= found.id.clock; c--) out.push([id.client, c]);
		id = found instanceof Y.Item ? found.origin : null;
	}
}

/**
 * The value an item holds, as a reader saw it before this transaction: a Y.Text (older
 * documents) reads as its text, including characters this transaction deleted with it.
 */
export function valueOf(item: Y.Item, tr: Y.Transaction): unknown {
	const c = item.content;
	if (c instanceof Y.ContentAny) return c.getContent().at(-1) ?? null;
	if (c instanceof Y.ContentType && c.type instanceof Y.Text) {
		let text = '';
		for (let n = c.type._start; n !== null; n = n.right)
			if (n.content instanceof Y.ContentString && (!n.deleted || Y.isDeleted(tr.deleteSet, n.id)))
				text += n.content.str;
		return text;
	}
	return null;
}

/** Whether the item id `id` falls inside item `item`. */
export function within(id: Y.ID | null, item: Y.Item): boolean {
	return (
		id !== null &&
		id.client === item.id.client &&
		id.clock >= item.id.clock &&
		id.clock < item.id.clock + item.length
	);
}
