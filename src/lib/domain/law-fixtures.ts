/**
 * Fixtures of the law tests (law*.test.ts; tests only): a plan with one goal and one action,
 * its agreement and consultation, and the steps from PLAN to REALIZACJA.
 */
import { reduceCase, CaseEvent, type PlacementKind } from './case-events.js';
import { checkTransition, planGuardInputs } from './guards.js';
import { DEFAULT_SETTINGS } from './settings.js';
import { numberedStamps } from './test-support.js';

/** Case events of these tests, numbered l0, l1, … */
export const base = numberedStamps('l');
export const ctx = { settings: DEFAULT_SETTINGS, actor: 'asystent' as const };
export const goal = { id: 'g1', kind: 'glowny' as const, title: 'Cel' };
export const action = {
	id: 'a1',
	goalId: 'g1',
	description: 'Wniosek o dodatek',
	responsible: 'Jan',
	deadline: '2027-01-31',
	expectedEffect: 'Dodatek przyznany',
	status: 'planowane' as const,
	doneDate: ''
};
export const plain = { goals: [goal], actions: [action], notes: '' };
export const agreed = (
	plan: unknown,
	agreedBy: string[],
	method: 'ekran' | 'skan' | 'odmowa' = 'ekran',
	refusalReason = ''
): CaseEvent => ({
	...base(),
	type: 'plan_uzgodniony',
	version: 1,
	planHash: 'a'.repeat(64),
	plan,
	agreedBy,
	method,
	refusalReason
});
export const consulted: CaseEvent = { ...base(), type: 'konsultacja_ps', version: 1, remarks: '' };
export const inPlan = (log: CaseEvent[]) => ({ ...reduceCase(log), state: 'PLAN' as const });
export const toRealizacja = (log: CaseEvent[]) =>
	checkTransition(inPlan(log), 'REALIZACJA', { ...ctx, ...planGuardInputs(reduceCase(log)) });
export const placed = (where: PlacementKind): CaseEvent => ({
	...base(),
	type: 'dziecko_w_pieczy',
	memberId: 'c1',
	date: '2026-11-05',
	where
});
