/**
 * [HI6] The difference between two versions of a work plan (e.g. two agreed versions frozen in
 * the case log, CE4): goals and actions added, removed and changed, with each changed field's
 * old and new value, and the status and deadline changes picked out, as the head and the court
 * ask "what changed since the last agreement". Items are matched by id. Pure.
 */
import type { Action, Goal } from './work-plan.js';

export interface PlanVersionContent {
	goals: readonly Goal[];
	actions: readonly Action[];
	notes: string;
}

/** Fields of an action compared, in the order they are shown. */
export const ACTION_FIELDS = [
	'description',
	'responsible',
	'deadline',
	'expectedEffect',
	'status',
	'doneDate',
	'goalId'
] as const satisfies readonly (keyof Action)[];
export type ActionField = (typeof ACTION_FIELDS)[number];

export interface FieldChange<F extends string = ActionField> {
	field: F;
	before: string;
	after: string;
}

export interface ActionChange {
	before: Action;
	after: Action;
	fields: FieldChange[];
}

export interface PlanDiff {
	goalsAdded: Goal[];
	goalsRemoved: Goal[];
	goalsChanged: { before: Goal; after: Goal; fields: FieldChange<'kind' | 'title'>[] }[];
	actionsAdded: Action[];
	actionsRemoved: Action[];
	actionsChanged: ActionChange[];
	/** Actions whose status changed (also in actionsChanged). */
	statusChanges: { action: Action; before: Action['status']; after: Action['status'] }[];
	/** Actions whose deadline changed (also in actionsChanged). */
	deadlineChanges: { action: Action; before: string; after: string }[];
	notesChanged: boolean;
}

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
	return new Map(items.map((i) => [i.id, i]));
}

/** What changed from plan `a` (earlier) to plan `b` (later). */
export function diffPlans(a: PlanVersionContent, b: PlanVersionContent): PlanDiff {
	const goalsA = byId(a.goals);
	const goalsB = byId(b.goals);
	const actionsA = byId(a.actions);
	const actionsB = byId(b.actions);
	const d: PlanDiff = {
		goalsAdded: b.goals.filter((g) => !goalsA.has(g.id)),
		goalsRemoved: a.goals.filter((g) => !goalsB.has(g.id)),
		goalsChanged: [],
		actionsAdded: b.actions.filter((x) => !actionsA.has(x.id)),
		actionsRemoved: a.actions.filter((x) => !actionsB.has(x.id)),
		actionsChanged: [],
		statusChanges: [],
		deadlineChanges: [],
		notesChanged: a.notes.trim() !== b.notes.trim()
	};
	for (const after of b.goals) {
		const before = goalsA.get(after.id);
		if (!before) continue;
		const fields = (['kind', 'title'] as const)
			.filter((f) => before[f] !== after[f])
			.map((f) => ({ field: f, before: before[f], after: after[f] }));
		if (fields.length) d.goalsChanged.push({ before, after, fields });
	}
	for (const after of b.actions) {
		const before = actionsA.get(after.id);
		if (!before) continue;
		const fields = ACTION_FIELDS.filter((f) => before[f] !== after[f]).map((f) => ({
			field: f,
			before: before[f],
			after: after[f]
		}));
		if (fields.length === 0) continue;
		d.actionsChanged.push({ before, after, fields });
		if (before.status !== after.status)
			d.statusChanges.push({ action: after, before: before.status, after: after.status });
		if (before.deadline !== after.deadline)
			d.deadlineChanges.push({ action: after, before: before.deadline, after: after.deadline });
	}
	return d;
}

/** True when nothing of goals, actions or notes changed. */
export function isSamePlan(d: PlanDiff): boolean {
	return (
		d.goalsAdded.length +
			d.goalsRemoved.length +
			d.goalsChanged.length +
			d.actionsAdded.length +
			d.actionsRemoved.length +
			d.actionsChanged.length ===
			0 && !d.notesChanged
	);
}
