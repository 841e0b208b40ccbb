/**
 * The contacts half of the "Kontakty i bezpieczeństwo" tab of one family: inter-agency and
 * monitoring contacts over the core document (safety concerns: safety.svelte.ts). `current`
 * snapshots are parsed and refreshed after every transaction; writes are named commands;
 * narrative fields mount as collaborative rich text through the `richText` Svelte action, so
 * components never see a Y.Doc or the editor.
 */
import type { Action as SvelteAction } from 'svelte/action';
import type { DocHandle } from '$lib/sync/connect';
import type { DocRole } from '$lib/sync/protocol';
import * as contactsDoc from '$lib/sync/contacts-doc';
import { appendCaseEvent, readCore } from '$lib/sync/core-doc';
import { deviceTimestamp } from '../views/case-view';
import type { CaseState } from '$lib/domain/case-state';
import type { Contact, MonitoringContact } from '$lib/domain/safety';
import type { InvalidItem } from '$lib/domain/invalid-item';
import type { Result } from '$lib/domain/result';
import {
	validateContactForm,
	validateMonitoringForm,
	type ContactFormErrors,
	type ContactFormValues,
	type MonitoringFormErrors,
	type MonitoringFormValues
} from '../forms/contacts-form';
import { mountRichText, type MountOptions, type RichTextBase } from '../records/record-rich-text';
import { addRecord, editRecord, type EditResult } from '../records/record-edit';
import { repairFor, type RepairInvalid } from '../records/record-repair';
import { m } from '$lib/paraglide/messages.js';

type Me = MountOptions['me'];

/** The refusal shown when this user may not write the document. */
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
	): Result<{ id: string }, { errors: ContactFormErrors }> {
		return addRecord({
			canEdit: this.canEdit,
			noRights: { date: NO_RIGHTS() },
			check: () => validateContactForm(form, opts),
			write: (value) => this.#handle.transact((doc) => contactsDoc.addContact(doc, value))
		});
	}

	/** Records a monitoring contact from the form; on errors nothing is written. */
	addMonitoring(
		form: MonitoringFormValues,
		opts: { badDate?: boolean } = {}
	): Result<{ id: string }, { errors: MonitoringFormErrors }> {
		if (this.canEdit && !this.showMonitoring)
			return { ok: false, errors: { date: m.records_monitoring_after_closure() } };
		return addRecord({
			canEdit: this.canEdit,
			noRights: { date: NO_RIGHTS() },
			check: () => validateMonitoringForm(form, opts),
			write: (value) => this.#handle.transact((doc) => contactsDoc.addMonitoringContact(doc, value))
		});
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
