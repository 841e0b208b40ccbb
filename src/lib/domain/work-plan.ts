import { z } from 'zod';
import { DutyArea } from './duties.js';
import { OptionalIsoDate } from './iso-date.js';
import type { InvalidItem } from './invalid-item.js';

// Still forwarded only for lib/sync's importers (plan-doc and the *-doc readers), which that
// folder's owner moves to iso-date.ts / invalid-item.ts; everything else imports those directly.
export { OptionalIsoDate } from './iso-date.js';
export type { InvalidItem } from './invalid-item.js';

/**
 * The work plan with the family (plan pracy z rodziną, art. 15 ust. 3 u.w.r.): goals, and under
 * each goal actions with who does it, a deadline and an expected effect. See SPEC.md WP rules.
 */

/** Cel główny / cel szczegółowy. */
export const GoalKind = z.enum(['glowny', 'szczegolowy']);
export type GoalKind = z.infer<typeof GoalKind>;

/** Stan realizacji działania (domain.md §3.3). */
export const ActionStatus = z.enum([
	'planowane',
	'w_trakcie',
	'zrealizowane',
	'czesciowo',
	'niezrealizowane',
	'anulowane'
]);
export type ActionStatus = z.infer<typeof ActionStatus>;

/** Item ids are random UUIDs made by the client that creates the item. */
export const ItemId = z.string().min(1).max(64);

export const Goal = z.object({
	id: ItemId,
	kind: GoalKind,
	title: z.string().max(5000)
});
export type Goal = z.infer<typeof Goal>;

export const Action = z.object({
	id: ItemId,
	goalId: ItemId,
	description: z.string().max(5000),
	responsible: z.string().max(500),
	deadline: OptionalIsoDate,
	expectedEffect: z.string().max(5000),
	status: ActionStatus,
	doneDate: OptionalIsoDate,
	/** [DU1] The art. 15 ust. 1 duty the action falls under; old actions have none. */
	area: z.union([z.literal(''), DutyArea]).optional()
});
export type Action = z.infer<typeof Action>;

/** Fields of an action edited as collaborative text (merged character by character). */
export const ActionTextField = z.enum(['description', 'responsible', 'expectedEffect']);
export type ActionTextField = z.infer<typeof ActionTextField>;

/** A parsed snapshot of the plan document. */
export interface WorkPlan {
	goals: Goal[];
	actions: Action[];
	invalid: InvalidItem[];
	notes: string;
}

/**
 * [WP1] An action is complete for the plan when it names a responsible person, a deadline and
 * an expected effect (art. 15 ust. 3). Returns the missing fields.
 */
export function missingActionFields(a: Action): ('responsible' | 'deadline' | 'expectedEffect')[] {
	const missing: ('responsible' | 'deadline' | 'expectedEffect')[] = [];
	if (a.responsible.trim() === '') missing.push('responsible');
	if (a.deadline === '') missing.push('deadline');
	if (a.expectedEffect.trim() === '') missing.push('expectedEffect');
	return missing;
}

/**
 * [WP1][G4] What art. 15 ust. 3 itself asks of an action: its scope (the description), a deadline
 * and an expected effect. The responsible person is [practice]: a warning, never a block.
 */
export function missingStatutoryFields(
	a: Action
): ('description' | 'deadline' | 'expectedEffect')[] {
	const missing: ('description' | 'deadline' | 'expectedEffect')[] = [];
	if (a.description.trim() === '') missing.push('description');
	if (a.deadline === '') missing.push('deadline');
	if (a.expectedEffect.trim() === '') missing.push('expectedEffect');
	return missing;
}

/** [WP2] Actions whose goal no longer exists (deleted while another device added to it). */
export function orphanActions(plan: Pick<WorkPlan, 'goals' | 'actions'>): Action[] {
	const ids = new Set(plan.goals.map((g) => g.id));
	return plan.actions.filter((a) => !ids.has(a.goalId));
}

/** [WP3] An action is overdue when open and its deadline is before `today` (ISO). */
export function isOverdue(a: Action, today: string): boolean {
	const open = a.status === 'planowane' || a.status === 'w_trakcie' || a.status === 'czesciowo';
	return open && a.deadline !== '' && a.deadline < today;
}
