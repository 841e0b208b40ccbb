import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addContact,
	addMonitoringContact,
	contactFragment,
	monitoringFragment,
	readContacts,
	readMonitoring
} from './contacts-doc';
import { coreRoots } from './doc-schema';
import { pushMalformed } from './test-support';
import { readCore } from './core-doc';

describe('contacts in the core document', () => {
	it('[KI1] records inter-agency contacts in the core root `contacts` with a rich-text outcome; newest first', () => {
		const doc = new Y.Doc();
		const a = addContact(doc, {
			date: '2026-10-01',
			institution: 'Szkoła Podstawowa nr 3',
			person: 'pedagog szkolny',
			purpose: 'wspolpraca',
			letterRef: ''
		});
		addContact(doc, {
			date: '2026-11-05',
			institution: 'Poradnia psychologiczno-pedagogiczna',
			person: '',
			purpose: 'wniosek_o_informacje',
			letterRef: 'PPP.123.2026'
		});
		const { contacts, invalid } = readContacts(doc);
		expect(invalid).toEqual([]);
		expect(contacts.map((c) => c.date)).toEqual(['2026-11-05', '2026-10-01']);
		expect(coreRoots(doc).contacts.length).toBe(2);
		expect(contactFragment(doc, a, 'outcome')).toBeInstanceOf(Y.XmlFragment);
		// The rest of the core file is untouched and still reads.
		expect(readCore(doc).members).toEqual([]);
	});

	it('[KI1] refuses a contact without an institution and stores nothing', () => {
		const doc = new Y.Doc();
		expect(() =>
			addContact(doc, {
				date: '2026-10-01',
				institution: '  ',
				person: '',
				purpose: 'inne',
				letterRef: ''
			})
		).toThrow();
		expect(coreRoots(doc).contacts.length).toBe(0);
	});

	it('[KI4] a malformed contact written by a peer is kept as invalid and hides nothing else', () => {
		const doc = new Y.Doc();
		addContact(doc, {
			date: '2026-10-01',
			institution: 'PUP',
			person: '',
			purpose: 'towarzyszenie',
			letterRef: ''
		});
		pushMalformed(coreRoots(doc).contacts, { id: 'zly', date: 'wczoraj' });
		const { contacts, invalid } = readContacts(doc);
		expect(contacts).toHaveLength(1);
		expect(invalid).toHaveLength(1);
		expect(invalid[0].raw).toContain('wczoraj');
	});

	it('[KI3] records monitoring contacts with the escalation flag and observations', () => {
		const doc = new Y.Doc();
		const id = addMonitoringContact(doc, { date: '2026-12-01', form: 'telefon', escalate: true });
		const { monitoring, invalid } = readMonitoring(doc);
		expect(invalid).toEqual([]);
		expect(monitoring).toEqual([{ id, date: '2026-12-01', form: 'telefon', escalate: true }]);
		expect(monitoringFragment(doc, id, 'observations')).toBeInstanceOf(Y.XmlFragment);
		expect(readContacts(doc).contacts).toEqual([]);
	});
});
