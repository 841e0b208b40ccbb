import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { countUpdates, halfYearAssessment, syncBoth, pcprContact } from './test-support';
import { addAssessment, readAssessments, updateAssessment } from './assessments-doc';
import {
	addContact,
	addMonitoringContact,
	readContacts,
	readMonitoring,
	updateContact,
	updateMonitoringContact
} from './contacts-doc';
import { addSafetyConcern, readSafety, updateSafetyConcern } from './safety-doc';

const sync = syncBoth;

const watch = countUpdates;

describe('saved records stay editable', () => {
	it('[RE5] an assessment’s recommendation and recipients change after saving', () => {
		const doc = new Y.Doc();
		const id = addAssessment(doc, { ...halfYearAssessment, goals: {}, recipients: [] });
		expect(
			updateAssessment(doc, id, { recommendation: 'informacja_sad', recipients: ['sąd'] })
		).toBe(true);
		expect(readAssessments(doc).assessments[0]).toMatchObject({
			recommendation: 'informacja_sad',
			recipients: ['sąd']
		});
		expect(updateAssessment(doc, 'nie-ma', { recommendation: 'zakonczenie' })).toBe(false);
	});

	it('[RE5] two people editing different fields of a contact both keep their change', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const id = addContact(a, pcprContact);
		sync(a, b);
		updateContact(a, id, { person: 'p. Nowak' });
		updateContact(b, id, { letterRef: 'OPS.123' });
		sync(a, b);
		for (const d of [a, b])
			expect(readContacts(d).contacts[0]).toMatchObject({
				person: 'p. Nowak',
				letterRef: 'OPS.123',
				institution: 'PCPR'
			});
	});

	it('[RE5] a refused edit of a contact or monitoring contact writes nothing', () => {
		const doc = new Y.Doc();
		const c = addContact(doc, pcprContact);
		const mid = addMonitoringContact(doc, { date: '2026-02-01', form: 'telefon', escalate: false });
		const seen = watch(doc);
		expect(() => updateContact(doc, c, { institution: '  ' })).toThrow();
		expect(() => updateMonitoringContact(doc, mid, { form: 'list' as never })).toThrow();
		expect(seen.updates).toBe(0);
		expect(updateMonitoringContact(doc, mid, { escalate: true })).toBe(true);
		expect(readMonitoring(doc).monitoring[0].escalate).toBe(true);
	});

	it('[RE5][SA1] a safety record’s time and actions change; its violence answer never does', () => {
		const violence = new Y.Doc();
		const r = addSafetyConcern(
			{ visits: null, violence },
			{ date: '2026-11-20', time: '18:30', actions: [], violenceRelated: true }
		);
		if (!r.ok) throw new Error('not written');
		updateSafetyConcern(violence, r.id, {
			time: '19:05',
			actions: ['policja'],
			violenceRelated: false
		} as never);
		expect(readSafety(violence).concerns[0]).toMatchObject({
			time: '19:05',
			actions: ['policja'],
			violenceRelated: true
		});
		const seen = watch(violence);
		expect(() => updateSafetyConcern(violence, r.id, { time: '25:99' })).toThrow();
		expect(seen.updates).toBe(0);
	});
});
