import { describe, expect, it } from 'vitest';
import { isOverdue, missingActionFields, type Action } from './work-plan';
import { IsoDate } from './iso-date';

const action = (over: Partial<Action> = {}): Action => ({
	id: 'a',
	goalId: 'g',
	description: 'Opis',
	responsible: 'Matka',
	deadline: '2026-12-01',
	expectedEffect: 'Efekt',
	status: 'planowane',
	doneDate: '',
	...over
});

describe('work plan rules', () => {
	it('[WP1] names every missing required field of an action', () => {
		expect(missingActionFields(action())).toEqual([]);
		expect(
			missingActionFields(action({ responsible: ' ', deadline: '', expectedEffect: '' }))
		).toEqual(['responsible', 'deadline', 'expectedEffect']);
	});

	it('[WP3] an open action past its deadline is overdue, a done one is not', () => {
		expect(isOverdue(action({ deadline: '2026-11-20' }), '2026-11-23')).toBe(true);
		expect(isOverdue(action({ deadline: '2026-11-23' }), '2026-11-23')).toBe(false);
		expect(
			isOverdue(action({ deadline: '2026-11-20', status: 'zrealizowane' }), '2026-11-23')
		).toBe(false);
	});

	it('[WP4] accepts real dates only', () => {
		expect(IsoDate.safeParse('2028-02-29').success).toBe(true);
		expect(IsoDate.safeParse('2026-02-29').success).toBe(false);
		expect(IsoDate.safeParse('1.12.2026').success).toBe(false);
	});
});
