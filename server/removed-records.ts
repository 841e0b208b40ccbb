/**
 * [CF5] Writes and removals of records that crossed: the records an update removes (their fields
 * kept for a later conflict), values written into a record removed and collected before they
 * arrived (orphans), and values a remover wiped out without having seen them. Runs with
 * concurrent-writes.ts on the write guard's shadow, before GC takes the removed content.
 */
import * as Y from 'yjs';
import type { DocPolicy } from '../src/lib/sync/write-policy.js';
import type { WrittenValue } from './concurrent-writes.js';
import { keyOf, valueOf, within } from './shadow-items.js';

/** A record this update removes, with its fields as they were (kept for a later conflict). */
export interface RemovedRecord {
	root: string;
	recordKey: string;
	recordId: string | null;
	fields: Record<string, unknown>;
	/** Every item each field ever had (`[client, clock]`), newest first: the ids a write names. */
	items: Record<string, [number, number][]>;
}

/**
 * [CF5] A write that landed in a record removed (and garbage-collected) before it arrived: Yjs
 * keeps nothing of it, so its value is read from the update itself. Its record and field are
 * known only by the item it replaced, which `RemovedRecord.items` recorded at the removal.
 */
export interface OrphanWrite {
	origin: { client: number; clock: number };
	incoming: WrittenValue;
}

/**
 * [CF5] A value someone else wrote into a record that this update removes without having seen
 * it: a device removed the record offline while the value was written. Found only on reconnect,
 * where the writer's state vector tells what it had seen.
 */
export interface UnseenInRemoved {
	root: string;
	recordKey: string;
	recordId: string | null;
	field: string;
	value: WrittenValue;
}

/** What the remover had seen (its SyncStep1) and which client ids are its own. */
export interface RemoverKnowledge {
	knew: Map<number, number>;
	isWriters: (client: number) => boolean;
}

/** Records of a records root this transaction removes, read before GC takes their content. */
export function removedRecords(
	tr: Y.Transaction,
	policy: DocPolicy,
	isNew: (id: Y.ID) => boolean
): RemovedRecord[] {
	const out: RemovedRecord[] = [];
	Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
		if (!(s instanceof Y.Item) || isNew(s.id) || s.parentSub !== null) return;
		const c = s.content;
		if (!(c instanceof Y.ContentType) || !(c.type instanceof Y.Map)) return;
		const list = s.parent;
		if (!(list instanceof Y.AbstractType) || list._item !== null) return;
		const root = Y.findRootTypeKey(list);
		if (policy.roots[root]?.kind !== 'records') return;
		const fields: Record<string, unknown> = {};
		const items: Record<string, [number, number][]> = {};
		for (const [key, child] of c.type._map) {
			const v = valueOf(child, tr);
			if (v !== null || child.content instanceof Y.ContentAny) fields[key] = v;
			const ids: [number, number][] = [];
			for (let n: Y.Item | null = child; n !== null; n = n.left)
				for (let k = 0; k < n.length; k++) ids.push([n.id.client, n.id.clock + k]);
			items[key] = ids;
		}
		out.push({
			root,
			recordKey: keyOf(s.id),
			recordId: typeof fields.id === 'string' ? fields.id : null,
			fields,
			items
		});
	});
	return out;
}

/**
 * [CF5] The plain values of removed records that another person wrote past what the remover had
 * seen: the removal wiped out a change its author never saw, so it is a conflict too.
 */
export function unseenInRemoved(
	tr: Y.Transaction,
	removed: readonly RemovedRecord[],
	isNew: (id: Y.ID) => boolean,
	{ knew, isWriters }: RemoverKnowledge
): UnseenInRemoved[] {
	if (removed.length === 0) return [];
	const keys = new Set(removed.map((r) => r.recordKey));
	const out: UnseenInRemoved[] = [];
	Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
		if (!(s instanceof Y.Item) || !keys.has(keyOf(s.id))) return;
		const c = s.content;
		if (!(c instanceof Y.ContentType) || !(c.type instanceof Y.Map)) return;
		const record = removed.find((r) => r.recordKey === keyOf(s.id))!;
		for (const [field, child] of c.type._map) {
			const last = child.lastId;
			const unseen =
				!isNew(child.id) &&
				!isWriters(last.client) &&
				last.clock >= (knew.get(last.client) ?? 0) &&
				(child.content instanceof Y.ContentAny ||
					(child.content instanceof Y.ContentType && child.content.type instanceof Y.Text));
			if (!unseen) continue;
			out.push({
				root: record.root,
				recordKey: record.recordKey,
				recordId: record.recordId,
				field,
				value: { client: last.client, clock: last.clock, value: valueOf(child, tr) }
			});
		}
	});
	return out;
}

/** [CF5] Plain values the update brought that the document collected on arrival (CF5). */
export function orphanWrites(
	tr: Y.Transaction,
	update: Uint8Array,
	isNew: (id: Y.ID) => boolean
): OrphanWrite[] {
	const collectedHere = (id: Y.ID) => {
		const structs = tr.doc.store.clients.get(id.client);
		if (!structs || !isNew(id)) return false;
		return !(structs[Y.findIndexSS(structs, id.clock)] instanceof Y.Item);
	};
	const lost = Y.decodeUpdate(update).structs.filter(
		(s): s is Y.Item =>
			s instanceof Y.Item &&
			s.content instanceof Y.ContentAny &&
			s.origin !== null &&
			collectedHere(s.id)
	);
	const continued = new Set(lost.map((it) => keyOf(it.origin!)));
	const out: OrphanWrite[] = [];
	for (const head of lost) {
		if (continued.has(keyOf(head.lastId))) continue;
		let root = head;
		for (;;) {
			const o = root.origin!;
			const prev = lost.find((it) => within(o, it));
			if (!prev) break;
			root = prev;
		}
		out.push({
			origin: { client: root.origin!.client, clock: root.origin!.clock },
			incoming: {
				client: head.id.client,
				clock: head.lastId.clock,
				value: (head.content as Y.ContentAny).getContent().at(-1) ?? null
			}
		});
	}
	return out;
}
