import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addVisit, readVisits, setVisitField, updateVisit, visitFragment } from './visits-doc';
import { lastVisitDate } from '../domain/visit';
import { homeVisit } from './test-support';

describe('visits document', () => {
	it('[VI1] records visits with their narrative fragments; newest first; last visit date', () => {
		const doc = new Y.Doc();
		const a = addVisit(doc, { ...homeVisit, offline: true, end: '11:30' });
		addVisit(doc, { date: '2026-11-16', type: 'telefon', offline: false });
		const { visits, invalid } = readVisits(doc);
		expect(invalid).toEqual([]);
		expect(visits.map((v) => v.date)).toEqual(['2026-11-16', '2026-11-02']);
		expect(lastVisitDate(visits)).toBe('2026-11-16');
		expect(visitFragment(doc, a, 'observations')).toBeInstanceOf(Y.XmlFragment);
	});

	it('[VI2] refuses an end before the start and keeps the stored value', () => {
		const doc = new Y.Doc();
		const a = addVisit(doc, homeVisit);
		expect(() => setVisitField(doc, a, 'end', '09:00')).toThrow(/przed początkiem/);
		expect(() => addVisit(doc, { date: '2026-11-31', type: 'telefon', offline: false })).toThrow();
		expect(readVisits(doc).visits[0].end).toBe('11:00');
	});

	it('[RE5][VI2] a saved visit’s fields are edited one key each: concurrent edits merge, an end before the start is refused', () => {
		const a = new Y.Doc();
		const id = addVisit(a, { ...homeVisit, offline: true, place: 'dom' });
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		updateVisit(a, id, { date: '2026-11-03' });
		updateVisit(b, id, { place: 'szkoła' });
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		for (const doc of [a, b])
			expect(readVisits(doc).visits[0]).toMatchObject({
				date: '2026-11-03',
				place: 'szkoła',
				offline: true,
				start: '10:00'
			});
		expect(() => updateVisit(a, id, { end: '09:00' })).toThrow();
		expect(readVisits(a).visits[0].end).toBe('11:00');
		expect(updateVisit(a, 'nie-ma', { place: 'x' })).toBe(false);
	});
});
