/**
 * The visit diary (dziennik wizyt) of one family, over its open visits document. `current` is a
 * parsed snapshot refreshed after every transaction; writes are named commands; narrative fields
 * mount as collaborative rich text through the `richText` Svelte action, so components never
 * see the Y.Doc or the editor.
 */
import { checkDate } from '../forms/date-bounds';
import type { Action as SvelteAction } from 'svelte/action';
import * as visitsDoc from '$lib/sync/visits-doc';
import { OptionalIsoDate } from '$lib/domain/iso-date';
import type { InvalidItem } from '$lib/domain/invalid-item';
import type { Visit, VisitNarrative } from '$lib/domain/visit';
import { todayInPoland } from '$lib/domain/dates';
import { validateVisitForm, type VisitFormErrors, type VisitFormValues } from '../forms/visit-form';
import { mountRichText } from '../records/record-rich-text';
import { repairFor, type RepairInvalid } from '../records/record-repair';
import { addRecord, editRecord, type EditResult } from '../records/record-edit';
import { RecordsState, type RecordsOpen } from '../records/records-state';
import { m } from '$lib/paraglide/messages.js';
import type { Result } from '$lib/domain/result';

/** Which narrative field of which visit a rich-text box edits. */
export interface RichTextRef {
	visitId: string;
	field: VisitNarrative;
	/** Id of the field's visible label. */
	labelledBy: string;
	/** Called when the stored text cannot be shown faithfully (the field stays read-only). */
	onContentError?: () => void;
}

/** Visits newest first, and any record that failed to parse; conflicts are narratives merged [NC2]. */
export class VisitsState extends RecordsState<{ visits: Visit[]; invalid: InvalidItem[] }> {
	/** [RE1] Corrects a malformed record in place; null when read-only. */
	readonly repair: RepairInvalid;

	constructor(...open: RecordsOpen) {
		super(open, visitsDoc.readVisits);
		this.repair = repairFor(this.handle, this.canEdit);
	}

	/** Records a new visit from the form; on errors nothing is written. */
	add(
		form: VisitFormValues,
		opts: { offline: boolean; badDate?: boolean }
	): Result<{ id: string }, { errors: VisitFormErrors }> {
		return addRecord({
			canEdit: this.canEdit,
			noRights: { date: m.closure_no_rights() },
			check: () => validateVisitForm(form, { ...opts, today: todayInPoland() }),
			write: (value) => this.handle.transact((doc) => visitsDoc.addVisit(doc, value))
		});
	}

	/**
	 * [RE5] Saves the visit's structured fields changed since `base` (date, times, place, type,
	 * who was present); on errors nothing is written and the draft stays. `offline` is the visit's
	 * own flag, kept as recorded.
	 */
	update(
		id: string,
		base: VisitFormValues,
		draft: VisitFormValues,
		opts: { offline: boolean; badDate?: boolean }
	): EditResult<VisitFormErrors> {
		return editRecord({
			canEdit: this.canEdit,
			base,
			draft,
			validate: (f) =>
				validateVisitForm(f, {
					offline: opts.offline,
					badDate: f === draft && opts.badDate,
					// Only the new values face the bounds: an old visit's base stays as recorded.
					today: f === draft ? todayInPoland() : undefined
				}),
			write: (patch) => this.handle.transact((doc) => visitsDoc.updateVisit(doc, id, patch)),
			noRights: { date: m.records_edit_no_rights() }
		});
	}

	/** Ticks or clears the child-safety concern of a visit. */
	setSafetyConcern(id: string, on: boolean): void {
		if (this.canEdit)
			this.handle.transact((doc) => visitsDoc.setVisitField(doc, id, 'safetyConcern', on));
	}

	/** Sets the planned next visit date; returns a Polish message when the date is invalid. */
	setNextDate(id: string, date: string): string | null {
		if (!this.canEdit) return null;
		const parsed = OptionalIsoDate.safeParse(date);
		if (!parsed.success) return m.common_invalid_date_typed();
		// [DB1] The next visit is agreed for the coming year.
		const fit = checkDate('visitNextDate', parsed.data, todayInPoland());
		if (fit.error) return fit.error;
		this.handle.transact((doc) => visitsDoc.setVisitField(doc, id, 'nextDate', parsed.data));
		return null;
	}

	/**
	 * Svelte action mounting a collaborative rich-text editor in an element:
	 * `use:visits.richText={{ visitId, field, labelledBy }}`. The editor's code loads on first use.
	 */
	richText: SvelteAction<HTMLElement, RichTextRef> = (el, ref) =>
		mountRichText(
			el,
			this.handle.read((doc) => visitsDoc.visitFragment(doc, ref.visitId, ref.field)),
			{
				handle: this.handle,
				me: this.me,
				editable: this.canEdit,
				labelledBy: ref.labelledBy,
				onContentError: ref.onContentError
			}
		);
}
