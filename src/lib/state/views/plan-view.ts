/** Pure helpers shaping a parsed plan for display. */
import { m } from '$lib/paraglide/messages.js';
import type { Action, WorkPlan } from '$lib/domain/work-plan';
import type { InvalidItem } from '$lib/domain/invalid-item';

/** Today's date on this device, ISO. */
export function todayIso(now = new Date()): string {
	const y = now.getFullYear();
	const m = String(now.getMonth() + 1).padStart(2, '0');
	const d = String(now.getDate()).padStart(2, '0');
	return `${y}-${m}-${d}`;
}

/**
 * Items sharing an id (a buggy or hostile peer) are shown once; later copies go to `invalid`
 * with their raw value, so nothing disappears and keyed lists stay well-formed.
 */
export function withUniqueIds(plan: WorkPlan): WorkPlan {
	const invalid: InvalidItem[] = [...plan.invalid];
	const dedupe = <T extends { id: string }>(items: T[]): T[] => {
		const seen = new Set<string>();
		return items.filter((it) => {
			if (!seen.has(it.id)) {
				seen.add(it.id);
				return true;
			}
			invalid.push({ id: it.id, raw: JSON.stringify(it), issues: [m.common_duplicate_id()] });
			return false;
		});
	};
	const goals = dedupe(plan.goals);
	const actions = dedupe(plan.actions);
	return { goals, actions, invalid, notes: plan.notes };
}

/** Actions grouped by their goal id, in document order. */
export function actionsByGoal(actions: readonly Action[]): Map<string, Action[]> {
	const m = new Map<string, Action[]>();
	for (const a of actions) {
		const list = m.get(a.goalId);
		if (list) list.push(a);
		else m.set(a.goalId, [a]);
	}
	return m;
}
