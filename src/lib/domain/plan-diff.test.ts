import { describe, expect, it } from 'vitest';
import { diffPlans, isSamePlan } from './plan-diff';
import type { Action, Goal } from './work-plan';

const goal = (id: string, title: string): Goal => ({ id, kind: 'szczegolowy', title });
const action = (id: string, p: Partial<Action> = {}): Action => ({
	id,
	goalId: 'g1',
	description: `Działanie ${id}`,
	responsible: 'Matka',
	deadline: '2026-04-30',
	expectedEffect: '',
	status: 'planowane',
	doneDate: '',
	...p
});

describe('[HI6] the difference between two agreed plan versions', () => {
	const v1 = {
		goals: [goal('g1', 'Budżet domowy'), goal('g2', 'Szkoła')],
		actions: [action('a1'), action('a2'), action('a3')],
		notes: 'Uwagi'
	};
	const v2 = {
		goals: [goal('g1', 'Budżet domowy rodziny'), goal('g3', 'Zdrowie')],
		actions: [
			action('a1', { status: 'zrealizowane', doneDate: '2026-04-20' }),
			action('a2', { deadline: '2026-06-30', responsible: 'Ojciec' }),
			action('a4', { goalId: 'g3' })
		],
		notes: 'Uwagi'
	};

	it('[HI6] lists goals and actions added, removed and changed, with every changed field', () => {
		const d = diffPlans(v1, v2);
		expect(d.goalsAdded.map((g) => g.id)).toEqual(['g3']);
		expect(d.goalsRemoved.map((g) => g.id)).toEqual(['g2']);
		expect(d.goalsChanged).toEqual([
			{
				before: v1.goals[0],
				after: v2.goals[0],
				fields: [{ field: 'title', before: 'Budżet domowy', after: 'Budżet domowy rodziny' }]
			}
		]);
		expect(d.actionsAdded.map((a) => a.id)).toEqual(['a4']);
		expect(d.actionsRemoved.map((a) => a.id)).toEqual(['a3']);
		expect(d.actionsChanged.map((c) => [c.after.id, c.fields.map((f) => f.field)])).toEqual([
			['a1', ['status', 'doneDate']],
			['a2', ['responsible', 'deadline']]
		]);
		expect(d.notesChanged).toBe(false);
	});

	it('[HI6] picks out status and deadline changes', () => {
		const d = diffPlans(v1, v2);
		expect(d.statusChanges.map((s) => [s.action.id, s.before, s.after])).toEqual([
			['a1', 'planowane', 'zrealizowane']
		]);
		expect(d.deadlineChanges.map((s) => [s.action.id, s.before, s.after])).toEqual([
			['a2', '2026-04-30', '2026-06-30']
		]);
	});

	it('[HI6] the same plan twice has no difference; notes count', () => {
		expect(isSamePlan(diffPlans(v1, v1))).toBe(true);
		const d = diffPlans(v1, { ...v1, notes: 'Inne uwagi' });
		expect(d.notesChanged).toBe(true);
		expect(isSamePlan(d)).toBe(false);
	});
});
