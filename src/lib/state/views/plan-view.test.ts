import { describe, expect, it } from 'vitest';
import { actionsByGoal, todayIso, withUniqueIds } from './plan-view';
import type { Action, Goal } from '$lib/domain/work-plan';

const goal = (id: string, title = ''): Goal => ({ id, kind: 'glowny', title });
const action = (id: string, goalId: string): Action => ({
	id,
	goalId,
	description: '',
	responsible: '',
	deadline: '',
	expectedEffect: '',
	status: 'planowane',
	doneDate: ''
});

describe('withUniqueIds', () => {
	it('[WP2] keeps the first of items sharing an id and shows the others as invalid, raw', () => {
		const plan = withUniqueIds({
			goals: [goal('g1', 'A'), goal('g1', 'B'), goal('g2')],
			actions: [action('a1', 'g1'), action('a1', 'g2')],
			invalid: [{ id: null, raw: '42', issues: ['x'] }],
			notes: 'n'
		});
		expect(plan.goals.map((g) => g.title)).toEqual(['A', '']);
		expect(plan.actions).toHaveLength(1);
		expect(plan.invalid).toHaveLength(3);
		expect(plan.invalid[1].raw).toContain('"B"');
		expect(plan.notes).toBe('n');
	});
});

describe('todayIso', () => {
	it('uses the device calendar date, zero-padded', () => {
		expect(todayIso(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
	});
});

describe('actionsByGoal', () => {
	it('groups actions under their goal in document order', () => {
		const m = actionsByGoal([action('a1', 'g1'), action('a2', 'g2'), action('a3', 'g1')]);
		expect(m.get('g1')?.map((a) => a.id)).toEqual(['a1', 'a3']);
		expect(m.get('g2')?.map((a) => a.id)).toEqual(['a2']);
	});
});
