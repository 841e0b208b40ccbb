/**
 * [HI2] What one change did to a section, at the level of the domain: which records of which part
 * were added, removed or changed, and which fields of a changed record. Pure over plain values
 * (the sync layer reads the section before and after each stored update).
 */

/** One record's fields as JSON values. */
export type RecordFields = Record<string, unknown>;
/** Part name → record id → fields. */
export type SectionState = Record<string, Record<string, RecordFields>>;

export interface RecordChange {
	part: string;
	kind: 'added' | 'removed' | 'changed';
	/** The record's id ('' for a part with a single record, e.g. the family record). */
	id: string;
	/** A few words that name the record (its description, title, name, date…), for people. */
	label: string;
	/** Changed fields, for `changed` (sorted). */
	fields: string[];
	/**
	 * [CF1][HI2] Fields this change wrote that a value written concurrently by someone else
	 * outranked at once: the write is kept in the history (and in the conflict list) though the
	 * record's state did not change.
	 */
	overwritten?: string[];
}

/** Adds the fields a change wrote but lost at once (CF1) to its record's entry. */
export function withOverwritten(
	changes: RecordChange[],
	lost: readonly { part: string; id: string; field: string }[],
	after: SectionState
): RecordChange[] {
	for (const l of lost) {
		let c = changes.find((x) => x.part === l.part && x.id === l.id);
		if (!c) {
			const fields = after[l.part]?.[l.id];
			if (!fields) continue; // the record is gone or not part of this section
			c = { part: l.part, kind: 'changed', id: l.id, label: recordLabel(fields), fields: [] };
			changes.push(c);
		}
		const set = new Set([...(c.overwritten ?? []), l.field]);
		c.overwritten = [...set].sort();
	}
	return changes;
}

/** Fields tried, in order, to name a record. */
const LABEL_FIELDS = ['description', 'title', 'name', 'caseRef', 'institution', 'date', 'type'];
const LABEL_MAX = 80;

/** A few words naming a record: its first non-empty label field, shortened. */
export function recordLabel(fields: RecordFields | undefined): string {
	if (!fields) return '';
	for (const f of LABEL_FIELDS) {
		const v = fields[f];
		if (typeof v === 'string' && v.trim() !== '') {
			const t = v.trim().replace(/\s+/g, ' ');
			return t.length > LABEL_MAX ? `${t.slice(0, LABEL_MAX - 1)}…` : t;
		}
	}
	return '';
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The records added, removed and changed between two states, part by part, in part order. */
export function diffSections(before: SectionState, after: SectionState): RecordChange[] {
	const out: RecordChange[] = [];
	const parts = [...new Set([...Object.keys(before), ...Object.keys(after)])];
	for (const part of parts) {
		const b = before[part] ?? {};
		const a = after[part] ?? {};
		if (b === a) continue; // the same object: the part was not read again, nothing changed
		for (const [id, fields] of Object.entries(a)) {
			const old = b[id];
			if (!old) {
				out.push({ part, kind: 'added', id, label: recordLabel(fields), fields: [] });
				continue;
			}
			const keys = new Set([...Object.keys(old), ...Object.keys(fields)]);
			const changed = [...keys].filter((k) => !same(old[k], fields[k])).sort();
			if (changed.length > 0)
				out.push({ part, kind: 'changed', id, label: recordLabel(fields), fields: changed });
		}
		for (const [id, fields] of Object.entries(b))
			if (!a[id]) out.push({ part, kind: 'removed', id, label: recordLabel(fields), fields: [] });
	}
	return out;
}
