import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addFinalAssessment,
	finalAssessmentFragment,
	finalAssessmentHash,
	readFinalAssessments,
	setFinalAssessmentField
} from './final-assessment-doc';
import { readAssessments } from './assessments-doc';

const init = {
	date: '2026-11-23',
	goals: {},
	monitoringUntil: '',
	monitoringFrequency: 'brak' as const,
	recipients: []
};

describe('final assessments in the assessments compartment', () => {
	it('[ZK1] a final assessment is its own record list, never read as a periodic assessment', () => {
		const doc = new Y.Doc();
		const id = addFinalAssessment(doc, init);
		expect(readFinalAssessments(doc).finals).toMatchObject([{ id, kind: 'final' }]);
		expect(readAssessments(doc)).toEqual({ assessments: [], invalid: [] });
		expect(finalAssessmentFragment(doc, id, 'recommendation')).toBeInstanceOf(Y.XmlFragment);
		expect(finalAssessmentFragment(doc, id, 'wychowanie')).toBeInstanceOf(Y.XmlFragment);
	});

	it('[ZK1] a write that would not validate stores nothing', () => {
		const doc = new Y.Doc();
		const id = addFinalAssessment(doc, init);
		let updates = 0;
		doc.on('update', () => updates++);
		expect(() => setFinalAssessmentField(doc, id, 'monitoringFrequency', 'miesiecznie')).toThrow();
		expect(updates).toBe(0);
		expect(readFinalAssessments(doc).finals[0].monitoringFrequency).toBe('brak');
	});

	it('[ZK2] the hash follows the content: the same on a peer that merged it, different after an edit of a narrative', async () => {
		const a = new Y.Doc();
		const id = addFinalAssessment(a, init);
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const before = await finalAssessmentHash(a, id);
		expect(before).toMatch(/^[0-9a-f]{64}$/);
		expect(await finalAssessmentHash(b, id)).toBe(before);
		const frag = finalAssessmentFragment(b, id, 'recommendation');
		const p = new Y.XmlElement('paragraph');
		p.insert(0, [new Y.XmlText('Monitoring przez rok.')]);
		frag?.insert(0, [p]);
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		const after = await finalAssessmentHash(a, id);
		expect(after).not.toBe(before);
		expect(await finalAssessmentHash(b, id)).toBe(after);
		expect(await finalAssessmentHash(a, 'nie-ma')).toBeNull();
	});
});
