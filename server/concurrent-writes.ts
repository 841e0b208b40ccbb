/**
 * [CF1] Concurrent writes of one field, found from the structs of an update alone.
 *
 * A short field is a plain value under a Y.Map key: a last-writer-wins register. A new item for
 * a key carries as `origin` the item it replaced as its writer saw it. The server applies every
 * update in one order, so before an update it knows the key's current item (the "previous"
 * value). An incoming chain whose first item did not replace that item was written without
 * seeing it: the two values are concurrent, and whichever Yjs lets stand, the other one is lost
 * to the reader. Every server replica computing this from the same stored updates finds the same
 * pairs, which is why the server, not a device, decides (CF2).
 *
 * Runs on the write guard's shadow inside its transaction, where overwritten and freshly deleted
 * items still hold their content (GC comes after `afterTransaction`). Records removed while
 * someone wrote into them (CF5) are found beside it, in removed-records.ts.
 */
import * as Y from 'yjs';
import type { DocPolicy } from '../src/lib/sync/write-policy.js';
import {
	orphanWrites,
	removedRecords,
	unseenInRemoved,
	type OrphanWrite,
	type RemovedRecord,
	type RemoverKnowledge,
	type UnseenInRemoved
} from './removed-records.js';
import { ancestryOf, keyOf, valueOf, within } from './shadow-items.js';

/** One value of a field: the item that holds it, and the item its writer replaced. */
export interface WrittenValue {
	client: number;
	clock: number;
	/** The plain value (a Y.Text of an older document reads as its text). */
	value: unknown;
}

/** An incoming value that did not see the field's previous one. */
export interface ConcurrentWrite {
	root: string;
	/** `client:clock` of the record's item ('' for a key of a root map): stable, unique. */
	recordKey: string;
	/** The record's own `id` field, when it can still be read. */
	recordId: string | null;
	field: string;
	/** The record was removed before this write arrived: the write landed in nothing. */
	recordRemoved: boolean;
	/** The field's value before this update; null when the record's content is gone. */
	previous: WrittenValue | null;
	/** The newest value of the incoming chain. */
	incoming: WrittenValue;
	/** The item the incoming chain replaced as its writer saw it (null: none). */
	incomingOrigin: { client: number; clock: number } | null;
	/**
	 * Items each value descends from (newest first, bounded): a conflict lists only the tips of
	 * its branches, so a value someone continued since is set aside, never listed as a rival.
	 */
	ancestors: [number, number][];
}

export interface ConcurrentFindings {
	writes: ConcurrentWrite[];
	removed: RemovedRecord[];
	orphans: OrphanWrite[];
	/** [CF5] Values of removed records their remover had not seen (reconnect only). */
	unseenRemoved: UnseenInRemoved[];
}

/** The root name and records root of a map the item sits in, or null when it is not a field. */
function fieldPlace(
	item: Y.Item,
	policy: DocPolicy
): { root: string; record: Y.Item | null } | null {
	if (item.parentSub === null) return null;
	// A root type a document never named locally is a bare AbstractType (the server never calls
	// getMap/getArray), so roots are told by the policy, not by their class.
	const parent = item.parent;
	if (!(parent instanceof Y.AbstractType)) return null;
	if (parent._item === null) {
		const root = Y.findRootTypeKey(parent);
		return policy.roots[root]?.kind === 'map' ? { root, record: null } : null;
	}
	const record = parent._item;
	const list = record.parent;
	if (!(list instanceof Y.AbstractType) || list._item !== null) return null;
	const root = Y.findRootTypeKey(list);
	return policy.roots[root]?.kind === 'records' ? { root, record } : null;
}

/**
 * The concurrent writes and removed records of one transaction on the shadow. Cheap when there
 * is nothing to find: one pass over the new structs, which the write guard walks anyway.
 */
export function findConcurrentWrites(
	tr: Y.Transaction,
	policy: DocPolicy,
	update: Uint8Array,
	knowledge: RemoverKnowledge | null = null
): ConcurrentFindings {
	const isNew = (id: Y.ID) => id.clock >= (tr.beforeState.get(id.client) ?? 0);
	/** New field items by `record key/field`. */
	const byField = new Map<string, Y.Item[]>();
	let collected = false;
	for (const [client, after] of tr.afterState) {
		const before = tr.beforeState.get(client) ?? 0;
		if (after <= before) continue;
		const structs = tr.doc.store.clients.get(client) ?? [];
		for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
			const s = structs[i];
			if (!(s instanceof Y.Item)) collected = true;
			if (!(s instanceof Y.Item) || s.parentSub === null) continue;
			const place = fieldPlace(s, policy);
			if (!place) continue;
			// A field of a record created by this very update has nothing to be concurrent with.
			if (place.record && isNew(place.record.id)) continue;
			const k = `${place.root}/${place.record ? keyOf(place.record.id) : ''}/${s.parentSub}`;
			const list = byField.get(k) ?? [];
			list.push(s);
			byField.set(k, list);
		}
	}
	const writes: ConcurrentWrite[] = [];
	for (const items of byField.values()) writes.push(...concurrentIn(items, isNew, policy, tr));
	const removed = removedRecords(tr, policy, isNew);
	return {
		writes,
		removed,
		// Only an update some of whose structs were collected on arrival can hold such writes.
		orphans: collected ? orphanWrites(tr, update, isNew) : [],
		unseenRemoved: knowledge ? unseenInRemoved(tr, removed, isNew, knowledge) : []
	};
}

/** The concurrent heads among one field's new items. */
function concurrentIn(
	items: Y.Item[],
	isNew: (id: Y.ID) => boolean,
	policy: DocPolicy,
	tr: Y.Transaction
): ConcurrentWrite[] {
	const first = items[0];
	const place = fieldPlace(first, policy)!;
	const field = first.parentSub!;
	const map = first.parent as Y.AbstractType<unknown>;
	// The previous value: the right-most item of the key that this update did not bring.
	let previous: Y.Item | null = map._map.get(field) ?? null;
	while (previous !== null && isNew(previous.id)) previous = previous.left;
	const record = place.record;
	const recordRemoved = record !== null && record.deleted && !(previous && !previous.deleted);
	const readable = previous !== null && !(previous.content instanceof Y.ContentDeleted);
	// Heads: new items no other new item of this key continues.
	const continued = new Set<string>();
	for (const it of items) if (it.origin) continued.add(keyOf(it.origin));
	const out: ConcurrentWrite[] = [];
	for (const head of items) {
		if (items.some((it) => within(it.id, head) && continued.has(keyOf(it.lastId)))) continue;
		if (continued.has(keyOf(head.lastId))) continue;
		// Walk back to the first item of the chain this update brought.
		let root = head;
		for (;;) {
			const o = root.origin;
			const prev = o && isNew(o) ? items.find((it) => within(o, it)) : undefined;
			if (!prev) break;
			root = prev;
		}
		const origin = root.origin;
		if (previous === null && !recordRemoved) continue; // the key was empty: nothing overwritten
		if (previous !== null && within(origin, previous)) continue; // it saw the previous value
		if (!recordRemoved && readable && sameValue(valueOf(previous!, tr), valueOf(head, tr)))
			continue;
		out.push({
			root: place.root,
			recordKey: record ? keyOf(record.id) : '',
			recordId: recordIdOf(map, tr),
			field,
			recordRemoved,
			previous:
				previous && readable
					? {
							client: previous.id.client,
							clock: previous.lastId.clock,
							value: valueOf(previous, tr)
						}
					: null,
			incoming: { client: head.id.client, clock: head.lastId.clock, value: valueOf(head, tr) },
			incomingOrigin: origin ? { client: origin.client, clock: origin.clock } : null,
			ancestors: lineage(tr.doc.store, previous, head)
		});
	}
	return out;
}

function lineage(store: Y.Doc['store'], previous: Y.Item | null, head: Y.Item): [number, number][] {
	const out: [number, number][] = [];
	ancestryOf(store, previous, out);
	ancestryOf(store, head, out);
	return out;
}

function sameValue(a: unknown, b: unknown): boolean {
	return a === b;
}

function recordIdOf(map: Y.AbstractType<unknown>, tr: Y.Transaction): string | null {
	if (map._item === null) return null;
	const item = map._map.get('id');
	if (!item) return null;
	const v = valueOf(item, tr);
	return typeof v === 'string' ? v : null;
}
