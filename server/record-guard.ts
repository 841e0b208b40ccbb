/**
 * [RM17] What a records root of a write policy asks of an update (write-inspect.ts walks the
 * update): a value written into an existing record must be valid for its field and the writer's
 * role, a new record must parse as a whole once every field of it has arrived, and a record that
 * parses may not be removed (RE1). Dates are held to their field's bounds (DB1).
 */
import * as Y from 'yjs';
import { z } from 'zod';
import type { RootRule } from '../src/lib/sync/write-policy.js';
import { dateFits, SERVER_SLACK_MONTHS } from '../src/lib/domain/date-bounds.js';
import type { Refusal, Writer } from './write-guard.js';
import type { Place, Seen } from './write-inspect.js';

/** A record the update creates: checked as a whole once every field of it has arrived. */
export interface NewRecord {
	map: Y.Map<unknown>;
	rule: Extract<RootRule, { kind: 'records' }>;
}

/** The key of one field of one record item, as `Seen.written` holds it. */
export const fieldKey = (record: Y.Item, field: string) =>
	`${record.id.client}:${record.id.clock}/${field}`;

const isTextContainer = (c: Y.Item['content']) =>
	c instanceof Y.ContentType && (c.type instanceof Y.Text || c.type instanceof Y.XmlFragment);

/** A struct the update adds under a records root: a new record, or a field of one. */
export function checkRecordAddition(
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
/** Whether a (just deleted) record item held a record that parses. */
export function recordIsValid(item: Y.Item, rule: Extract<RootRule, { kind: 'records' }>): boolean {
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
export function checkNewRecord(r: NewRecord, writer: Writer, today: string): Refusal | null {
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
