/**
 * The work plan of one family, over an open document. `current` is a parsed, frozen snapshot
 * refreshed after every transaction (local, remote or loaded from the device); writes are named
 * commands, each one transaction in plan-doc.ts. Components never see the Y.Doc.
 */
import type { Action as SvelteAction } from 'svelte/action';
import type { DocHandle } from '$lib/sync/connect';
import * as planDoc from '$lib/sync/plan-doc';
import type { PlanTextRef } from '$lib/sync/plan-doc';
import { bindText } from '$lib/sync/text-binding';
import type { DocRole } from '$lib/sync/protocol';
import {
	ActionStatus as ActionStatusSchema,
	ActionTextField,
	type ActionStatus,
	type GoalKind,
	type WorkPlan
} from '$lib/domain/work-plan';
import { OptionalIsoDate } from '$lib/domain/iso-date';
import type { FieldConflict } from '$lib/domain/conflicts';
import type { DutyArea } from '$lib/domain/duties';
import { todayIso, withUniqueIds } from '../views/plan-view';
import { repairFor, type RepairInvalid } from '../records/record-repair';
import { DocumentState } from '../documents/document-state.svelte';

export type { PlanTextRef };

type TextElement = HTMLInputElement | HTMLTextAreaElement;

/** The plan as of the last transaction; field conflicts are shown beside their fields [CF6]. */
export class WorkPlanState extends DocumentState<WorkPlan> {
	/** [RE1] Corrects a malformed goal or action in place; null when read-only. */
	readonly repair: RepairInvalid;

	constructor(handle: DocHandle, role: DocRole, familyId?: string) {
		super(handle, role, (doc) => withUniqueIds(planDoc.readPlan(doc)), familyId);
		this.repair = repairFor(handle, this.canEdit);
	}

	addGoal(kind: GoalKind = 'szczegolowy'): string | null {
		if (!this.canEdit) return null;
		return this.handle.transact((doc) => planDoc.addGoal(doc, { kind, title: '' }));
	}

	removeGoal(goalId: string): void {
		if (this.canEdit) this.handle.transact((doc) => planDoc.removeGoal(doc, goalId));
	}

	setGoalKind(goalId: string, kind: GoalKind): void {
		if (this.canEdit) this.handle.transact((doc) => planDoc.setGoalKind(doc, goalId, kind));
	}

	addAction(goalId: string): string | null {
		if (!this.canEdit) return null;
		return this.handle.transact((doc) => planDoc.addAction(doc, goalId));
	}

	removeAction(actionId: string): void {
		if (this.canEdit) this.handle.transact((doc) => planDoc.removeAction(doc, actionId));
	}

	/** Sets a deadline; the caller has validated it (OptionalIsoDate). */
	setActionDeadline(actionId: string, deadline: string): void {
		if (this.canEdit)
			this.handle.transact((doc) => planDoc.setActionDeadline(doc, actionId, deadline));
	}

	/** [SY10] Replaces a short field of an action with a whole value. */
	setActionText(actionId: string, field: ActionTextField, value: string): void {
		if (this.canEdit)
			this.handle.transact((doc) => planDoc.setActionText(doc, actionId, field, value));
	}

	/** [SY10] Replaces a goal's title. */
	setGoalTitle(goalId: string, title: string): void {
		if (this.canEdit) this.handle.transact((doc) => planDoc.setGoalTitle(doc, goalId, title));
	}

	/**
	 * [CF6] "Keep this one": writes a conflict's value back into its field (a new, ordinary edit
	 * everyone sees), then acknowledges the conflict for everyone.
	 */
	async keepValue(conflict: FieldConflict, value: FieldConflict['values'][number]['value']) {
		if (!this.canEdit || conflict.recordId === null) return;
		const id = conflict.recordId;
		const text = typeof value === 'string' ? value : '';
		if (conflict.root === 'goals' && conflict.field === 'title') this.setGoalTitle(id, text);
		else if (conflict.root === 'actions') {
			const field = ActionTextField.safeParse(conflict.field);
			if (field.success) this.setActionText(id, field.data, text);
			else if (conflict.field === 'deadline') {
				const d = OptionalIsoDate.safeParse(text);
				if (d.success) this.setActionDeadline(id, d.data);
			} else if (conflict.field === 'status') {
				const st = ActionStatusSchema.safeParse(value);
				if (st.success) this.setActionStatus(id, st.data);
			}
		}
		await this.conflicts?.acknowledge(conflict.id);
	}

	/** [DU1] The action's art. 15 ust. 1 duty area ('' clears it). */
	setActionArea(actionId: string, area: DutyArea | ''): void {
		if (this.canEdit) this.handle.transact((doc) => planDoc.setActionArea(doc, actionId, area));
	}

	setActionStatus(actionId: string, status: ActionStatus): void {
		if (this.canEdit)
			this.handle.transact((doc) => planDoc.setActionStatus(doc, actionId, status, todayIso()));
	}

	/**
	 * Svelte action binding a <textarea>/<input> to a collaborative text field, so concurrent
	 * typing merges. `use:plan.textField={{ type: 'notes' }}`.
	 */
	textField: SvelteAction<TextElement, PlanTextRef> = (el, ref) => {
		const bind = (r: PlanTextRef) => {
			const text = this.handle.read((doc) => planDoc.planText(doc, r));
			if (!text) {
				el.value = '';
				return () => {};
			}
			return bindText(el, text);
		};
		let current = ref;
		let unbind = bind(ref);
		return {
			update: (next: PlanTextRef) => {
				if (sameRef(current, next)) return;
				unbind();
				current = next;
				unbind = bind(next);
			},
			destroy: () => unbind()
		};
	};
}

function sameRef(a: PlanTextRef, b: PlanTextRef): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}
