/**
 * The court order form (CT1): values as typed, checked against the CourtOrder schema with Polish
 * messages per field. On errors nothing is stored and the form keeps what was typed.
 */
import { m } from '$lib/paraglide/messages.js';
import { CourtOrder, CourtOrderType } from '$lib/domain/court';
import type { NewCourtOrder } from '$lib/sync/court-doc';
import { todayInPoland } from '$lib/domain/dates';
import { checkFormDates, fieldIssueMessage } from './date-bounds';
import { formCheck, issuesByField, withoutId, type FormCheck } from './form-check';

export interface CourtOrderFormValues {
	court: string;
	division: string;
	caseRef: string;
	date: string;
	type: string;
	/** [CT7] Further obligations of the same order. */
	alsoTypes: string[];
	persons: string[];
	kurator: string;
	validFrom: string;
	validUntil: string;
}
export type CourtOrderField = keyof CourtOrderFormValues;
export type CourtOrderErrors = Partial<Record<CourtOrderField, string>>;

export function emptyCourtOrderForm(): CourtOrderFormValues {
	return {
		court: '',
		division: '',
		caseRef: '',
		date: '',
		type: '',
		alsoTypes: [],
		persons: [],
		kurator: '',
		validFrom: '',
		validUntil: ''
	};
}

/** The form's own message for a field the schema refused (court and division share one). */
const message = (field: CourtOrderField): string => m.court_order_err_label({ field });

/** [CT1] Validates the form; `badDates` names date inputs the browser could not read. */
export function validateCourtOrderForm(
	v: CourtOrderFormValues,
	badDates: readonly string[] = [],
	today = todayInPoland()
): FormCheck<NewCourtOrder, CourtOrderErrors> {
	const errors: CourtOrderErrors = {};
	for (const f of badDates) if (f in v) errors[f as CourtOrderField] = m.court_order_err_date();
	if (v.date.trim() === '') errors.date ??= m.court_order_err_date();
	if (!CourtOrderType.safeParse(v.type).success) errors.type = m.court_order_err_type();
	const also = [...new Set(v.alsoTypes ?? [])].filter((t) => t !== v.type);
	const parsed = CourtOrder.safeParse({
		id: 'nowe',
		court: v.court.trim(),
		division: v.division.trim(),
		caseRef: v.caseRef.trim(),
		date: v.date.trim(),
		type: v.type,
		// [CT7] stored only when the order has further obligations (old records have none)
		...(also.length > 0 ? { alsoTypes: also } : {}),
		persons: [...new Set(v.persons)],
		kurator: v.kurator.trim(),
		validFrom: v.validFrom.trim(),
		validUntil: v.validUntil.trim()
	});
	if (!parsed.success)
		issuesByField(parsed.error.issues, v, errors, (issue, f) =>
			fieldIssueMessage(issue, v[f], () => message(f))
		);
	// [DB1] An order is never dated in the future; its obligations run within a childhood.
	checkFormDates(
		v,
		{ date: 'courtOrderDate', validFrom: 'courtOrderValidity', validUntil: 'courtOrderValidity' },
		errors,
		today
	);
	return formCheck(errors, parsed, withoutId);
}
