/**
 * [RE5] Editing the structured fields of a saved record (assessment, contact, safety record,
 * monitoring contact) with the same form values and validation as its "new" form. Only the fields
 * the user changed since opening the editor are written (one key each), so a peer's concurrent
 * edit of another field merges instead of being overwritten. Pure apart from the `write` callback.
 */
import { m } from '$lib/paraglide/messages.js';
import type { Assessment } from '$lib/domain/assessment';
import type { Contact, MonitoringContact, SafetyConcern } from '$lib/domain/safety';
import type { Visit } from '$lib/domain/visit';
import type { AssessmentFormValues } from '../forms/document-forms';
import type {
	ContactFormValues,
	MonitoringFormValues,
	SafetyFormValues
} from '../forms/contacts-form';
import type { VisitFormValues } from '../forms/visit-form';
import type { Result } from '$lib/domain/result';
import type { FormCheck } from '../forms/form-check';

/** What saving an edited record answers: the fields it changed, or why nothing was written. */
export type EditResult<E> = Result<{ changed: string[] }, { errors: E; message?: string }>;

/** The keys of `next` whose value differs from `base`. */
export function changedFields<V extends object>(base: V, next: V): Partial<V> {
	const out: Partial<V> = {};
	for (const k of Object.keys(next) as (keyof V)[])
		if (JSON.stringify(base[k]) !== JSON.stringify(next[k])) out[k] = next[k];
	return out;
}

/**
 * Records a new record from its form: refused without the right to write (`noRights` says so by
 * its field) or when the form does not check; else `write` stores the value and gives its id.
 */
export function addRecord<V, E extends object>(opts: {
	canEdit: boolean;
	noRights: E;
	check: () => FormCheck<V, E>;
	write: (value: V) => string;
}): Result<{ id: string }, { errors: E }> {
	if (!opts.canEdit) return { ok: false, errors: opts.noRights };
	const checked = opts.check();
	if (!checked.ok) return checked;
	return { ok: true, id: opts.write(checked.value) };
}

/**
 * Validates the draft; writes the fields changed against `base` (the values when the editor was
 * opened). On any refusal nothing is stored and the draft stays as typed.
 */
export function editRecord<F, V extends object, E extends object>(opts: {
	canEdit: boolean;
	base: F;
	draft: F;
	validate: (form: F) => FormCheck<V, E>;
	/** Writes the patch; false when the record is gone; throws when it would not parse. */
	write: (patch: Partial<V>) => boolean;
	noRights: E;
}): EditResult<E> {
	if (!opts.canEdit)
		return { ok: false, errors: opts.noRights, message: m.records_edit_no_rights() };
	const next = opts.validate(opts.draft);
	if (!next.ok) return { ok: false, errors: next.errors, message: m.records_edit_fix() };
	const base = opts.validate(opts.base);
	const patch = base.ok ? changedFields(base.value, next.value) : next.value;
	const changed = Object.keys(patch);
	if (changed.length === 0) return { ok: true, changed };
	try {
		if (!opts.write(patch)) return { ok: false, errors: {} as E, message: m.records_edit_gone() };
	} catch {
		return { ok: false, errors: {} as E, message: m.records_edit_conflict() };
	}
	return { ok: true, changed };
}

/** A saved assessment as the values of its form. */
export function assessmentToForm(a: Assessment): AssessmentFormValues {
	return {
		date: a.date,
		periodFrom: a.periodFrom,
		periodTo: a.periodTo,
		cooperation: a.cooperation,
		recommendation: a.recommendation,
		goals: { ...a.goals },
		goalNotes: { ...a.goalNotes },
		recipients: a.recipients.join(', ')
	};
}

export function contactToForm(c: Contact): ContactFormValues {
	return {
		date: c.date,
		institution: c.institution,
		person: c.person,
		purpose: c.purpose,
		letterRef: c.letterRef
	};
}

export function monitoringToForm(c: MonitoringContact): MonitoringFormValues {
	return { date: c.date, form: c.form, escalate: c.escalate };
}

export function safetyToForm(s: SafetyConcern): SafetyFormValues {
	return {
		violence: s.violenceRelated ? 'tak' : 'nie',
		date: s.date,
		time: s.time,
		actions: [...s.actions],
		// An intervention stays tied to its concern (ZG2).
		...(s.kind === 'interwencja' ? { interventionFor: s.concernId } : {})
	};
}

/** A saved visit's structured fields as the values of its form. */
export function visitToForm(v: Visit): VisitFormValues {
	return {
		date: v.date,
		start: v.start,
		end: v.end,
		place: v.place,
		type: v.type,
		present: v.present
	};
}
