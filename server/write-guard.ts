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
import { findConcurrentWrites, type ConcurrentFindings } from './concurrent-writes.js';
import { dateFits, SERVER_SLACK_MONTHS } from '../src/lib/domain/date-bounds.js';
import { todayInPoland } from '../src/lib/domain/dates.js';
import {
	DeletedText,
	findNarrativeOverlaps,
	type NarrativeOverlap,
	type WriterKnowledge
} from './narrative-conflicts.js';
import { SHADOW_ORIGIN } from '../src/lib/sync/origins.js';

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
	| 'submit-only'
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
	/** [NC1] The writer's Yjs client ids (marks the text it deletes); none when not given. */
	clients?: () => readonly number[];
	/**
	 * [NK2] Set for a write-only (`submit`) socket: whether a Yjs client id is the writer's own
	 * (bound to them, or claimed by this update). Such a writer adds records to the policy's
	 * `submitRoots` and changes fields of records it created; nothing else.
	 */
	ownsClient?: (clientId: number) => boolean;
}

/** The shadow copy of one live document and the policy it enforces. */
export class WriteGuard {
	#shadow: Y.Doc | null = null;
	/** [CF1] What the last accepted update wrote concurrently (null: nothing). */
	concurrent: ConcurrentFindings | null = null;
	/** [NC1] Passages the last accepted reconnect update merged into unseen changes. */
	narratives: NarrativeOverlap[] = [];
	/** [NC1] Narrative text accepted updates deleted, for a later offline writer's version. */
	readonly deleted = new DeletedText();

	constructor(
		private readonly live: Y.Doc,
		private readonly policy: DocPolicy,
		private readonly caseContext: () => CaseContext
	) {}

	/** Null when `update` may be applied to the live document; otherwise why not. */
	/**
	 * `knowledge`: what the writer had seen, for an update a device sends on reconnect (its
	 * offline writes); null for a live edit, which is not examined for narrative overlaps (NC1).
	 */
	check(
		update: Uint8Array,
		writer: Writer,
		knowledge: WriterKnowledge | null = null
	): Refusal | null {
		const shadow = (this.#shadow ??= copyOf(this.live));
		const pendingBefore = hasPending(shadow);
		let refusal: Refusal | null = null;
		this.concurrent = null;
		this.narratives = [];
		const inspectTr = (tr: Y.Transaction) => {
			if (tr.origin !== SHADOW_ORIGIN) return;
			refusal = inspect(tr, this.policy, writer, this.caseContext);
			if (!refusal) {
				const found = findConcurrentWrites(tr, this.policy, update, knowledge);
				if (found.writes.length + found.removed.length + found.orphans.length > 0)
					this.concurrent = found;
				this.narratives = findNarrativeOverlaps(
					tr,
					this.policy,
					knowledge && { ...knowledge, deleted: this.deleted }
				);
				if (tr.deleteSet.clients.size > 0) this.deleted.record(tr, writer.clients ?? (() => []));
			}
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
		// Structs waiting for ones the server never received could later land anywhere unchecked,
		// and the part that did integrate cannot be judged without them: ask for the rest first.
		// (A stored history that already waits on something must not lock every writer out.)
		if (!pendingBefore && hasPending(shadow)) refusal = { code: 'incomplete' };
		if (refusal) {
			this.concurrent = null;
			this.narratives = [];
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

/** A record the update creates: checked as a whole once every field of it has arrived. */
interface NewRecord {
	map: Y.Map<unknown>;
	rule: Extract<RootRule, { kind: 'records' }>;
}

/** What one pass over the transaction collects. */
interface Seen {
	newRecords: Map<Y.Item, NewRecord>;
	/** `${record item id}/${field}` of every field value the update writes. */
	written: Set<string>;
	logEntries: Map<string, unknown[]>;
	isNew: (item: Y.Item) => boolean;
	/** [DB1] Today in Poland, for the date bounds of the fields written. */
	today: string;
}

const fieldKey = (record: Y.Item, field: string) =>
	`${record.id.client}:${record.id.clock}/${field}`;

/**
 * The checks of one transaction on the shadow: what it adds, what it deletes, new records as a
 * whole, then the case log's lifecycle. A deletion's refusal is reported first: it says more.
 */
function inspect(
	tr: Y.Transaction,
	policy: DocPolicy,
	writer: Writer,
	caseContext: () => CaseContext
): Refusal | null {
	const seen: Seen = {
		newRecords: new Map(),
		written: new Set(),
		logEntries: new Map(),
		isNew: (item) => item.id.clock >= (tr.beforeState.get(item.id.client) ?? 0),
		today: todayInPoland()
	};
	let added: Refusal | null = null;
	for (const [client, after] of tr.afterState) {
		const before = tr.beforeState.get(client) ?? 0;
		if (after <= before || added) continue;
		const structs = tr.doc.store.clients.get(client) ?? [];
		for (let i = Y.findIndexSS(structs, before); i < structs.length && !added; i++) {
			const s = structs[i];
			// GC: nothing readable; the client-id rule (RM16) decides whose it may be.
			if (s instanceof Y.Item) added = checkAddition(s, before, policy, writer, seen);
		}
	}
	let deleted: Refusal | null = null;
	Y.iterateDeletedStructs(tr, tr.deleteSet, (s) => {
		if (!deleted && s instanceof Y.Item)
			deleted = checkDeletion(s, policy, seen) ?? checkSubmitterDeletion(s, writer, seen);
	});
	// A write-only writer's addition refusal says more (it never saw what it replaces).
	if (deleted || added) return writer.ownsClient ? (added ?? deleted) : (deleted ?? added);
	for (const r of seen.newRecords.values()) {
		const refusal = checkNewRecord(r, writer, seen.today);
		if (refusal) return refusal;
	}
	for (const [root, entries] of seen.logEntries) {
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
	seen: Seen
): Refusal | null {
	const place = placeOf(item);
	if (!place) return null; // its parent is gone: the item is invisible to every reader
	const rule = policy.roots[place.root];
	if (!rule) return { code: 'unknown-root', detail: place.root.slice(0, 40) };
	if (writer.ownsClient) {
		const r = checkSubmission(place, policy, writer.ownsClient, seen);
		if (r) return r;
	}
	// Written into a record someone removed meanwhile (offline): invisible to every reader, and
	// refusing it would lock out an honest writer whose edit merely crossed the removal.
	if (place.chain.slice(0, -1).some((ancestor) => ancestor.deleted)) return null;
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
				const r = checkLogEntry(rule, value, writer, seen.today);
				if (r) return r;
			}
			const list = seen.logEntries.get(place.root) ?? [];
			list.push(...fresh);
			seen.logEntries.set(place.root, list);
			return null;
		}
		case 'records':
			return checkRecordAddition(place, rule, item, writer, seen);
	}
}

/**
 * [NK2] A write-only writer: only into a submit root, only a new record or a field of a record
 * whose item the writer's own client created (it never saw anyone else's).
 */
function checkSubmission(
	place: Place,
	policy: DocPolicy,
	owns: (clientId: number) => boolean,
	seen: Seen
): Refusal | null {
	if (!policy.submitRoots?.includes(place.root)) return { code: 'submit-only' };
	const record = place.chain[0];
	if (place.chain.length === 1 || seen.isNew(record) || owns(record.id.client)) return null;
	return { code: 'field-not-yours', detail: 'record' };
}

function checkLogEntry(
	rule: Extract<RootRule, { kind: 'log' }>,
	value: unknown,
	writer: Writer,
	today: string
): Refusal | null {
	const parsed = rule.entry.safeParse(value);
	if (!parsed.success) return { code: 'invalid-value' };
	// [DB3] A consent or case event dated 1800 or 3000 is no date of the case (RM20).
	for (const [kind, v] of rule.dates?.(value) ?? [])
		if (!dateFits(kind, v, today, SERVER_SLACK_MONTHS))
			return { code: 'invalid-value', detail: kind };
	const entry = parsed.data as Record<string, unknown>;
	const { id, name, role } = rule.stamp;
	if (entry[id] !== writer.userId) return { code: 'foreign-author', detail: id };
	if (name && entry[name] !== undefined && entry[name] !== writer.name)
		return { code: 'foreign-author', detail: name };
	if (role && entry[role] !== writer.staffRole) return { code: 'foreign-author', detail: role };
	return null;
}

const isTextContainer = (c: Y.Item['content']) =>
	c instanceof Y.ContentType && (c.type instanceof Y.Text || c.type instanceof Y.XmlFragment);

function checkRecordAddition(
	place: Place,
	rule: Extract<RootRule, { kind: 'records' }>,
	item: Y.Item,
	writer: Writer,
	seen: Seen
): Refusal | null {
	const content = item.content;
	const [recordItem, fieldItem] = place.chain;
	if (place.chain.length === 1) {
		// A new element of the list: a record (or one inserted and removed within the update).
		if (content instanceof Y.ContentDeleted) return null;
		if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.Map))
			return { code: 'not-a-record' };
		seen.newRecords.set(item, { map: content.type, rule });
		return null;
	}
	const field = fieldItem.parentSub;
	if (field === null) return { code: 'not-a-record' };
	const detail = field.slice(0, 40);
	if (place.chain.length > 2)
		// Inside a record's text or rich-text field: collaborative content of any shape.
		return isTextContainer(fieldItem.content) ? null : { code: 'invalid-value', detail };
	seen.written.add(fieldKey(recordItem, field));
	const isNewRecord = seen.newRecords.has(recordItem);
	if (content instanceof Y.ContentDeleted) return null;
	if (content instanceof Y.ContentType) {
		// A container created later by two writers under one key would lose one (stack.md §9).
		if (!isNewRecord) return { code: 'container-later', detail };
		return isTextContainer(content) ? null : { code: 'invalid-value', detail };
	}
	if (!(content instanceof Y.ContentAny)) return { code: 'invalid-value', detail };
	if (isNewRecord) return null; // parsed as a whole once complete
	// An existing record: the values this update writes must be valid for their field. The
	// record as a whole is not re-parsed, so one damaged by an older client stays correctable.
	const fieldSchema = rule.schema.shape[field];
	if (!fieldSchema) return { code: 'unknown-field', detail };
	const dated = rule.dates?.[field];
	for (const v of content.getContent()) {
		if (!z.safeParse(fieldSchema, v).success) return { code: 'invalid-value', detail };
		// [DB1] A date outside its field's bounds (01.01.3000, 01.01.1800) is no date of the case.
		if (dated && !dateFits(dated, v, seen.today, SERVER_SLACK_MONTHS))
			return { code: 'invalid-value', detail };
	}
	const roles = rule.byRole?.[field];
	if (roles && !roles.includes(writer.staffRole as (typeof roles)[number]))
		return { code: 'field-not-yours', detail };
	return null;
}

function checkDeletion(item: Y.Item, policy: DocPolicy, seen: Seen): Refusal | null {
	const place = placeOf(item);
	if (!place) return null;
	const rule = policy.roots[place.root];
	if (!rule) return null; // nothing can have been stored under an unknown root
	if (rule.kind === 'log') return seen.isNew(item) ? null : { code: 'deletes' };
	if (rule.kind !== 'records' || seen.isNew(item)) return null;
	const [recordItem] = place.chain;
	if (place.chain.length === 1) {
		if (rule.removal === 'any') return null;
		// [RE1] Only a record that does not parse may be replaced; a valid one is evidence.
		return recordIsValid(item, rule) ? { code: 'removes-record' } : null;
	}
	if (recordItem.deleted) return null; // part of a removed record
	// A field's old value goes when a new one replaces it; a field simply removed is refused.
	if (place.chain.length === 2 && item.parentSub !== null)
		return seen.written.has(fieldKey(recordItem, item.parentSub))
			? null
			: { code: 'deletes', detail: item.parentSub.slice(0, 40) };
	return null;
}

/**
 * [NK2] A write-only writer removes nothing but its own replaced field values: never a record,
 * never what someone else wrote.
 */
function checkSubmitterDeletion(item: Y.Item, writer: Writer, seen: Seen): Refusal | null {
	const owns = writer.ownsClient;
	if (!owns || seen.isNew(item)) return null;
	const place = placeOf(item);
	if (!place || place.chain.length === 1 || place.chain[0].deleted)
		return { code: 'removes-record' };
	return owns(place.chain[0].id.client) ? null : { code: 'field-not-yours', detail: 'record' };
}

/** Whether a (just deleted) record item held a record that parses. */
function recordIsValid(item: Y.Item, rule: Extract<RootRule, { kind: 'records' }>): boolean {
	const content = item.content;
	if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.Map)) return false;
	// Deleted children keep their content until garbage collection after this transaction.
	return rule.schema.safeParse(recordJson(content.type, true)).success;
}

/** A record's plain fields, with Y.Text fields as strings; rich-text fragments left out. */
function recordJson(map: Y.Map<unknown>, includeDeleted = false): Record<string, unknown> {
	const json: Record<string, unknown> = {};
	for (const [key, child] of map._map) {
		if (child.deleted && !includeDeleted) continue;
		const c = child.content;
		if (c instanceof Y.ContentAny) json[key] = c.getContent().at(-1);
		else if (c instanceof Y.ContentType && c.type instanceof Y.Text) json[key] = c.type.toString();
	}
	return json;
}

/** A new record must parse as a whole, hold no unknown plain field, and set no head-only field. */
function checkNewRecord(r: NewRecord, writer: Writer, today: string): Refusal | null {
	const { schema, byRole, dates } = r.rule;
	const json = recordJson(r.map);
	for (const key of Object.keys(json))
		if (!(key in schema.shape)) return { code: 'unknown-field', detail: key.slice(0, 40) };
	if (!schema.safeParse(json).success) return { code: 'invalid-value' };
	for (const [field, kind] of Object.entries(dates ?? {}))
		if (!dateFits(kind, json[field], today, SERVER_SLACK_MONTHS))
			return { code: 'invalid-value', detail: field };
	for (const [field, roles] of Object.entries(byRole ?? {}))
		if (json[field] && !roles.includes(writer.staffRole as (typeof roles)[number]))
			return { code: 'field-not-yours', detail: field };
	return null;
}
