/**
 * The safety half of the "Kontakty i bezpieczeństwo" tab: safety concerns and interventions over
 * the visits document and the violence compartment, each its own document (SA1, SA2). Same shape
 * as ContactsState: parsed snapshots, named commands, rich text through a `richText` action.
 */
import type { Action as SvelteAction } from 'svelte/action';
import type { DocHandle } from '$lib/sync/connect';
import type { DocAccess, SyncDoc } from '$lib/sync/doc-access';
import type { DocRole } from '$lib/sync/protocol';
import * as safetyDoc from '$lib/sync/safety-doc';
import type { SafetyConcern } from '$lib/domain/safety';
import type { InvalidItem } from '$lib/domain/invalid-item';
import type { Result } from '$lib/domain/result';
import {
	validateSafetyForm,
	type SafetyFormErrors,
	type SafetyFormValues
} from '../forms/contacts-form';
import { mountRichText, type MountOptions, type RichTextBase } from '../records/record-rich-text';
import { editRecord, type EditResult } from '../records/record-edit';
import { repairFor, type RepairInvalid } from '../records/record-repair';
import { m } from '$lib/paraglide/messages.js';

type Me = MountOptions['me'];

export type SafetyCompartment = 'visits' | 'violence';

/** A safety record with the document it lives in. */
export interface SafetyRecord {
	concern: SafetyConcern;
	compartment: SafetyCompartment;
}

export interface SafetyRichTextRef extends RichTextBase {
	compartment: SafetyCompartment;
	id: string;
	field: safetyDoc.SafetyNarrative;
}

type Opened = { handle: DocHandle; role: DocRole } | null;

/** Whether two handles stand for one document (state compares them without holding either). */
function sameDocument(a: DocAccess, b: DocAccess): boolean {
	return a.read((x) => b.read((y) => x === y));
}

/** Runs `fn` over an opened document, or over null when it is not open to this user. */
function withDoc<T>(d: Opened, fn: (doc: SyncDoc | null) => T): T {
	return d ? d.handle.read(fn) : fn(null);
}

/**
 * Safety concerns and interventions. Reads what this user can open (visits and/or violence);
 * writes a violence-related record only to the violence compartment (SA1, SA2).
 */
export class SafetyState {
	current = $state.raw<{
		records: SafetyRecord[];
		invalid: { compartment: SafetyCompartment; item: InvalidItem }[];
	}>({ records: [], invalid: [] });
	readonly canEditVisits: boolean;
	readonly canEditViolence: boolean;
	/** Which of the two documents this user reads. */
	readonly reads: Record<SafetyCompartment, boolean>;
	#docs: Record<SafetyCompartment, Opened>;
	#stops: (() => void)[];
	#me: Me;
	#refresh = () => {
		const records: SafetyRecord[] = [];
		const invalid: { compartment: SafetyCompartment; item: InvalidItem }[] = [];
		for (const compartment of ['visits', 'violence'] as const) {
			const d = this.#docs[compartment];
			if (!d) continue;
			const r = d.handle.read((doc) => safetyDoc.readSafety(doc));
			for (const concern of r.concerns) records.push({ concern, compartment });
			for (const item of r.invalid) invalid.push({ compartment, item });
		}
		records.sort((a, b) =>
			a.concern.date === b.concern.date
				? b.concern.time.localeCompare(a.concern.time)
				: b.concern.date.localeCompare(a.concern.date)
		);
		this.current = { records, invalid };
	};

	constructor(visits: Opened, violence: Opened, me: Me) {
		if (visits && violence && sameDocument(visits.handle, violence.handle))
			throw new Error('the violence compartment must be its own document');
		this.#docs = { visits, violence };
		this.#me = me;
		this.canEditVisits = visits?.role === 'edit';
		this.canEditViolence = violence?.role === 'edit';
		this.reads = { visits: visits !== null, violence: violence !== null };
		this.#refresh();
		this.#stops = [visits, violence].map((d) => d?.handle.observe(this.#refresh) ?? (() => {}));
	}

	/** Whether the user may record anything here at all. */
	get canEdit(): boolean {
		return this.canEditVisits || this.canEditViolence;
	}

	destroy(): void {
		for (const stop of this.#stops) stop();
	}

	/**
	 * Records a safety concern in the document the violence answer selects. Without write access
	 * to that document nothing is written anywhere; the message says why.
	 */
	add(
		form: SafetyFormValues,
		opts: { badDate?: boolean } = {}
	): Result<
		{ id: string; compartment: SafetyCompartment },
		{ errors: SafetyFormErrors; message?: string }
	> {
		const checked = validateSafetyForm(form, opts);
		if (!checked.ok) return checked;
		// addSafetyConcern opens its own transaction in the one document it writes; both are passed
		// so that it (not state) picks the document from the record (SA1).
		const written = withDoc(this.canEditVisits ? this.#docs.visits : null, (visits) =>
			withDoc(this.canEditViolence ? this.#docs.violence : null, (violence) =>
				safetyDoc.addSafetyConcern({ visits, violence }, checked.value)
			)
		);
		if (written.ok) return written;
		return written.reason === 'no-violence-access'
			? {
					ok: false,
					errors: { violence: m.records_safety_no_write_violence() },
					message: m.records_safety_no_write_violence_explained()
				}
			: {
					ok: false,
					errors: { violence: m.records_safety_no_write_visits() },
					message: m.records_safety_no_write_visits_explained()
				};
	}

	/** `use:safety.richText={{ compartment, id, field, labelledBy }}`. */
	richText: SvelteAction<HTMLElement, SafetyRichTextRef> = (el, ref) => {
		const d = this.#docs[ref.compartment];
		if (!d) {
			el.textContent = m.records_no_document_access();
			return {};
		}
		return mountRichText(
			el,
			d.handle.read((doc) => safetyDoc.safetyFragment(doc, ref.id, ref.field)),
			{
				handle: d.handle,
				me: this.#me,
				editable: d.role === 'edit',
				...ref
			}
		);
	};

	/** [RE1] Corrects a malformed record of one document in place; null when read-only there. */
	repair(compartment: SafetyCompartment): RepairInvalid {
		const d = this.#docs[compartment];
		return repairFor(d?.handle ?? null, d?.role === 'edit');
	}

	/**
	 * [RE5] Saves the safety record's fields changed since `base`, in the document it lives in;
	 * whether it concerns domestic violence is never changed (it chose that document, SA1).
	 */
	update(
		compartment: SafetyCompartment,
		id: string,
		base: SafetyFormValues,
		draft: SafetyFormValues,
		opts: { badDate?: boolean } = {}
	): EditResult<SafetyFormErrors> {
		const d = this.#docs[compartment];
		const fixed = { ...draft, violence: base.violence, interventionFor: base.interventionFor };
		return editRecord({
			canEdit: d?.role === 'edit',
			base,
			draft: fixed,
			validate: (f) => validateSafetyForm(f, f === fixed ? opts : {}),
			write: (patch) =>
				d ? d.handle.transact((doc) => safetyDoc.updateSafetyConcern(doc, id, patch)) : false,
			noRights: { date: m.closure_no_rights() }
		});
	}

	/** Whether the record's narrative fields are editable by this user. */
	editable(compartment: SafetyCompartment): boolean {
		return compartment === 'visits' ? this.canEditVisits : this.canEditViolence;
	}
}
