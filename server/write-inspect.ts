/**
 * [RM17] The checks of one update's transaction on the write guard's shadow (write-guard.ts): the
 * structs it adds and the items it deletes, each against the rule of the root it falls under (a
 * map, a text, a log, a list of records), and a write-only writer's narrower rights (NK2). What a
 * records root asks of a value or a whole new record is in record-guard.ts.
 */
import * as Y from 'yjs';
import type { DocPolicy, RootRule } from '../src/lib/sync/write-policy.js';
import { checkCaseEntries, type CaseContext } from './case-guard.js';
import { dateFits, SERVER_SLACK_MONTHS } from '../src/lib/domain/date-bounds.js';
import { todayInPoland } from '../src/lib/domain/dates.js';
import {
	checkNewRecord,
	checkRecordAddition,
	fieldKey,
	recordIsValid,
	type NewRecord
} from './record-guard.js';
import type { Refusal, Writer } from './write-guard.js';
import { rootChainOf } from './shadow-items.js';

/** Where an item sits: its root's name and rule, and the items between the root and it. */
export interface Place {
	root: string;
	rule: RootRule | undefined;
	/** Items from the root's child down to the item itself (length 1: a child of the root). */
	chain: Y.Item[];
}

/** The root an item falls under and its chain of ancestors; null when its parent is gone. */
function placeOf(item: Y.Item): Place | null {
	const at = rootChainOf(item);
	return at && { root: at.root, rule: undefined, chain: at.chain };
}

/** What one pass over the transaction collects. */
export interface Seen {
	newRecords: Map<Y.Item, NewRecord>;
	/** `${record item id}/${field}` of every field value the update writes. */
	written: Set<string>;
	logEntries: Map<string, unknown[]>;
	isNew: (item: Y.Item) => boolean;
	/** [DB1] Today in Poland, for the date bounds of the fields written. */
	today: string;
}

/**
 * The checks of one transaction on the shadow: what it adds, what it deletes, new records as a
 * whole, then the case log's lifecycle. A deletion's refusal is reported first: it says more.
 */
export function inspect(
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
