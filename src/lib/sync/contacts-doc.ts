/**
 * Inter-agency contacts (kontakt z instytucją) and monitoring contacts after closure, both in the
 * family's core document (domain.md §3.4, §5.2: core holds "contacts"). Each is a record list
 * (record-list.ts); the contact's outcome and the monitoring observations are rich text.
 */
import type * as Y from 'yjs';
import { Contact, MonitoringContact } from '../domain/safety.js';
import type { InvalidItem } from '../domain/invalid-item.js';
import { coreRoots } from './doc-schema.js';
import { recordKind } from './record-list.js';

/** [KI1] Narrative (rich-text) fields of a contact. */
export const CONTACT_NARRATIVES = ['outcome'] as const;
export type ContactNarrative = (typeof CONTACT_NARRATIVES)[number];

/** [KI3] Narrative (rich-text) fields of a monitoring contact. */
export const MONITORING_NARRATIVES = ['observations'] as const;
export type MonitoringNarrative = (typeof MONITORING_NARRATIVES)[number];

const contacts = recordKind((doc) => coreRoots(doc).contacts, Contact, CONTACT_NARRATIVES);
const monitoring = recordKind(
	(doc) => coreRoots(doc).monitoring,
	MonitoringContact,
	MONITORING_NARRATIVES
);
const newestFirst = (a: { date: string }, b: { date: string }) => b.date.localeCompare(a.date);

/** Contacts, newest first, and any that failed to parse. */
export function readContacts(doc: Y.Doc): { contacts: Contact[]; invalid: InvalidItem[] } {
	const { items, invalid } = contacts.read(doc, newestFirst);
	return { contacts: items, invalid };
}

export type NewContact = Omit<Contact, 'id'>;

/** [KI1] Records a contact with an empty outcome; returns its id. Throws on invalid fields. */
export function addContact(doc: Y.Doc, init: NewContact, id?: string): string {
	return contacts.add(doc, init, id);
}

/** The rich-text fragment of a contact's narrative field, or null. */
export function contactFragment(doc: Y.Doc, id: string, field: ContactNarrative) {
	return contacts.fragment(doc, id, field);
}

/** Monitoring contacts, newest first, and any that failed to parse. */
export function readMonitoring(doc: Y.Doc): {
	monitoring: MonitoringContact[];
	invalid: InvalidItem[];
} {
	const { items, invalid } = monitoring.read(doc, newestFirst);
	return { monitoring: items, invalid };
}

export type NewMonitoringContact = Omit<MonitoringContact, 'id'>;

/** [KI3] Records a monitoring contact; returns its id. Throws on invalid fields. */
export function addMonitoringContact(doc: Y.Doc, init: NewMonitoringContact, id?: string) {
	return monitoring.add(doc, init, id);
}

/** The rich-text fragment of a monitoring contact's narrative field, or null. */
export function monitoringFragment(doc: Y.Doc, id: string, field: MonitoringNarrative) {
	return monitoring.fragment(doc, id, field);
}

/** [RE5] Writes the changed fields of a saved contact (one key each); throws if it would not parse. */
export function updateContact(doc: Y.Doc, id: string, patch: Partial<NewContact>): boolean {
	return contacts.update(doc, id, patch);
}

/** [RE5] Writes the changed fields of a saved monitoring contact; throws if it would not parse. */
export function updateMonitoringContact(
	doc: Y.Doc,
	id: string,
	patch: Partial<NewMonitoringContact>
) {
	return monitoring.update(doc, id, patch);
}
