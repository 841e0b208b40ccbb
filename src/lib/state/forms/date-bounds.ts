/**
 * [DB1] The forms' side of the date bounds (`domain/date-bounds.ts` declares them): a Polish
 * message naming the window when a date falls outside, and, for a plan deadline, a warning (not
 * a refusal) when the date has already passed.
 * Pure; the forms keep what was typed whatever this says.
 */
import { m } from '$lib/paraglide/messages.js';
import { formatDatePl } from '$lib/domain/dates';
import { dateBounds, type DateField } from '$lib/domain/date-bounds';

export { dateBounds, type DateField };

export interface DateCheck {
	/** Polish refusal, or null when the date fits. */
	error: string | null;
	/** Polish warning that does not stop the date from being kept, or null. */
	warning: string | null;
}

/** Checks an ISO date (already well-formed) against its field's bounds. */
export function checkDate(field: DateField, iso: string, today: string): DateCheck {
	if (iso === '') return { error: null, warning: null };
	const { min, max } = dateBounds(field, today);
	if (iso < min || iso > max) {
		const range = { min: formatDatePl(min), max: formatDatePl(max) };
		return {
			error:
				min === max
					? m.caseload_date_only({ date: range.min })
					: m.caseload_date_out_of_range(range),
			warning: null
		};
	}
	if (field === 'planDeadline' && iso < today)
		return { error: null, warning: m.caseload_deadline_past({ date: formatDatePl(iso) }) };
	return { error: null, warning: null };
}

/**
 * [DB1] Puts each well-formed date of a form against its field's bounds: a date outside them
 * gets the Polish refusal in `errors` (a date already refused for its shape keeps that message).
 */
export function checkFormDates<F extends string>(
	values: Partial<Record<F, unknown>>,
	fields: Partial<Record<F, DateField>>,
	errors: Partial<Record<F, string>>,
	today: string
): void {
	for (const [f, kind] of Object.entries(fields) as [F, DateField][]) {
		const v = values[f];
		if (errors[f] || typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v.trim())) continue;
		const fit = checkDate(kind, v.trim(), today);
		if (fit.error) errors[f] = fit.error;
	}
}

/**
 * [DB2] The message for a zod issue of a text field: too long names the limit and the length
 * typed (nothing is cut); anything else gets the form's own message.
 */
export function fieldIssueMessage(
	issue: { code: string; maximum?: unknown; origin?: unknown },
	typed: unknown,
	fallback: () => string
): string {
	if (issue.code === 'too_big' && typeof issue.maximum === 'number' && typeof typed === 'string')
		return m.caseload_too_long({ max: issue.maximum, typed: typed.length });
	return fallback();
}
