/**
 * Safety concerns and interventions (zagrożenie bezpieczeństwa dziecka / interwencja, domain.md
 * §3.4). A record lives in the visits document unless it is related to domestic violence; then it
 * lives in the violence compartment (§5.2), whose document only the diagnostic group receives.
 * Whoever syncs a document receives all of it, history included, so the document is chosen when
 * the record is made and a violence-related record is never written anywhere else.
 */
import type * as Y from 'yjs';
import type { z } from 'zod';
import { SafetyConcern } from '../domain/safety.js';
import type { InvalidItem } from '../domain/invalid-item.js';
import { safetyRoots } from './doc-schema.js';
import { recordKind } from './record-list.js';
import type { Result } from '../domain/result.js';

/** Narrative (rich-text) fields of a safety record. */
export const SAFETY_NARRATIVES = ['description', 'outcome'] as const;
export type SafetyNarrative = (typeof SAFETY_NARRATIVES)[number];

const safety = recordKind((doc) => safetyRoots(doc).safety, SafetyConcern, SAFETY_NARRATIVES);

/** Safety records of one document (visits or violence), newest first, and invalid ones. */
export function readSafety(doc: Y.Doc): { concerns: SafetyConcern[]; invalid: InvalidItem[] } {
	const { items, invalid } = safety.read(doc, (a, b) =>
		a.date === b.date ? b.time.localeCompare(a.time) : b.date.localeCompare(a.date)
	);
	return { concerns: items, invalid };
}

/** A new record as a form gives it: `kind` and `concernId` may be left out (a concern). */
export type NewSafetyConcern = Omit<z.input<typeof SafetyConcern>, 'id'>;

/** The documents a safety record may go to: null when this user cannot write that document. */
export interface SafetyTargets {
	visits: Y.Doc | null;
	violence: Y.Doc | null;
}

export type SafetyWrite = Result<
	{ id: string; compartment: 'visits' | 'violence' },
	{ reason: 'no-violence-access' | 'no-visits-access' }
>;

/**
 * [SA1][SA2] Records a safety concern in the one document it belongs to: the violence compartment
 * when `violenceRelated`, else the visits document. Without that document nothing is written
 * anywhere (never a fallback). Throws on invalid fields.
 */
export function addSafetyConcern(
	targets: SafetyTargets,
	init: NewSafetyConcern,
	id = crypto.randomUUID()
): SafetyWrite {
	const value = SafetyConcern.parse({ ...init, id });
	const compartment = value.violenceRelated ? 'violence' : 'visits';
	const doc = value.violenceRelated ? targets.violence : targets.visits;
	if (!doc)
		return {
			ok: false,
			reason: value.violenceRelated ? 'no-violence-access' : 'no-visits-access'
		};
	if (value.violenceRelated && doc === targets.visits)
		throw new Error('the violence compartment must be its own document');
	safety.add(doc, value, id);
	return { ok: true, id, compartment };
}

/** The rich-text fragment of a safety record's narrative field, or null. */
export function safetyFragment(doc: Y.Doc, id: string, field: SafetyNarrative) {
	return safety.fragment(doc, id, field);
}

/**
 * [RE5] Writes the changed fields of a saved safety record in its own document (one key each);
 * whether it is violence-related (it chose the document, SA1) and whether it is a concern or an
 * intervention (ZG2) are not editable. Throws if
 * the record would not parse.
 */
export function updateSafetyConcern(
	doc: Y.Doc,
	id: string,
	patch: Partial<Omit<NewSafetyConcern, 'violenceRelated' | 'kind' | 'concernId'>>
): boolean {
	// Fixed when the record was made: its document (SA1) and what it is (ZG2).
	const {
		violenceRelated: _v,
		kind: _k,
		concernId: _c,
		...rest
	} = patch as Partial<NewSafetyConcern>;
	return safety.update(doc, id, rest);
}
