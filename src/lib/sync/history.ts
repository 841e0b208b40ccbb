/**
 * [HI2][HI4][HI5] A document's stored log replayed: what each row changed in a section, and the
 * section as it stood after a prefix of the log. Rows are replayed one transaction each into a
 * fresh Y.Doc (gc on, as the live document: stack.md §6 "Point in time"), starting from a
 * checkpoint when older rows were folded into one. Pure over the bytes it is given; the data
 * layer (src/lib/server/history.ts) reads them.
 */
import * as Y from 'yjs';
import {
	diffSections,
	withOverwritten,
	type RecordChange,
	type SectionState
} from '../domain/history-diff.js';
import { partsTouched, readSection, type HistorySection } from './section-state.js';

/** One stored update (a `doc_updates` row). */
export interface LogRow {
	seq: number;
	createdAt: number;
	userId: string;
	bytes: Uint8Array;
}

/** The clocks of one client that a row wrote, `from` inclusive, `to` exclusive. */
export interface ClockRange {
	client: number;
	from: number;
	to: number;
}

/** The client clock ranges an update writes, read without applying it. */
export function rowClocks(bytes: Uint8Array): ClockRange[] {
	const meta = Y.parseUpdateMeta(bytes);
	const out: ClockRange[] = [];
	for (const [client, to] of meta.to) {
		const from = meta.from.get(client) ?? 0;
		if (to > from) out.push({ client, from, to });
	}
	return out;
}

/**
 * Replays `rows` after `start` (a checkpoint's state, or null for the empty document) and returns
 * the domain-level changes of the rows in `selected`. Only the parts a transaction touched are
 * read again, and rows outside the selection are not read at all.
 */
export function changesOfRows(
	section: HistorySection,
	start: Uint8Array | null,
	rows: Iterable<LogRow>,
	selected: ReadonlySet<number>
): Map<number, RecordChange[]> {
	const doc = new Y.Doc({ gc: true });
	const out = new Map<number, RecordChange[]>();
	try {
		if (start) Y.applyUpdate(doc, start);
		let state = readSection(section, doc);
		const dirty = new Set<string>();
		let lost: { part: string; id: string; field: string }[] = [];
		doc.on('afterTransaction', (tr: Y.Transaction) => {
			for (const p of partsTouched(section, tr)) dirty.add(p);
			lost = overwrittenAtOnce(tr);
		});
		for (const row of rows) {
			if (!selected.has(row.seq)) {
				Y.applyUpdate(doc, row.bytes);
				continue;
			}
			if (dirty.size > 0) {
				state = readSection(section, doc, dirty, state);
				dirty.clear();
			}
			Y.applyUpdate(doc, row.bytes);
			const after = dirty.size > 0 ? readSection(section, doc, dirty, state) : state;
			dirty.clear();
			out.set(row.seq, withOverwritten(diffSections(state, after), lost, after));
			state = after;
		}
		return out;
	} finally {
		doc.destroy();
	}
}

/**
 * [CF1] Record fields a transaction wrote whose whole incoming chain lost at once to a value the
 * document already held (written concurrently by someone else): invisible in the state, but a
 * change its writer made.
 */
function overwrittenAtOnce(tr: Y.Transaction): { part: string; id: string; field: string }[] {
	const out: { part: string; id: string; field: string }[] = [];
	const isNew = (id: Y.ID) => id.clock >= (tr.beforeState.get(id.client) ?? 0);
	for (const [client, after] of tr.afterState) {
		const before = tr.beforeState.get(client) ?? 0;
		if (after <= before) continue;
		const structs = tr.doc.store.clients.get(client) ?? [];
		for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
			const s = structs[i];
			if (!(s instanceof Y.Item) || s.parentSub === null || !s.deleted) continue;
			const record = (s.parent as Y.AbstractType<unknown>)._item;
			if (!record || record.deleted || isNew(record.id)) continue;
			const list = record.parent as Y.AbstractType<unknown>;
			if (list._item !== null) continue;
			const winner = (s.parent as Y.AbstractType<unknown>)._map.get(s.parentSub);
			if (!winner || isNew(winner.id)) continue;
			const idItem = (s.parent as Y.AbstractType<unknown>)._map.get('id');
			const id =
				idItem?.content instanceof Y.ContentAny ? idItem.content.getContent().at(-1) : null;
			if (typeof id === 'string')
				out.push({ part: Y.findRootTypeKey(list), id, field: s.parentSub });
		}
	}
	return out;
}

/** The section as a checkpoint's state holds it (null: the empty document). */
export function sectionOfState(section: HistorySection, state: Uint8Array | null): SectionState {
	const doc = new Y.Doc({ gc: true });
	try {
		if (state) Y.applyUpdate(doc, state);
		return readSection(section, doc);
	} finally {
		doc.destroy();
	}
}

/**
 * The document after `start` and `rows`, applied in one transaction as the server loads it
 * (RM1): its full-state update (what a print or a read-only view of that moment opens) and its
 * snapshot (state vector and delete set), which names the version whatever the bytes' layout:
 * the same rows replayed from the empty document or from a checkpoint give the same snapshot.
 */
export function stateAfter(
	start: Uint8Array | null,
	rows: Iterable<{ bytes: Uint8Array }>
): { state: Uint8Array; snapshot: Uint8Array } {
	const doc = new Y.Doc({ gc: true });
	try {
		Y.transact(doc, () => {
			if (start) Y.applyUpdate(doc, start);
			for (const r of rows) Y.applyUpdate(doc, r.bytes);
		});
		return { state: Y.encodeStateAsUpdate(doc), snapshot: Y.encodeSnapshot(Y.snapshot(doc)) };
	} finally {
		doc.destroy();
	}
}

/** A read-only copy of a document from a full-state update (the device side of "as of"). */
export function docFromState(state: Uint8Array): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	return doc;
}
