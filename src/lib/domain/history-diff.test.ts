import { describe, expect, it } from 'vitest';
import { diffSections, recordLabel } from './history-diff';
import { polandDayBounds } from './poland-time';

describe('[HI2] domain-level changes between two states of a section', () => {
	it('[HI2] names added, removed and changed records with the changed fields, part by part', () => {
		const before = {
			actions: {
				a: { id: 'a', description: 'Wniosek', status: 'planowane', deadline: '2026-04-01' },
				b: { id: 'b', description: 'Usunięte działanie', status: 'planowane' }
			},
			notes: { '': { notes: 'x' } }
		};
		const after = {
			actions: {
				a: { id: 'a', description: 'Wniosek', status: 'w_trakcie', deadline: '2026-05-01' },
				c: { id: 'c', description: '  Nowe\n działanie ', status: 'planowane' }
			},
			notes: before.notes
		};
		expect(diffSections(before, after)).toEqual([
			{
				part: 'actions',
				kind: 'changed',
				id: 'a',
				label: 'Wniosek',
				fields: ['deadline', 'status']
			},
			{ part: 'actions', kind: 'added', id: 'c', label: 'Nowe działanie', fields: [] },
			{ part: 'actions', kind: 'removed', id: 'b', label: 'Usunięte działanie', fields: [] }
		]);
		expect(diffSections(after, after)).toEqual([]);
	});

	it('[HI2] a record is named by its first non-empty label field, shortened', () => {
		expect(recordLabel({ title: '', name: 'Jan' })).toBe('Jan');
		expect(recordLabel({ date: '2026-03-01', type: 'domowa' })).toBe('2026-03-01');
		expect(recordLabel({ description: 'x'.repeat(200) })).toHaveLength(80);
		expect(recordLabel(undefined)).toBe('');
	});
});

describe('[HI4] days in Poland’s calendar', () => {
	it('[HI4] a day ends at midnight in Warsaw, in winter and in summer time', () => {
		expect(polandDayBounds('2026-01-15')).toEqual({
			start: Date.UTC(2026, 0, 14, 23),
			end: Date.UTC(2026, 0, 15, 23) - 1
		});
		expect(polandDayBounds('2026-07-15')).toEqual({
			start: Date.UTC(2026, 6, 14, 22),
			end: Date.UTC(2026, 6, 15, 22) - 1
		});
		// The day summer time starts has 23 hours.
		const b = polandDayBounds('2026-03-29');
		expect(b && b.end + 1 - b.start).toBe(23 * 3_600_000);
		expect(polandDayBounds('2026-02-30')).toBeNull();
	});
});
