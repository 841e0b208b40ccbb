import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { syncBoth, halfYearAssessment, pcprContact } from './test-support';
import { addAssessment, assessmentFragment, readAssessments } from './assessments-doc';
import { readContacts, addContact } from './contacts-doc';
import { readCore } from './core-doc';
import { assessmentsRoots, coreRoots, planRoots } from './doc-schema';
import { addGoal, readPlan } from './plan-doc';
import { isRepairable, repairInvalid } from './repair-targets';
import { updateRecord } from './record-list';
import { Assessment } from '../domain/assessment';

const base = halfYearAssessment;

/** Writes what an old client or a bug would: a record whose date is not ISO. */
function peerWritesBad(doc: Y.Doc, id = 'zly') {
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		for (const [k, v] of Object.entries({ ...base, id, date: '10.05.2026' })) m.set(k, v);
		m.set('summary', new Y.XmlFragment());
		assessmentsRoots(doc).assessments.insert(0, [m]);
	}, 'peer');
}

const sync = syncBoth;

describe('correcting a malformed value', () => {
	it('[RE1] a valid correction replaces the value in place: same position, id and narratives', () => {
		const doc = new Y.Doc();
		addAssessment(doc, base, 'dobry' as never);
		peerWritesBad(doc);
		const [bad] = readAssessments(doc).invalid;
		expect(bad.at).toEqual({ list: 'assessments', index: 0 });
		expect(isRepairable(bad)).toBe(true);
		const summary = assessmentFragment(doc, 'zly', 'summary');
		let transactions = 0;
		doc.on('afterTransaction', () => transactions++);
		const fixed = bad.raw.replace('10.05.2026', '2026-05-10');
		expect(repairInvalid(doc, bad, fixed)).toEqual({ ok: true });
		expect(transactions).toBe(1);
		const after = readAssessments(doc);
		expect(after.invalid).toEqual([]);
		expect(after.assessments.map((a) => a.id).sort()).toEqual(['dobry' as never, 'zly']);
		const list = assessmentsRoots(doc).assessments;
		expect(list.get(0).get('id')).toBe('zly');
		expect(assessmentFragment(doc, 'zly', 'summary')).toBe(summary);
	});

	it('[RE2] an invalid correction is refused with what is wrong, and nothing changes', () => {
		const doc = new Y.Doc();
		peerWritesBad(doc);
		const [bad] = readAssessments(doc).invalid;
		const before = Y.encodeStateAsUpdate(doc);
		const notJson = repairInvalid(doc, bad, '{"id": "zly",');
		expect(notJson).toMatchObject({ ok: false, reason: 'json' });
		const stillBad = repairInvalid(doc, bad, bad.raw.replace('10.05.2026', '2026-13-45'));
		expect(stillBad).toMatchObject({ ok: false, reason: 'schema' });
		if (!stillBad.ok && stillBad.reason === 'schema')
			expect(stillBad.issues.map((i) => i.path)).toContain('date');
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
		expect(readAssessments(doc).invalid[0].raw).toBe(bad.raw);
	});

	it('[RE3] a peer’s concurrent edit of another field merges with the correction', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		peerWritesBad(a);
		sync(a, b);
		const [bad] = readAssessments(a).invalid;
		// Offline on both sides: A corrects the date, B changes the recommendation.
		expect(repairInvalid(a, bad, bad.raw.replace('10.05.2026', '2026-05-10')).ok).toBe(true);
		assessmentsRoots(b).assessments.get(0).set('recommendation', 'zmiana_planu');
		sync(a, b);
		for (const d of [a, b]) {
			const r = readAssessments(d);
			expect(r.invalid).toEqual([]);
			expect(r.assessments[0]).toMatchObject({
				date: '2026-05-10',
				recommendation: 'zmiana_planu'
			});
		}
	});

	it('[RE1] a value that is no record at all is replaced at its position by a record', () => {
		const doc = new Y.Doc();
		addContact(doc, pcprContact);
		(coreRoots(doc).contacts as unknown as Y.Array<unknown>).insert(0, ['śmieci']);
		const [bad] = readContacts(doc).invalid;
		expect(bad.raw).toBe('"śmieci"');
		const fixed = JSON.stringify({
			id: 'k2',
			date: '2026-01-03',
			institution: 'Szkoła',
			person: '',
			purpose: 'wspolpraca',
			letterRef: ''
		});
		expect(repairInvalid(doc, bad, fixed)).toEqual({ ok: true });
		expect(readContacts(doc).contacts.map((c) => c.institution)).toEqual(['Szkoła', 'PCPR']);
		expect(coreRoots(doc).contacts.get(0).get('outcome')).toBeInstanceOf(Y.XmlFragment);
	});

	it('[RE1][SY10] a plan goal’s corrected title is a whole value, like every short field', () => {
		const doc = new Y.Doc();
		addGoal(doc, { kind: 'glowny', title: 'Cel' }, 'g1' as never);
		planRoots(doc).goals.get(0).set('kind', 'nieznany');
		const [bad] = readPlan(doc).invalid;
		const title = planRoots(doc).goals.get(0).get('title');
		const fixed = bad.raw.replace('nieznany', 'szczegolowy').replace('"Cel"', '"Cel poprawiony"');
		expect(repairInvalid(doc, bad, fixed)).toEqual({ ok: true });
		expect(readPlan(doc).goals[0]).toMatchObject({ kind: 'szczegolowy', title: 'Cel poprawiony' });
		expect(title).toBe('Cel');
		expect(planRoots(doc).goals.get(0).get('title')).toBe('Cel poprawiony');
	});

	it('[RE2] a value changed by a peer since it was read is not overwritten', () => {
		const doc = new Y.Doc();
		peerWritesBad(doc);
		const [bad] = readAssessments(doc).invalid;
		assessmentsRoots(doc).assessments.get(0).set('date', '11.05.2026');
		const r = repairInvalid(doc, bad, bad.raw.replace('10.05.2026', '2026-05-10'));
		expect(r).toEqual({ ok: false, reason: 'changed' });
		expect(readAssessments(doc).invalid[0].raw).toContain('11.05.2026');
	});

	it('[RE4] a malformed case event is append-only: shown, never rewritten', () => {
		const doc = new Y.Doc();
		coreRoots(doc).caseEvents.push([{ type: 'zepsute' }]);
		const bad = readCore(doc).invalid.find((i) => i.appendOnly);
		expect(bad).toBeDefined();
		expect(isRepairable(bad!)).toBe(false);
		expect(repairInvalid(doc, bad!, '{}')).toEqual({ ok: false, reason: 'append-only' });
		expect(coreRoots(doc).caseEvents.toArray()).toEqual([{ type: 'zepsute' }]);
	});
});

describe('editing a saved record', () => {
	it('[RE5] writes only the changed fields, so concurrent edits of other fields merge', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		addAssessment(a, base, 'o1' as never);
		sync(a, b);
		const list = (d: Y.Doc) => assessmentsRoots(d).assessments;
		updateRecord(list(a), Assessment, 'o1', { ...base, recommendation: 'zakonczenie' });
		updateRecord(list(b), Assessment, 'o1', { ...base, recipients: ['sąd'] });
		sync(a, b);
		for (const d of [a, b])
			expect(readAssessments(d).assessments[0]).toMatchObject({
				recommendation: 'zakonczenie',
				recipients: ['sąd']
			});
	});

	it('[RE5] a refused edit throws and stores nothing', () => {
		const doc = new Y.Doc();
		addAssessment(doc, base, 'o1' as never);
		const before = Y.encodeStateAsUpdate(doc);
		expect(() =>
			updateRecord(assessmentsRoots(doc).assessments, Assessment, 'o1', {
				periodFrom: '2026-06-01',
				recommendation: 'zakonczenie'
			})
		).toThrow();
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
	});
});
