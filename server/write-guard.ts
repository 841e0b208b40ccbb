/**
 * [RM17] Enforces a document's write policy (src/lib/sync/write-policy.ts) on every update before
 * it touches the live document.
 *
 * Yjs cannot roll back an applied update, so each update is first applied to a shadow copy of
 * the document (stack.md §9 rule 6). The shadow's transaction tells exactly what the update adds
 * (the structs past the state before it) and what it deletes (the transaction's delete set); both
 * are checked against the policy of the root they fall under. A refused update never reaches the
 * live document; the shadow is then rebuilt from the live one. An accepted update is applied to
 * the live document too, so the two stay equal. The shadow exists only while someone writes.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import type { DocPolicy, RootRule } from '../src/lib/sync/write-policy.js';
import { checkCaseEntries, type CaseContext } from './case-guard.js';

/** Why an update was refused; sent to the writer in a `write-refused` notice and audited. */
export type RefusalCode =
	| 'unknown-root'
	| 'not-a-record'
	| 'invalid-value'
	| 'unknown-field'
	| 'container-later'
	| 'field-not-yours'
	| 'deletes'
	| 'removes-record'
	| 'foreign-author'
	| 'not-an-exit'
	| 'not-your-transition'
	| 'guard'
	| 'incomplete';

/** A refusal with an optional short detail for the audit (never document content). */
export interface Refusal {
	code: RefusalCode;
	detail?: string;
}

/** The writer as the session knows them: stamps must equal these. */
export interface Writer {
	userId: string;
	name: string;
	staffRole: string;
}

const SHADOW_ORIGIN = Symbol('write-guard');

/** The shadow copy of one live document and the policy it enforces. */
export class WriteGuard {
	#shadow: Y.Doc | null = null;

	constructor(
		private readonly live: Y.Doc,
		private readonly policy: DocPolicy,
		private readonly caseContext: () => CaseContext
	) {}

	/** Null when `update` may be applied to the live document; otherwise why not. */
	check(update: Uint8Array, writer: Writer): Refusal | null {
		const shadow = (this.#shadow ??= copyOf(this.live));
		const pendingBefore = hasPending(shadow);
		let refusal: Refusal | null = null;
		const inspectTr = (tr: Y.Transaction) => {
			if (tr.origin === SHADOW_ORIGIN) refusal = inspect(tr, this.policy, writer, this.caseContext);
		};
		shadow.on('afterTransaction', inspectTr);
		try {
			Y.applyUpdate(shadow, update, SHADOW_ORIGIN);
		} catch (err) {
			// Undecodable: the room closes the socket (4400); the shadow may be half-applied.
			this.#shadow = null;
			throw err;
		} finally {
			shadow.off('afterTransaction', inspectTr);
		}
		// Structs waiting for ones the server never received could later land anywhere unchecked.
		// (A stored history that already waits on something must not lock every writer out.)
		if (!refusal && !pendingBefore && hasPending(shadow)) refusal = { code: 'incomplete' };
		if (refusal) {
			shadow.destroy();
			this.#shadow = null;
		}
		return refusal;
	}

	/** Frees the shadow (the room unloads, or nobody has written for a while). */
	release(): void {
		this.#shadow?.destroy();
		this.#shadow = null;
	}
}

function copyOf(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc({ gc: true });
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

function hasPending(doc: Y.Doc): boolean {
	return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Where an item sits: its root's name and rule, and the items between the root and it. */
interface Place {
	root: string;
	rule: RootRule | undefined;
	/** Items from the root's child down to the item itself (length 1: a child of the root). */
	chain: Y.Item[];
}

function placeOf(item: Y.Item): Place | null {
	const chain: Y.Item[] = [item];
	let type = item.parent;
	while (type instanceof Y.AbstractType && type._item !== null) {
		chain.unshift(type._item);
		type = type._item.parent;
	}
	if (!(type instanceof Y.AbstractType)) return null;
	const root = Y.findRootTypeKey(type);
	return { root, rule: undefined, chain };
}

/** A record touched by the update, with the fields it changed. */
interface Touched {
	map: Y.Map<unknown>;
	rule: Extract<RootRule, { kind: 'records' }>;
	isNew: boolean;
	fields: Set<string>;
}

/** The checks of one transaction on the shadow: deletions, additions, then whole records. */
function inspect(
	tr: Y.Transaction,
	policy: DocPolicy,
	writer: Writer,
	caseContext: () => CaseContext
): Refusal | null {
	const touched = new Map<Y.Item, Touched>();
	const logEntries = new Map<string, unknown[]>();
	const isNew = (item: Y.Item) => item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0);

	let refusal: Refusal | null = null;
	Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
		if (refusal || !(s instanceof Y.Item)) return;
		refusal = checkDeletion(s, policy, touched, isNew);
	});
	if (refusal) return refusal;

	for (const [client, after] of tr.afterState) {
		const before = tr.beforeState.get(client) ?? 0;
		if (after <= before) continue;
		const structs = tr.doc.store.clients.get(client) ?? [];
		for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
			const s = structs[i];
			if (!(s instanceof Y.Item)) continue; // GC: nothing readable; the client-id rule covers it
			const r = checkAddition(s, before, policy, writer, touched, logEntries, isNew);
			if (r) return r;
		}
	}

	for (const t of touched.values()) {
		const r = checkRecord(t, writer);
		if (r) return r;
	}
	for (const [root, entries] of logEntries) {
		const rule = policy.roots[root];
		if (rule?.kind === 'log' && rule.caseLog) {
			const r = checkCaseEntries(tr.doc.getArray(root), entries, writer, caseContext);
			if (r) return r;
		}
	}
	return null;
}

function checkAddition(
	item: Y.Item,
	before: number,
	policy: DocPolicy,
	writer: Writer,
	touched: Map<Y.Item, Touched>,
	logEntries: Map<string, unknown[]>,
	isNew: (item: Y.Item) => boolean
): Refusal | null {
	const place = placeOf(item);
	if (!place) return null; // its parent is gone: the item is invisible to every reader
	const rule = policy.roots[place.root];
	if (!rule) return { code: 'unknown-root', detail: place.root.slice(0, 40) };
	const depth = place.chain.length; // 1: a direct child of the root
	const content = item.content;
	const deleted = content instanceof Y.ContentDeleted;
	switch (rule.kind) {
		case 'map': {
			if (depth !== 1 || item.parentSub === null) return { code: 'invalid-value' };
			if (deleted) return null;
			if (!(content instanceof Y.ContentAny)) return { code: 'invalid-value' };
			const ok = content.getContent().every((v) => rule.value.safeParse(v).success);
			return ok ? null : { code: 'invalid-value', detail: item.parentSub.slice(0, 40) };
		}
		case 'text':
			if (depth !== 1) return { code: 'invalid-value' };
			return deleted || content instanceof Y.ContentString || content instanceof Y.ContentFormat
				? null
				: { code: 'invalid-value' };
		case 'log': {
			// An honest writer only ever appends plain entries; nothing is inserted and removed.
			if (depth !== 1 || item.parentSub !== null) return { code: 'invalid-value' };
			if (!(content instanceof Y.ContentAny)) return { code: 'deletes' };
			const fresh = content.getContent().slice(Math.max(0, before - item.id.clock));
			for (const value of fresh) {
				const r = checkLogEntry(rule, value, writer);
				if (r) return r;
			}
			const list = logEntries.get(place.root) ?? [];
			list.push(...fresh);
			logEntries.set(place.root, list);
			return null;
		}
		case 'records':
			return checkRecordAddition(place, rule, item, deleted, touched, isNew);
	}
}

function checkLogEntry(
	rule: Extract<RootRule, { kind: 'log' }>,
	value: unknown,
	writer: Writer
): Refusal | null {
	const parsed = rule.entry.safeParse(value);
	if (!parsed.success) return { code: 'invalid-value' };
	const entry = parsed.data as Record<string, unknown>;
	const { id, name, role } = rule.stamp;
	if (entry[id] !== writer.userId) return { code: 'foreign-author', detail: id };
	if (name && entry[name] !== undefined && entry[name] !== writer.name)
		return { code: 'foreign-author', detail: name };
	if (role && entry[role] !== writer.staffRole) return { code: 'foreign-author', detail: role };
	return null;
}

function checkRecordAddition(
	place: Place,
	rule: Extract<RootRule, { kind: 'records' }>,
	item: Y.Item,
	deleted: boolean,
	touched: Map<Y.Item, Touched>,
	isNew: (item: Y.Item) => boolean
): Refusal | null {
	const content = item.content;
	const [recordItem, fieldItem] = place.chain;
	if (place.chain.length === 1) {
		// A new element of the list: a record (or one inserted and removed within the update).
		if (deleted) return null;
		if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.Map))
			return { code: 'not-a-record' };
		touched.set(item, { map: content.type, rule, isNew: true, fields: new Set() });
		return null;
	}
	const record = recordItem.content;
	if (!(record instanceof Y.ContentType) || !(record.type instanceof Y.Map))
		return { code: 'not-a-record' };
	const t = touched.get(recordItem) ?? {
		map: record.type,
		rule,
		isNew: isNew(recordItem),
		fields: new Set<string>()
	};
	touched.set(recordItem, t);
	const field = fieldItem.parentSub;
	if (field === null) return { code: 'not-a-record' };
	t.fields.add(field);
	if (place.chain.length === 2) {
		if (deleted || content instanceof Y.ContentAny) return null; // checked with the record
		if (content instanceof Y.ContentType) {
			const type = content.type;
			// A container created later by two writers under one key would lose one (stack.md §9).
			if (!t.isNew) return { code: 'container-later', detail: field.slice(0, 40) };
			return type instanceof Y.Text || type instanceof Y.XmlFragment
				? null
				: { code: 'invalid-value', detail: field.slice(0, 40) };
		}
		return { code: 'invalid-value', detail: field.slice(0, 40) };
	}
	// Inside a record's text or rich-text field: collaborative content of any shape.
	const container = fieldItem.content;
	return container instanceof Y.ContentType &&
		(container.type instanceof Y.Text || container.type instanceof Y.XmlFragment)
		? null
		: { code: 'invalid-value', detail: field.slice(0, 40) };
}

function checkDeletion(
	item: Y.Item,
	policy: DocPolicy,
	touched: Map<Y.Item, Touched>,
	isNew: (item: Y.Item) => boolean
): Refusal | null {
	const place = placeOf(item);
	if (!place) return null;
	const rule = policy.roots[place.root];
	if (!rule) return null; // nothing can have been stored under an unknown root
	if (rule.kind === 'log') return isNew(item) ? null : { code: 'deletes' };
	if (rule.kind !== 'records') return null;
	const [recordItem] = place.chain;
	if (recordItem.deleted && place.chain.length > 1) return null; // part of a removed record
	if (place.chain.length === 1) {
		if (rule.removal === 'any' || isNew(item)) return null;
		// [RE1] Only a record that does not parse may be replaced; a valid one is evidence.
		return recordIsValid(item, rule) ? { code: 'removes-record' } : null;
	}
	if (place.chain.length === 2 && item.parentSub !== null) {
		// A field removed or overwritten: the record is checked as it is afterwards.
		const record = recordItem.content;
		if (record instanceof Y.ContentType && record.type instanceof Y.Map) {
			const t = touched.get(recordItem) ?? {
				map: record.type,
				rule,
				isNew: isNew(recordItem),
				fields: new Set<string>()
			};
			t.fields.add(item.parentSub);
			touched.set(recordItem, t);
		}
	}
	return null;
}

/** Whether a (just deleted) record item held a record that parses. */
function recordIsValid(item: Y.Item, rule: Extract<RootRule, { kind: 'records' }>): boolean {
	const content = item.content;
	if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.Map)) return false;
	// Deleted children keep their content until garbage collection after this transaction.
	const json: Record<string, unknown> = {};
	for (const [key, child] of content.type._map) json[key] = valueOf(child, true);
	return rule.schema.safeParse(json).success;
}

/** The value a record field item holds: plain value, or the text of a Y.Text. */
function valueOf(child: Y.Item, includeDeleted = false): unknown {
	if (child.deleted && !includeDeleted) return undefined;
	const c = child.content;
	if (c instanceof Y.ContentAny) return c.getContent().at(-1);
	if (c instanceof Y.ContentType && c.type instanceof Y.Text) return c.type.toString();
	return undefined;
}

/**
 * A new record must parse as a whole; an existing one only in the fields this update touched, so
 * a record already damaged by an older client can still be corrected field by field (RE1).
 */
function checkRecord(t: Touched, writer: Writer): Refusal | null {
	const { schema, byRole } = t.rule;
	const shape = schema.shape;
	const json: Record<string, unknown> = {};
	for (const [key, child] of t.map._map) {
		const v = valueOf(child);
		if (v !== undefined) json[key] = v;
		const isContainer =
			child.content instanceof Y.ContentType && !(child.content.type instanceof Y.Text);
		if (!child.deleted && !isContainer && !(key in shape) && (t.isNew || t.fields.has(key)))
			return { code: 'unknown-field', detail: key.slice(0, 40) };
	}
	if (t.isNew) {
		if (!schema.safeParse(json).success) return { code: 'invalid-value' };
	} else {
		for (const f of t.fields) {
			const fieldSchema = shape[f];
			if (fieldSchema && !z.safeParse(fieldSchema, json[f]).success)
				return { code: 'invalid-value', detail: f.slice(0, 40) };
		}
	}
	for (const [field, roles] of Object.entries(byRole ?? {})) {
		const set = t.isNew ? json[field] !== undefined && Boolean(json[field]) : t.fields.has(field);
		if (set && !roles.includes(writer.staffRole as (typeof roles)[number]))
			return { code: 'field-not-yours', detail: field };
	}
	return null;
}
