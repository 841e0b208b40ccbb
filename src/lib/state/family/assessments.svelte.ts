/**
 * Periodic assessments (okresowa ocena sytuacji rodziny) of one family, over its open
 * assessments document. `current` is a parsed snapshot refreshed after every transaction; writes
 * are named commands; narratives mount through the `richText` action, so components never see
 * the Y.Doc or the editor.
 */
import { todayInPoland } from '$lib/domain/dates';
import type { Action as SvelteAction } from 'svelte/action';
import * as assessmentsDoc from '$lib/sync/assessments-doc';
import { Assessment } from '$lib/domain/assessment';
import type { InvalidItem } from '$lib/domain/invalid-item';
import {
	validateAssessmentForm,
	type AssessmentFormErrors,
	type AssessmentFormValues
} from '../forms/document-forms';
import { addRecord, editRecord, type EditResult } from '../records/record-edit';
import { repairFor, type RepairInvalid } from '../records/record-repair';
import { checkDate } from '../forms/date-bounds';
import { m } from '$lib/paraglide/messages.js';
import { recordRichText, type RecordTextRef } from '../records/record-rich-text';
import { RecordsState, type RecordsOpen } from '../records/records-state';
import type { Result } from '$lib/domain/result';

/** Assessments newest first, and any record that failed to parse; conflicts are passages [NC2]. */
export class AssessmentsState extends RecordsState<{
	assessments: Assessment[];
	invalid: InvalidItem[];
}> {
	/** [RE1] Corrects a malformed record in place; null when read-only. */
	readonly repair: RepairInvalid;
	/** Mounts a collaborative editor on a narrative: `use:richText={{ recordId, field, labelledBy }}`. */
	readonly richText: SvelteAction<HTMLElement, RecordTextRef>;

	constructor(...open: RecordsOpen) {
		super(open, assessmentsDoc.readAssessments);
		this.repair = repairFor(this.handle, this.canEdit);
		this.richText = recordRichText(this.handle, this.me, this.canEdit, (doc, id, field) =>
			assessmentsDoc.assessmentFragment(doc, id, field as assessmentsDoc.AssessmentNarrative)
		);
	}

	/** The latest assessment's date (the period of the next one starts there). */
	get lastDate(): string | null {
		return assessmentsDoc.lastAssessmentDate(this.current.assessments);
	}

	/** Records a new assessment from the form; on errors nothing is written. */
	add(
		form: AssessmentFormValues,
		badDates: readonly string[] = [],
		planGoals: number | null = 0
	): Result<{ id: string }, { errors: AssessmentFormErrors }> {
		return addRecord({
			canEdit: this.canEdit,
			noRights: { date: m.closure_no_rights() },
			check: () => validateAssessmentForm(form, badDates, { today: todayInPoland(), planGoals }),
			write: (value) => this.handle.transact((doc) => assessmentsDoc.addAssessment(doc, value))
		});
	}

	/**
	 * [AS4] Records passing an assessment to the employer (sent, and received when confirmed):
	 * null when stored, else the Polish message naming the rule, with nothing stored.
	 */
	recordHandOver(id: string, passedOn: string, receivedOn: string): string | null {
		if (!this.canEdit) return m.closure_no_rights();
		const current = this.current.assessments.find((a) => a.id === id);
		if (!current) return m.law_as_gone();
		const checked = Assessment.safeParse({ ...current, passedOn, receivedOn });
		if (!checked.success) return checked.error.issues[0]?.message ?? m.law_as_gone();
		// [DB3] Sent and received already: not in the future, not years before the case.
		for (const d of [passedOn, receivedOn]) {
			const fit = checkDate('handOverDate', d, todayInPoland()).error;
			if (fit) return fit;
		}
		this.handle.transact((doc) =>
			assessmentsDoc.updateAssessment(doc, id, { passedOn, receivedOn })
		);
		return null;
	}

	/** [RE5] Saves the fields changed since `base` (the form when editing began); else nothing. */
	update(
		id: string,
		base: AssessmentFormValues,
		draft: AssessmentFormValues,
		badDates: readonly string[] = []
	): EditResult<AssessmentFormErrors> {
		return editRecord({
			canEdit: this.canEdit,
			base,
			draft,
			validate: (f) =>
				validateAssessmentForm(
					f,
					f === draft ? badDates : [],
					f === draft ? { today: todayInPoland() } : {}
				),
			write: (patch) =>
				this.handle.transact((doc) => assessmentsDoc.updateAssessment(doc, id, patch)),
			noRights: { date: m.closure_no_rights() }
		});
	}
}
