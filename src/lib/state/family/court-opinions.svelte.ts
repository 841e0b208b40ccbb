/**
 * Opinions for the court (opinia dla sądu) of one family, over its open court document. The
 * head's approval is ticked by a kierownik only (CO1); "wysłano" is allowed only when
 * canSendOpinion holds under the organisation's setting.
 */
import { todayInPoland } from '$lib/domain/dates';
import { checkDate } from '../forms/date-bounds';
import type { Action as SvelteAction } from 'svelte/action';
import type { DocHandle } from '$lib/sync/connect';
import type { DocRole } from '$lib/sync/protocol';
import * as courtDoc from '$lib/sync/court-doc';
import { canSendOpinion, type CourtOpinion } from '$lib/domain/court';
import type { StaffRole } from '$lib/domain/roles';
import type { InvalidItem } from '$lib/domain/invalid-item';
import {
	validateOpinionForm,
	type OpinionFormErrors,
	type OpinionFormValues
} from '../forms/document-forms';
import { repairFor, type RepairInvalid } from '../records/record-repair';
import { recordRichText, type RecordTextRef } from '../records/record-rich-text';
import { DocumentState } from '../documents/document-state.svelte';
import { courtCorrespondenceRefusal } from '$lib/domain/care';
import { opinionSendRefusalText } from '../labels/court-labels';
import type { CaseFileState } from './case-file.svelte';
import { m } from '$lib/paraglide/messages.js';
import type { Result } from '$lib/domain/result';

export type SentMethod = courtDoc.SentMethod;
const sentMethod: Record<SentMethod, () => string> = {
	poczta: m.records_sent_method_poczta,
	epuap: m.records_sent_method_epuap,
	e_doreczenia: m.law_sent_method_e_doreczenia,
	osobiscie: m.records_sent_method_osobiscie
};
/** How an opinion went to the court, in the words of the form. */
export const sentMethodText = (s: SentMethod): string => sentMethod[s]();
export const sentMethods = Object.keys(sentMethod) as SentMethod[];

/**
 * Unsent opinions first by due date, then sent ones; and records that failed to parse. Conflicts
 * are passages merged into others' unseen changes [NC2].
 */
export class CourtOpinionsState extends DocumentState<{
	opinions: CourtOpinion[];
	invalid: InvalidItem[];
}> {
	/** [RE1] Corrects a malformed record in place; null when read-only. */
	readonly repair: RepairInvalid;
	/** Whether this user may tick the head's approval (a kierownik who may write here). */
	readonly canApprove: boolean;
	/** The organisation's setting, read when asked (it may arrive after the page opened). */
	get headApprovalRequired(): boolean {
		return this.#headApproval();
	}
	readonly richText: SvelteAction<HTMLElement, RecordTextRef>;
	#headApproval: () => boolean;

	constructor(
		handle: DocHandle,
		role: DocRole,
		me: { name: string; color: string; staffRole: StaffRole },
		headApprovalRequired: boolean | (() => boolean),
		familyId?: string
	) {
		super(handle, role, courtDoc.readOpinions, familyId);
		this.repair = repairFor(handle, this.canEdit);
		this.canApprove = this.canEdit && me.staffRole === 'kierownik';
		this.#headApproval =
			typeof headApprovalRequired === 'function'
				? headApprovalRequired
				: () => headApprovalRequired;
		this.richText = recordRichText(handle, me, this.canEdit, (doc, id, field) =>
			courtDoc.opinionFragment(doc, id, field as courtDoc.OpinionSection)
		);
	}

	/** Whether the opinion may be marked sent now. */
	canSend(o: CourtOpinion): boolean {
		return this.canEdit && canSendOpinion(o, this.headApprovalRequired);
	}

	/** Records the court's request from the form; on errors nothing is written. */
	add(
		form: OpinionFormValues,
		badDates: readonly string[] = [],
		file: CaseFileState | null = null
	): Result<{ id: string }, { errors: OpinionFormErrors }> {
		if (!this.canEdit) return { ok: false, errors: { court: m.closure_no_rights() } };
		// [CT4] With the case file open, a closed case refuses it (nothing written anywhere).
		const refusal = file ? courtCorrespondenceRefusal(file.current.caseView.state) : null;
		if (refusal) return { ok: false, errors: { court: refusal } };
		const checked = validateOpinionForm(form, badDates);
		if (!checked.ok) return checked;
		const id = this.handle.transact((doc) => courtDoc.addOpinionRequest(doc, checked.value));
		file?.record({ type: 'wniosek_sadu', opinionId: id, due: checked.value.due });
		return { ok: true, id };
	}

	/** [CO1] The head approves (or withdraws the approval of) an unsent opinion. */
	setApproved(id: string, on: boolean): void {
		if (this.canApprove)
			this.handle.transact((doc) => courtDoc.setOpinionField(doc, id, 'headApproved', on));
	}

	/** [CO3] Marks the opinion sent; returns a Polish message when refused. */
	markSent(
		id: string,
		date: string,
		method: string,
		badDate = false,
		file: CaseFileState | null = null
	): string | null {
		if (!this.canEdit) return m.closure_no_rights();
		if (badDate || date === '') return m.records_err_sent_date();
		if (!(method in sentMethod)) return m.records_err_sent_method();
		// [DB1] Sent already, within the years a case runs.
		const fit = checkDate('opinionSentOn', date, todayInPoland());
		if (fit.error) return fit.error;
		const refusal = file ? courtCorrespondenceRefusal(file.current.caseView.state) : null;
		if (refusal) return refusal;
		const approval = this.headApprovalRequired;
		const refused = this.handle.transact((doc) =>
			courtDoc.markOpinionSent(doc, id, date, method as SentMethod, approval)
		);
		if (refused) return opinionSendRefusalText(refused);
		// [CT4] OPINIA_WYSLANA in the case log: the id and the date, never the content.
		file?.record({ type: 'opinia_wyslana', opinionId: id, sentOn: date });
		return null;
	}
}
