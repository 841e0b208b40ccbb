import { m } from '$lib/paraglide/messages.js';
import { VisitType, type Visit } from '$lib/domain/visit';
import {
	SafetyAction,
	type Contact,
	type MonitoringContact,
	type SafetyConcern
} from '$lib/domain/safety';
import type { VisitsState } from '$lib/state/family/visits.svelte';
import type { ContactsState } from '$lib/state/family/contacts.svelte';
import type { SafetyCompartment, SafetyState } from '$lib/state/family/safety.svelte';
import {
	contactToForm,
	monitoringToForm,
	safetyToForm,
	visitToForm
} from '$lib/state/records/record-edit';
import { visitTypeText } from '$lib/state/labels/visit-labels';
import {
	contactPurposes,
	contactPurposeText,
	monitoringForms,
	monitoringFormText,
	safetyActionText
} from '$lib/state/labels/safety-labels';
import type { EditField, Editor } from './RecordEdit.svelte';

/**
 * [RE5] Which structured fields of a saved visit, contact, monitoring contact or safety record the
 * one edit frame opens, and the command that saves them: `<RecordEdit {...contactEditor(…)} />`.
 * The assessment's fields depend on the plan's goals, so it keeps a component of its own.
 */

/** Types the object for the frame, so each editor's form values and errors are inferred. */
const editor = <F extends object, E extends object>(e: Editor<F, E>) => e;

/** These commands only need to know whether the date input held something unreadable. */
const dated = (bad: string[]) => ({ badDate: bad.includes('date') });

/** [value, label] pairs of a select or a group of checkboxes. */
const choices = <T extends string>(values: readonly T[], text: (v: T) => string) =>
	values.map((v) => [v, text(v)] as const);

const contactDate = (): EditField => ({
	key: 'date',
	label: m.records_field_contact_date(),
	type: 'date',
	bounds: 'contactDate'
});

/** A saved visit (a wrong date typed at the kitchen table). */
export const visitEditor = (visits: VisitsState, visit: Visit) =>
	editor({
		idPrefix: `visit-edit-${visit.id}`,
		fields: [
			{ key: 'date', label: m.visits_date(), type: 'date', bounds: 'visitDate' },
			{ key: 'start', label: m.visits_start(), type: 'time' },
			{ key: 'end', label: m.visits_end(), type: 'time' },
			{
				key: 'type',
				label: m.visits_type(),
				type: 'select',
				options: choices(VisitType.options, visitTypeText)
			},
			{ key: 'place', label: m.visits_place(), type: 'text' },
			{ key: 'present', label: m.visits_present(), type: 'text', wide: true }
		],
		canEdit: visits.canEdit,
		initial: () => visitToForm(visit),
		save: (base, draft, bad) =>
			visits.update(visit.id, base, draft, { offline: visit.offline, ...dated(bad) })
	});

/** A saved inter-agency contact. */
export const contactEditor = (contacts: ContactsState, contact: Contact) =>
	editor({
		idPrefix: `contact-edit-${contact.id}`,
		fields: [
			contactDate(),
			{ key: 'institution', label: m.records_field_institution(), type: 'text' },
			{ key: 'person', label: m.records_field_person(), type: 'text' },
			{
				key: 'purpose',
				label: m.records_field_purpose(),
				type: 'select',
				options: choices(contactPurposes, contactPurposeText)
			},
			{ key: 'letterRef', label: m.records_field_letter_ref(), type: 'text' }
		],
		canEdit: contacts.canEdit,
		initial: () => contactToForm(contact),
		save: (base, draft, bad) => contacts.updateContact(contact.id, base, draft, dated(bad))
	});

/** A saved monitoring contact. */
export const monitoringEditor = (contacts: ContactsState, record: MonitoringContact) =>
	editor({
		idPrefix: `monitoring-edit-${record.id}`,
		fields: [
			contactDate(),
			{
				key: 'form',
				label: m.records_field_monitoring_form(),
				type: 'select',
				options: choices(monitoringForms, monitoringFormText)
			},
			{ key: 'escalate', label: m.records_field_escalate(), type: 'checkbox', wide: true }
		],
		canEdit: contacts.canEdit,
		initial: () => monitoringToForm(record),
		save: (base, draft, bad) => contacts.updateMonitoring(record.id, base, draft, dated(bad))
	});

/**
 * A saved safety record's date, time and actions. Whether it concerns domestic violence is not
 * editable: that chose the document it lives in (SA1).
 */
export const safetyEditor = (
	safety: SafetyState,
	record: SafetyConcern,
	compartment: SafetyCompartment
) =>
	editor({
		idPrefix: `safety-edit-${compartment}-${record.id}`,
		fields: [
			{ key: 'date', label: m.records_field_event_date(), type: 'date', bounds: 'contactDate' },
			{ key: 'time', label: m.records_field_event_time(), type: 'time' },
			{
				key: 'actions',
				label: m.records_field_actions(),
				type: 'checkboxes',
				options: choices(SafetyAction.options, safetyActionText),
				wide: true
			}
		],
		canEdit: safety.editable(compartment),
		initial: () => safetyToForm(record),
		save: (base, draft, bad) => safety.update(compartment, record.id, base, draft, dated(bad))
	});
