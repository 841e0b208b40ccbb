/**
 * The "Kontakty i bezpieczeństwo" tab of one family: inter-agency and monitoring contacts over
 * the core document, safety concerns over the visits document and the violence compartment.
 * `current` snapshots are parsed and refreshed after every transaction; writes are named
 * commands; narrative fields mount as collaborative rich text through the `richText` Svelte
 * actions, so components never see a Y.Doc or the editor.
 */
import type { Action as SvelteAction } from 'svelte/action';
import type { DocHandle } from '$lib/sync/connect';
import type { DocRole } from '$lib/sync/protocol';
import * as contactsDoc from '$lib/sync/contacts-doc';
import * as safetyDoc from '$lib/sync/safety-doc';
import { appendCaseEvent, readCore } from '$lib/sync/core-doc';
import { deviceTimestamp } from '../views/case-view';
import type { CaseState } from '$lib/domain/case-state';
import type { Contact, MonitoringContact, SafetyConcern } from '$lib/domain/safety';
import type { InvalidItem } from '$lib/domain/invalid-item';
import {
	validateContactForm,
	validateMonitoringForm,
	validateSafetyForm,
	type ContactFormErrors,
	type ContactFormValues,
	type MonitoringFormErrors,
	type MonitoringFormValues,
	type SafetyFormErrors,
	type SafetyFormValues
} from '../forms/contacts-form';
import { mountRichText } from '../records/record-rich-text';
import { editRecord, type EditResult } from '../records/record-edit';
import { repairFor, type RepairInvalid } from '../records/record-repair';
import { m } from '$lib/paraglide/messages.js';

type Me = { name: string; color: string };

/** Where a rich-text box is labelled and what to do when its content cannot be shown. */
export interface RichTextBase {
	/** Id of the field's visible label. */
	labelledBy: string;
	/** Called when the stored text cannot be shown faithfully (the field stays read-only). */
	onContentError?: () => void;
}

/** Mounts a collaborative editor over `fragment` in `el`; the editor's code loads on first use. */
const NO_RIGHTS = m.closure_no_rights;

/** Case states in which monitoring contacts are recorded (after closure). */
const MONITORED: readonly CaseState[] = ['MONITORING', 'ZAMKNIETA'];

export interface ContactRichTextRef extends RichTextBase {
	list: 'contact' | 'monitoring';
	id: string;
}

/** Inter-agency contacts and monitoring contacts, over the core document. */
export class ContactsState {
	current = $state.raw<{ contacts: Contact[]; invalid: InvalidItem[] }>({
		contacts: [],
		invalid: []
	});
	monitoring = $state.raw<{ monitoring: MonitoringContact[]; invalid: InvalidItem[] }>({
		monitoring: [],
		invalid: []
	});
	/** The case state from the core document's event log. */
	caseState = $state<CaseState | null>(null);
	/** Whether this user may write the core document (the server enforces it too). */
	readonly canEdit: boolean;
	/** [RE1] Corrects a malformed contact or monitoring record in place; null when read-only. */
	readonly repair: RepairInvalid;
	#handle: DocHandle;
	#me: Me;
	#stop: () => void;
	#refresh = () =>
		this.#handle.read((doc) => {
			this.current = contactsDoc.readContacts(doc);
			this.monitoring = contactsDoc.readMonitoring(doc);
			this.caseState = readCore(doc).caseView.state;
		});

	constructor(handle: DocHandle, role: DocRole, me: Me) {
		this.#handle = handle;
		this.canEdit = role === 'edit';
		this.repair = repairFor(handle, this.canEdit);
		this.#me = me;
		this.#refresh();
		this.#stop = handle.observe(this.#refresh);
	}

	/** [KI3] Monitoring contacts are shown only after closure (MONITORING or ZAMKNIETA). */
	get showMonitoring(): boolean {
		return this.caseState !== null && MONITORED.includes(this.caseState);
	}

	destroy(): void {
		this.#stop();
	}

	/** Records a contact from the form; on errors nothing is written. */
	addContact(
		form: ContactFormValues,
		opts: { badDate?: boolean } = {}
	): { ok: true; id: string } | { ok: false; errors: ContactFormErrors } {
		if (!this.canEdit) return { ok: false, errors: { date: NO_RIGHTS() } };
		const checked = validateContactForm(form, opts);
		if (!checked.ok) return checked;
		return {
			ok: true,
			id: this.#handle.transact((doc) => contactsDoc.addContact(doc, checked.value))
		};
	}

	/** Records a monitoring contact from the form; on errors nothing is written. */
	addMonitoring(
		form: MonitoringFormValues,
		opts: { badDate?: boolean } = {}
	): { ok: true; id: string } | { ok: false; errors: MonitoringFormErrors } {
		if (!this.canEdit) return { ok: false, errors: { date: NO_RIGHTS() } };
		if (!this.showMonitoring)
			return {
				ok: false,
				errors: { date: m.records_monitoring_after_closure() }
			};
		const checked = validateMonitoringForm(form, opts);
		if (!checked.ok) return checked;
		return {
			ok: true,
			id: this.#handle.transact((doc) => contactsDoc.addMonitoringContact(doc, checked.value))
		};
	}

	// --- Safety (ZG1): the core event that alerts the head and the social worker ---

	/**
	 * [ZG1] Appends the `zagrozenie` event for a concern just recorded: date and record id only,
	 * since the core document is read by more people than the concern's own document. False when
	 * this user cannot write the core document (the concern itself stays recorded).
	 */
	recordConcernEvent(
		concern: { id: string; date: string },
		actor: { id: string; name: string; role: string }
	): boolean {
		if (!this.canEdit) return false;
		this.#handle.transact((doc) =>
			appendCaseEvent(doc, {
				type: 'zagrozenie',
				id: crypto.randomUUID(),
				at: deviceTimestamp(),
				actorId: actor.id,
				actorRole: actor.role,
				actorName: actor.name,
				online: typeof navigator === 'undefined' ? true : navigator.onLine,
				date: concern.date,
				concernId: concern.id
			})
		);
		return true;
	}

	// --- end safety ---

	/** [RE5] Saves the contact's fields changed since `base`; on errors nothing is written. */
	updateContact(
		id: string,
		base: ContactFormValues,
		draft: ContactFormValues,
		opts: { badDate?: boolean } = {}
	): EditResult<ContactFormErrors> {
		return editRecord({
			canEdit: this.canEdit,
			base,
			draft,
			validate: (f) => validateContactForm(f, f === draft ? opts : {}),
			write: (patch) => this.#handle.transact((doc) => contactsDoc.updateContact(doc, id, patch)),
			noRights: { date: NO_RIGHTS() }
		});
	}

	/** [RE5] Saves the monitoring contact's fields changed since `base`. */
	updateMonitoring(
		id: string,
		base: MonitoringFormValues,
		draft: MonitoringFormValues,
		opts: { badDate?: boolean } = {}
	): EditResult<MonitoringFormErrors> {
		return editRecord({
			canEdit: this.canEdit,
			base,
			draft,
			validate: (f) => validateMonitoringForm(f, f === draft ? opts : {}),
			write: (patch) =>
				this.#handle.transact((doc) => contactsDoc.updateMonitoringContact(doc, id, patch)),
			noRights: { date: NO_RIGHTS() }
		});
	}

	/** `use:contacts.richText={{ list: 'contact', id, labelledBy }}`. */
	richText: SvelteAction<HTMLElement, ContactRichTextRef> = (el, ref) => {
		const fragment = this.#handle.read((doc) =>
			ref.list === 'contact'
				? contactsDoc.contactFragment(doc, ref.id, 'outcome')
				: contactsDoc.monitoringFragment(doc, ref.id, 'observations')
		);
		return mountRichText(el, fragment, {
			handle: this.#handle,
			me: this.#me,
			editable: this.canEdit,
			...ref
		});
	};
}

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
		if (visits && violence && visits.handle.doc === violence.handle.doc)
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
	):
		| { ok: true; id: string; compartment: SafetyCompartment }
		| { ok: false; errors: SafetyFormErrors; message?: string } {
		const checked = validateSafetyForm(form, opts);
		if (!checked.ok) return checked;
		const written = safetyDoc.addSafetyConcern(
			{
				visits: this.canEditVisits ? (this.#docs.visits?.handle.doc ?? null) : null,
				violence: this.canEditViolence ? (this.#docs.violence?.handle.doc ?? null) : null
			},
			checked.value
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
			noRights: { date: NO_RIGHTS() }
		});
	}

	/** Whether the record's narrative fields are editable by this user. */
	editable(compartment: SafetyCompartment): boolean {
		return compartment === 'visits' ? this.canEditVisits : this.canEditViolence;
	}
}
