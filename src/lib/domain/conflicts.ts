import { z } from 'zod';

/**
 * Field conflicts (CF rules in SPEC.md): two or more people replaced the same short field while
 * apart. The server finds them (server/concurrent-writes.ts) and keeps every value; the family's
 * file shows them until someone who may edit acknowledges.
 */

/** One value of a conflicting field: what, who, when. */
export const ConflictValue = z.object({
	/** The Yjs item that held it (`client:clock`), unique within its document. */
	item: z.string().max(40),
	value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
	userId: z.string(),
	userName: z.string(),
	/** When the server received it (null: before the server kept track). */
	arrivedAt: z.number().nullable(),
	/** When the device wrote it (offline writes), clamped to the arrival; null when unknown. */
	authoredAt: z.number().nullable(),
	/** The device sent a time that cannot be true (a clock years off): shown as unknown. */
	authoringUnknown: z.boolean()
});
export type ConflictValue = z.infer<typeof ConflictValue>;

/** Where a conflict sits: which document, compartment, list or root map, record and field. */
const ConflictPlace = z.object({
	id: z.string(),
	docName: z.string(),
	/** The compartment of the document (plan, core, visits, …). */
	section: z.string(),
	/** The list (goals, actions, members, …) or root map the field belongs to. */
	root: z.string(),
	/**
	 * The record's id, when known: null for a root map key or root text (the plan's notes) or an
	 * unreadable removed record.
	 */
	recordId: z.string().nullable(),
	field: z.string()
});

export const FieldConflict = ConflictPlace.extend({
	/** [CF5] The record was removed while someone edited it: `removedRecord` holds its fields. */
	recordRemoved: z.boolean(),
	removedRecord: z.record(z.string(), z.unknown()).nullable(),
	detectedAt: z.number(),
	/** Every value still in contention, oldest first (three or more when three wrote). */
	values: z.array(ConflictValue),
	acknowledged: z.object({ userId: z.string(), userName: z.string(), at: z.number() }).nullable()
});
export type FieldConflict = z.infer<typeof FieldConflict>;

const Person = z.object({ userId: z.string(), userName: z.string() });

/**
 * [NC2] A passage of a narrative written offline and merged into a passage someone else changed
 * meanwhile: both authors, and each side's version beside the merged one, until someone who may
 * edit has read it.
 */
export const NarrativeConflict = ConflictPlace.extend({
	/** The one who wrote the passage offline, and when the server received it. */
	writer: Person.extend({ arrivedAt: z.number() }),
	/** Those whose changes of the same passage it was merged into. */
	others: z.array(Person),
	/** The passage as the offline writer had it, as the others had it, and as merged. */
	mine: z.string(),
	theirs: z.string(),
	merged: z.string(),
	detectedAt: z.number(),
	read: z.object({ userId: z.string(), userName: z.string(), at: z.number() }).nullable()
});
export type NarrativeConflict = z.infer<typeof NarrativeConflict>;

export const ConflictList = z.object({
	conflicts: z.array(FieldConflict),
	narratives: z.array(NarrativeConflict).default([])
});
export type ConflictList = z.infer<typeof ConflictList>;

/**
 * [CF6] The value that stands now: the one equal to the field's current value, or null when the
 * field holds something else meanwhile (a later edit) or the record is gone.
 */
export function standingValue(c: FieldConflict, current: unknown): ConflictValue | null {
	if (c.recordRemoved) return null;
	return [...c.values].reverse().find((v) => v.value === current) ?? null;
}

/** [CF6] Open conflicts of one record's field, for the marker beside it. */
export function conflictsOf(
	list: readonly FieldConflict[],
	recordId: string | null,
	field: string
): FieldConflict[] {
	return list.filter(
		(c) => c.acknowledged === null && c.recordId === recordId && c.field === field
	);
}

/** [NC2] Open narrative conflicts of one record's field (recordId null: a root text). */
export function narrativesOf(
	list: readonly NarrativeConflict[],
	recordId: string | null,
	field: string
): NarrativeConflict[] {
	return list.filter((c) => c.read === null && c.recordId === recordId && c.field === field);
}
