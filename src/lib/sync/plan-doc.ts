/**
 * The work plan ↔ Y.Doc. Reads return zod-parsed domain values (an item that fails to parse is
 * reported with its raw JSON, not dropped); writes are named functions, one transaction each.
 *
 * Past 250 lines on purpose: one file per document kind (*-doc.ts), so every write of the plan
 * is found, with its single transaction, in one place.
 */
import * as Y from 'yjs';
import {
	Action,
	ActionStatus,
	ActionTextField,
	Goal,
	GoalKind,
	type WorkPlan
} from '../domain/work-plan.js';
import { OptionalIsoDate } from '../domain/iso-date.js';
import type { InvalidItem } from '../domain/invalid-item.js';
import {
	ActionKey,
	CoordinationKey,
	GoalKey,
	MetaKey,
	PLAN_SCHEMA_VERSION,
	PlanRoot,
	planRoots
} from './doc-schema.js';
import { PlanCoordination } from '../domain/care.js';
import { DutyArea } from '../domain/duties.js';

import { LOCAL_ORIGIN } from './origins.js';
/** Kept for callers that name it here; the union lives in origins.ts. */
export { LOCAL_ORIGIN };

function describeInvalid(raw: unknown, issues: string[]): InvalidItem {
	const id =
		raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string' ? raw.id : null;
	let text: string;
	try {
		text = JSON.stringify(raw) ?? String(raw);
	} catch {
		text = String(raw);
	}
	return { id, raw: text.slice(0, 20000), issues };
}

function parseList<T>(
	items: Y.Array<Y.Map<unknown>>,
	schema: {
		safeParse(
			v: unknown
		): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
	},
	invalid: InvalidItem[]
): T[] {
	const out: T[] = [];
	const list = items === items.doc?.getArray(PlanRoot.goals) ? PlanRoot.goals : PlanRoot.actions;
	items.toArray().forEach((item: unknown, index) => {
		const raw = item instanceof Y.AbstractType ? item.toJSON() : item;
		const parsed = schema.safeParse(raw);
		if (parsed.success) out.push(parsed.data);
		else
			invalid.push({
				...describeInvalid(
					raw,
					parsed.error.issues.map((i) => i.message)
				),
				// Where it sits, so it can be corrected in place (RE1, record-repair.ts).
				at: { list, index }
			});
	});
	return out;
}

/** A parsed snapshot of the plan. */
export function readPlan(doc: Y.Doc): WorkPlan {
	const roots = planRoots(doc);
	const invalid: InvalidItem[] = [];
	const goals = parseList(roots.goals, Goal, invalid);
	const actions = parseList(roots.actions, Action, invalid);
	return { goals, actions, invalid, notes: roots.notes.toString() };
}

function findIndex(list: Y.Array<Y.Map<unknown>>, id: string): number {
	const arr = list.toArray();
	return arr.findIndex((m) => m instanceof Y.Map && m.get('id') === id);
}

function findItem(list: Y.Array<Y.Map<unknown>>, id: string): Y.Map<unknown> | null {
	const i = findIndex(list, id);
	return i < 0 ? null : list.get(i);
}

/**
 * Creates the plan's fixed structure. Run once, server-side, when the document is created:
 * clients never seed (stack.md pitfall 14), and root types need no creation anyway.
 */
export function initPlan(doc: Y.Doc): void {
	doc.transact(() => {
		planRoots(doc).meta.set(MetaKey.schemaVersion, PLAN_SCHEMA_VERSION);
	}, LOCAL_ORIGIN);
}

/** Adds a goal at the end; returns its id. */
export function addGoal(
	doc: Y.Doc,
	init: { kind: GoalKind; title: string },
	id = crypto.randomUUID()
): string {
	const kind = GoalKind.parse(init.kind);
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		m.set(GoalKey.id, id);
		m.set(GoalKey.kind, kind);
		m.set(GoalKey.title, Goal.shape.title.parse(init.title));
		planRoots(doc).goals.push([m]);
	}, LOCAL_ORIGIN);
	return id;
}

/** Sets whether a goal is the main one or a specific one. */
export function setGoalKind(doc: Y.Doc, goalId: string, kind: GoalKind): void {
	const k = GoalKind.parse(kind);
	doc.transact(() => findItem(planRoots(doc).goals, goalId)?.set(GoalKey.kind, k), LOCAL_ORIGIN);
}

/** Removes a goal and the actions under it. */
export function removeGoal(doc: Y.Doc, goalId: string): void {
	const { goals, actions } = planRoots(doc);
	doc.transact(() => {
		const i = findIndex(goals, goalId);
		if (i >= 0) goals.delete(i, 1);
		for (let j = actions.length - 1; j >= 0; j--) {
			const a = actions.get(j);
			if (a instanceof Y.Map && a.get(ActionKey.goalId) === goalId) actions.delete(j, 1);
		}
	}, LOCAL_ORIGIN);
}

export interface NewAction {
	description?: string;
	responsible?: string;
	deadline?: string;
	expectedEffect?: string;
	status?: ActionStatus;
}

/** Adds an action under a goal; returns its id. */
export function addAction(
	doc: Y.Doc,
	goalId: string,
	init: NewAction = {},
	id = crypto.randomUUID()
): string {
	const deadline = OptionalIsoDate.parse(init.deadline ?? '');
	const status = ActionStatus.parse(init.status ?? 'planowane');
	doc.transact(() => {
		const m = new Y.Map<unknown>();
		m.set(ActionKey.id, id);
		m.set(ActionKey.goalId, goalId);
		// [SY10] Short fields are plain values (whole-value registers), not Y.Text.
		m.set(ActionKey.description, init.description ?? '');
		m.set(ActionKey.responsible, init.responsible ?? '');
		m.set(ActionKey.deadline, deadline);
		m.set(ActionKey.expectedEffect, init.expectedEffect ?? '');
		m.set(ActionKey.status, status);
		m.set(ActionKey.doneDate, '');
		planRoots(doc).actions.push([m]);
	}, LOCAL_ORIGIN);
	return id;
}

/** Removes an action. */
export function removeAction(doc: Y.Doc, actionId: string): void {
	const { actions } = planRoots(doc);
	doc.transact(() => {
		const i = findIndex(actions, actionId);
		if (i >= 0) actions.delete(i, 1);
	}, LOCAL_ORIGIN);
}

/** Sets an action's deadline (ISO date or ''); invalid dates are refused by the caller's form. */
export function setActionDeadline(doc: Y.Doc, actionId: string, deadline: string): void {
	const d = OptionalIsoDate.parse(deadline);
	doc.transact(
		() => findItem(planRoots(doc).actions, actionId)?.set(ActionKey.deadline, d),
		LOCAL_ORIGIN
	);
}

/** [DU1] Sets (or clears, with '') an action's art. 15 ust. 1 duty area. */
export function setActionArea(doc: Y.Doc, actionId: string, area: DutyArea | ''): void {
	const a = area === '' ? '' : DutyArea.parse(area);
	doc.transact(() => {
		const m = findItem(planRoots(doc).actions, actionId);
		if (!m) return;
		// '' clears it: a key is never deleted (the write guard treats deletions as removals).
		m.set(ActionKey.area, a);
	}, LOCAL_ORIGIN);
}

/** Sets an action's status; the completion date follows "zrealizowane". */
export function setActionStatus(
	doc: Y.Doc,
	actionId: string,
	status: ActionStatus,
	today: string
): void {
	const s = ActionStatus.parse(status);
	doc.transact(() => {
		const m = findItem(planRoots(doc).actions, actionId);
		if (!m) return;
		m.set(ActionKey.status, s);
		if (s === 'zrealizowane' && m.get(ActionKey.doneDate) === '') m.set(ActionKey.doneDate, today);
		if (s !== 'zrealizowane' && s !== 'czesciowo') m.set(ActionKey.doneDate, '');
	}, LOCAL_ORIGIN);
}

/** A reference to one collaborative text field of the plan. */
export type PlanTextRef =
	| { type: 'notes' }
	| { type: 'goal-title'; goalId: string }
	| { type: 'action'; actionId: string; field: ActionTextField };

/** The Y.Text behind a text field, or null if the item is gone or the value is not text. */
export function planText(doc: Y.Doc, ref: PlanTextRef): Y.Text | null {
	const roots = planRoots(doc);
	switch (ref.type) {
		case 'notes':
			return roots.notes;
		case 'goal-title': {
			const v = findItem(roots.goals, ref.goalId)?.get(GoalKey.title);
			return v instanceof Y.Text ? v : null;
		}
		case 'action': {
			const v = findItem(roots.actions, ref.actionId)?.get(
				ActionKey[ActionTextField.parse(ref.field)]
			);
			return v instanceof Y.Text ? v : null;
		}
	}
}

// ── Coordinated mode (PC3): plan pomocy dziecku reference and foster-care coordinator ──

/**
 * [PC3] The plan's coordination fields. Each is read through zod on its own: a bad value from a
 * peer reads as '' and is reported with its raw text, the other field still reads.
 */
export function readCoordination(doc: Y.Doc): {
	coordination: PlanCoordination;
	invalid: InvalidItem[];
} {
	const map = planRoots(doc).coordination;
	const invalid: InvalidItem[] = [];
	const field = (key: keyof typeof CoordinationKey): string => {
		const v = map.get(CoordinationKey[key]);
		if (v === undefined) return '';
		const p = PlanCoordination.shape[key].safeParse(v);
		if (p.success) return p.data;
		invalid.push(
			describeInvalid(
				{ id: key, value: v },
				p.error.issues.map((i) => i.message)
			)
		);
		return '';
	};
	return {
		coordination: { childPlanRef: field('childPlanRef'), coordinator: field('coordinator') },
		invalid
	};
}

/** [PC3] Sets one coordination field (validated; throws on a value the schema refuses). */
export function setCoordinationField(
	doc: Y.Doc,
	key: keyof typeof CoordinationKey,
	value: string
): void {
	const v = PlanCoordination.shape[key].parse(value.trim());
	doc.transact(() => planRoots(doc).coordination.set(CoordinationKey[key], v), LOCAL_ORIGIN);
}

/**
 * [SY10] Replaces an action's short field (owner, action, expected effect) with a whole value: a
 * plain value per key, never merged character by character, so two people replacing it while
 * apart leave both values intact for the server to report (CF1), never an interleaving. An older
 * document's Y.Text under the key is replaced too (read the same way: as its text).
 */
export function setActionText(
	doc: Y.Doc,
	actionId: string,
	field: ActionTextField,
	value: string
): void {
	const key = ActionKey[ActionTextField.parse(field)];
	const v = Action.shape[key].parse(value);
	doc.transact(() => {
		const m = findItem(planRoots(doc).actions, actionId);
		if (m && m.get(key)?.toString() !== v) m.set(key, v);
	}, LOCAL_ORIGIN);
}

/** [SY10] Replaces a goal's title (a short field, as `setActionText`). */
export function setGoalTitle(doc: Y.Doc, goalId: string, title: string): void {
	const v = Goal.shape.title.parse(title);
	doc.transact(() => {
		const m = findItem(planRoots(doc).goals, goalId);
		if (m && m.get(GoalKey.title)?.toString() !== v) m.set(GoalKey.title, v);
	}, LOCAL_ORIGIN);
}
