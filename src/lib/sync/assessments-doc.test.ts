import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addAssessment,
	assessmentFragment,
	lastAssessmentDate,
	readAssessments,
	setAssessmentField,
	type NewAssessment
} from './assessments-doc';
import { assessmentsRoots } from './doc-schema';
import { pushMalformed } from './test-support';

const base: NewAssessment = {
	date: '2026-05-10',
	periodFrom: '2025-11-10',
	periodTo: '2026-05-10',
	goals: { g1: 'czesciowo' },
	cooperation: 'dobra',
	recommendation: 'kontynuacja',
	recipients: ['kierownik']
};

describe('assessments document', () => {
	it('[AS1] lists assessments newest first with a fragment per life area and the summary', () => {
		const doc = new Y.Doc();
		const a = addAssessment(doc, base);
		addAssessment(doc, {
			...base,
			date: '2026-11-10',
			periodFrom: '2026-05-11',
			periodTo: '2026-11-10'
		});
		const { assessments, invalid } = readAssessments(doc);
		expect(invalid).toEqual([]);
		expect(assessments.map((x) => x.date)).toEqual(['2026-11-10', '2026-05-10']);
		expect(assessmentFragment(doc, a, 'finanse')).toBeInstanceOf(Y.XmlFragment);
		expect(assessmentFragment(doc, a, 'summary')).toBeInstanceOf(Y.XmlFragment);
		expect(assessmentFragment(doc, a, 'zdrowie' as never)).toBeNull();
	});

	it('[AS2] refuses a period that ends before it starts; nothing stored changes', () => {
		const doc = new Y.Doc();
		const a = addAssessment(doc, base);
		expect(() =>
			addAssessment(doc, { ...base, periodFrom: '2026-06-01', periodTo: '2026-05-01' })
		).toThrow(/Początek okresu/);
		expect(() => setAssessmentField(doc, a, 'periodTo', '2025-01-01')).toThrow();
		expect(() => addAssessment(doc, { ...base, date: '2026-02-30' })).toThrow();
		const { assessments } = readAssessments(doc);
		expect(assessments).toHaveLength(1);
		expect(assessments[0].periodTo).toBe('2026-05-10');
	});

	it('[AS3] the latest assessment date anchors the next one', () => {
		const doc = new Y.Doc();
		expect(lastAssessmentDate(readAssessments(doc).assessments)).toBeNull();
		addAssessment(doc, base);
		addAssessment(doc, { ...base, date: '2026-03-01', periodTo: '2026-03-01' });
		expect(lastAssessmentDate(readAssessments(doc).assessments)).toBe('2026-05-10');
	});

	it('[AS4] a malformed record from a peer is kept as invalid and hides nothing else', () => {
		const doc = new Y.Doc();
		addAssessment(doc, base);
		pushMalformed(assessmentsRoots(doc).assessments, { id: 'zly', date: '10.05.2026' });
		const { assessments, invalid } = readAssessments(doc);
		expect(assessments).toHaveLength(1);
		expect(invalid).toHaveLength(1);
		expect(invalid[0].id).toBe('zly');
		expect(invalid[0].raw).toContain('10.05.2026');
	});
});
