/** Polish labels of the work plan's codes; the domain keeps the codes, the catalogue the words. */
import { m } from '$lib/paraglide/messages.js';
import type { ActionStatus, GoalKind } from '$lib/domain/work-plan';

const goalKind: Record<GoalKind, () => string> = {
	glowny: m.plan_goal_kind_glowny,
	szczegolowy: m.plan_goal_kind_szczegolowy
};

const actionStatus: Record<ActionStatus, () => string> = {
	planowane: m.plan_status_planowane,
	w_trakcie: m.plan_status_w_trakcie,
	zrealizowane: m.plan_status_zrealizowane,
	czesciowo: m.plan_status_czesciowo,
	niezrealizowane: m.plan_status_niezrealizowane,
	anulowane: m.plan_status_anulowane
};

const missingField: Record<'responsible' | 'deadline' | 'expectedEffect', () => string> = {
	responsible: m.plan_missing_responsible,
	deadline: m.plan_missing_deadline,
	expectedEffect: m.plan_missing_expected_effect
};

export const goalKindText = (k: GoalKind): string => goalKind[k]();
export const actionStatusText = (s: ActionStatus): string => actionStatus[s]();
/** A field an action still lacks (WP1), as the hint names it. */
export const missingFieldText = (f: keyof typeof missingField): string => missingField[f]();

/**
 * "Cel 2": a goal's number, the same on Plan pracy and Oceny i sąd (its place in the plan,
 * counted from 1; issue 12 found "Cel 2" in the plan read "Cel 1" in the assessment).
 */
export function goalNumberText(index: number): string {
	return m.plan_goal_heading({ number: index + 1 });
}
