/**
 * [NC1] A passage of a narrative written offline and merged into a passage someone else changed
 * meanwhile, found from the structs of the update and the writer's state vector.
 *
 * Narratives (a visit's notes, an assessment, the plan's notes) keep merging character by
 * character: two people typing into one text is what Yjs is for. But a device that was offline
 * wrote its passage against the text as it last saw it; if someone else changed that passage
 * meanwhile, the merge holds sentences neither wrote together, and nobody read the result. The
 * device tells, in its SyncStep1 on reconnect, exactly what it had seen (its state vector): an
 * item of that passage by another person past that vector was unseen. The server keeps, per
 * passage, the text as the server held it before (the other side), as the writer wrote it, and
 * as merged, so every device shows the same record (NC2).
 *
 * A passage is a paragraph: a top-level node of a rich-text fragment, or a line of a plain
 * Y.Text. Runs on the write guard's shadow inside the update's transaction, where characters the
 * update deletes still hold their text. Only updates a device sends on reconnect are examined
 * (its offline writes), so typing online costs nothing here.
 */
import * as Y from 'yjs';
import type { DocPolicy } from '../src/lib/sync/write-policy.js';
import type { DeletedText } from './deleted-text.js';
import { keyOf, rootChainOf } from './shadow-items.js';

/** What the writer had seen when it wrote (its SyncStep1), and which clients are its own. */
export interface WriterKnowledge {
	/** The writer's state vector at reconnect: client id → next clock it had not seen. */
	knew: Map<number, number>;
	/** The writer's own client ids (a person's devices are one writer). */
	isWriters: (client: number) => boolean;
	/** Text others deleted, for the writer's version (null: not kept). */
	deleted?: DeletedText | null;
}

/** One passage both sides changed while apart. */
export interface NarrativeOverlap {
	root: string;
	/** `client:clock` of the record's item ('' for a root text). */
	recordKey: string;
	recordId: string | null;
	/** The record's field (the root's name for a root text). */
	field: string;
	/** The paragraph's node, or the item after the line's start, as `client:clock`. */
	passageKey: string;
	/** Client ids of the other writers whose unseen changes are in the passage. */
	otherClients: number[];
	/** The passage as the writer had it, with the writer's changes (text others deleted unseen is gone). */
	mine: string;
	/** The passage as the server held it before the update: the other side's version. */
	theirs: string;
	/** The passage as merged, as every reader now sees it. */
	merged: string;
}

/** One piece of a passage's text and what is known about it. */
interface Piece {
	item: Y.Item;
	text: string;
}

/** Longest passage text kept per side. */
const MAX_TEXT = 4000;

/**
 * [NC1] The passages this update's writer changed that hold another person's unseen changes.
 * `knowledge` null: not a reconnect, nothing is examined.
 */
export function findNarrativeOverlaps(
	tr: Y.Transaction,
	policy: DocPolicy,
	knowledge: WriterKnowledge | null
): NarrativeOverlap[] {
	if (knowledge === null) return [];
	const isNew = (id: Y.ID) => id.clock >= (tr.beforeState.get(id.client) ?? 0);
	const deletedNow = (it: Y.Item) => !isNew(it.id) && Y.isDeleted(tr.deleteSet, it.id);
	/** Touched paragraphs (by node) and texts (whose lines are judged afterwards). */
	const paragraphs = new Map<Y.Item, Field>();
	const texts = new Map<Y.Text, Field>();
	const touched = new Set<Y.Item>();
	const visit = (s: Y.Item) => {
		const at = narrativePlace(s, policy, isNew);
		if (!at) return;
		touched.add(s);
		if (at.paragraph) paragraphs.set(at.paragraph, at.field);
		else if (at.text) texts.set(at.text, at.field);
	};
	for (const [client, after] of tr.afterState) {
		const before = tr.beforeState.get(client) ?? 0;
		if (after <= before) continue;
		const structs = tr.doc.store.clients.get(client) ?? [];
		for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
			const s = structs[i];
			if (s instanceof Y.Item) visit(s);
		}
	}
	Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
		if (s instanceof Y.Item && !isNew(s.id)) visit(s);
	});
	if (touched.size === 0) return [];

	const { knew, isWriters, deleted } = knowledge;
	const unseenOther = (it: Y.Item) =>
		!isNew(it.id) && !isWriters(it.id.client) && it.id.clock >= (knew.get(it.id.client) ?? 0);
	/** Text the writer still had: deleted before this update by someone it had not seen do so. */
	const stillHad = (it: Y.Item) =>
		deleted && it.deleted && !isNew(it.id) && !deletedNow(it) && !unseenOther(it)
			? deleted.unseenBy(it, knew)
			: '';
	const judge = (field: Field, passageKey: string, pieces: Piece[]): NarrativeOverlap | null => {
		if (!pieces.some((p) => touched.has(p.item) || deletedNow(p.item))) return null;
		const others = new Set<number>();
		for (const p of pieces) if (unseenOther(p.item)) others.add(p.item.id.client);
		if (others.size === 0) return null;
		const join = (keep: (it: Y.Item) => boolean, extra?: (it: Y.Item) => string) =>
			pieces
				.map((p) => (keep(p.item) ? p.text : (extra?.(p.item) ?? '')))
				.join('')
				.slice(0, MAX_TEXT);
		return {
			...field,
			passageKey,
			otherClients: [...others].sort((a, b) => a - b),
			// Seen or written by the writer, and still there after its own deletions.
			mine: join((it) => !it.deleted && !unseenOther(it), stillHad),
			// Held by the server before: not new, not deleted before this update.
			theirs: join((it) => !isNew(it.id) && (!it.deleted || deletedNow(it))),
			merged: join((it) => !it.deleted)
		};
	};
	const out: NarrativeOverlap[] = [];
	for (const [para, field] of paragraphs) {
		const pieces: Piece[] = [{ item: para, text: '' }];
		piecesOf(para, pieces);
		const found = judge(field, keyOf(para.id), pieces);
		if (found) out.push(found);
	}
	for (const [text, field] of texts)
		for (const line of linesOf(text)) {
			const found = judge(field, line.key, line.pieces);
			if (found) out.push(found);
		}
	return out;
}

/** The field a passage belongs to. */
interface Field {
	root: string;
	recordKey: string;
	recordId: string | null;
	field: string;
}

/**
 * Where an item sits if inside a narrative: its field, and its paragraph (rich text) or the
 * Y.Text whose lines are judged. Null for anything else (short fields, logs, new records).
 */
function narrativePlace(
	item: Y.Item,
	policy: DocPolicy,
	isNew: (id: Y.ID) => boolean
): { field: Field; paragraph?: Y.Item; text?: Y.Text } | null {
	const at = rootChainOf(item);
	if (!at) return null;
	const { root, type, chain } = at;
	const rule = policy.roots[root];
	if (rule?.kind === 'text') {
		// A root Y.Text: the server never named it locally, so it is told by the policy.
		if (chain.length !== 1) return null;
		return {
			field: { root, recordKey: '', recordId: null, field: root },
			text: type as unknown as Y.Text
		};
	}
	if (rule?.kind !== 'records' || chain.length < 3) return null;
	const [record, fieldItem] = chain;
	if (isNew(record.id) || record.deleted || fieldItem.parentSub === null) return null;
	const c = fieldItem.content;
	if (!(c instanceof Y.ContentType)) return null;
	const field: Field = {
		root,
		recordKey: keyOf(record.id),
		recordId: recordIdOf(record),
		field: fieldItem.parentSub
	};
	if (c.type instanceof Y.Text) return { field, text: c.type };
	if (c.type instanceof Y.XmlFragment) return { field, paragraph: chain[2] };
	return null;
}

function recordIdOf(record: Y.Item): string | null {
	const c = record.content;
	if (!(c instanceof Y.ContentType)) return null;
	const id = c.type._map.get('id');
	const v = id && id.content instanceof Y.ContentAny ? id.content.getContent().at(-1) : null;
	return typeof v === 'string' ? v : null;
}

/** Every item under a node, in document order, with its text ('' for markup or gone text). */
function piecesOf(node: Y.Item, out: Piece[]): void {
	const c = node.content;
	if (!(c instanceof Y.ContentType)) return;
	for (let n = c.type._start; n !== null; n = n.right) {
		const nc = n.content;
		if (nc instanceof Y.ContentString) out.push({ item: n, text: nc.str });
		else if (nc instanceof Y.ContentType) {
			const hardBreak = nc.type instanceof Y.XmlElement && nc.type.nodeName === 'hardBreak';
			out.push({ item: n, text: hardBreak ? '\n' : '' });
			piecesOf(n, out);
		} else out.push({ item: n, text: '' });
	}
}

/** The lines of a Y.Text: pieces between newlines, keyed by the first item after the break. */
function linesOf(text: Y.Text): { key: string; pieces: Piece[] }[] {
	const lines: { key: string; pieces: Piece[] }[] = [{ key: 'start', pieces: [] }];
	for (let n = text._start; n !== null; n = n.right) {
		const str = n.content instanceof Y.ContentString ? n.content.str : '';
		let offset = 0;
		str.split('\n').forEach((part, k) => {
			// A line starts after a newline: keyed by that newline's own id.
			if (k > 0) lines.push({ key: `${n.id.client}:${n.id.clock + offset - 1}`, pieces: [] });
			lines.at(-1)!.pieces.push({ item: n, text: part });
			offset += part.length + 1;
		});
	}
	return lines;
}
