/**
 * Court orders (postanowienia sądu) of one family, over its open court document (CT1–CT3).
 * Recording one writes the order to the court compartment and a POSTANOWIENIE_SADU event with
 * only its id, type and date to the core log; an obligation also sets the family flag.
 */
import { m } from '$lib/paraglide/messages.js';
import type { DocHandle } from '$lib/sync/connect';
import type { DocRole } from '$lib/sync/protocol';
import * as courtDoc from '$lib/sync/court-doc';
import { orderTypes, type CourtOrder } from '$lib/domain/court';
import { courtOrderRefusal } from '$lib/domain/care';
import type { InvalidItem } from '$lib/domain/invalid-item';
import type { CaseFileState } from './case-file.svelte';
import { DocumentState } from '../documents/document-state.svelte';
import {
	validateCourtOrderForm,
	type CourtOrderErrors,
	type CourtOrderFormValues
} from '../forms/court-order-form';
import type { Result } from '$lib/domain/result';

export class CourtOrdersState extends DocumentState<{
	orders: CourtOrder[];
	invalid: InvalidItem[];
}> {
	constructor(handle: DocHandle, role: DocRole) {
		super(handle, role, courtDoc.readOrders);
	}

	/**
	 * [CT2] Records an order from the form and its event in the case log. Refused, with nothing
	 * written, without write access to both documents, on invalid fields or in a closed case.
	 */
	add(
		form: CourtOrderFormValues,
		file: CaseFileState,
		badDates: readonly string[] = []
	): Result<{ id: string }, { errors: CourtOrderErrors; message?: string }> {
		if (!this.canEdit || !file.canEdit)
			return { ok: false, errors: {}, message: m.court_order_no_write() };
		const refusal = courtOrderRefusal(file.current.caseView.state);
		if (refusal) return { ok: false, errors: {}, message: refusal };
		const checked = validateCourtOrderForm(form, badDates);
		if (!checked.ok) return checked;
		const id = this.handle.transact((doc) => courtDoc.addCourtOrder(doc, checked.value));
		file.record({
			type: 'postanowienie_sadu',
			orderId: id,
			orderType: checked.value.type,
			alsoTypes: checked.value.alsoTypes,
			date: checked.value.date
		});
		// The family record's flag follows the log (domain.md §2.3 "updates flags"); [CT7] every
		// obligation of the order counts.
		const types = orderTypes(checked.value);
		if (types.includes('zobowiazanie')) file.setFlag('courtObligation', true);
		if (types.includes('uchylenie_zobowiazania')) file.setFlag('courtObligation', false);
		if (checked.value.kurator && file.current.professionals.kurator.trim() === '')
			file.setProfessional('kurator', checked.value.kurator);
		return { ok: true, id };
	}
}
