/**
 * Bounds that fit each date field (issue 12: a plan deadline of 01.01.3000 read "za 355408 dni",
 * a kurator's grant ran until 3000, a visit in 1800 was taken). Each field gets a window around
 * today that its meaning allows, a Polish message naming the window when a date falls outside,
 * and, for a plan deadline, a warning (not a refusal) when the date has already passed.
 * Pure; the forms keep what was typed whatever this says.
 */
import { m } from '$lib/paraglide/messages.js';
import { addMonths, formatDatePl } from '$lib/domain/dates';

export type DateField =
	'planDeadline' | 'visitDate' | 'grantValidTo' | 'assessmentDate' | 'assessmentPeriod';

/** Months before and after today that a field accepts. */
const WINDOW: Record<DateField, { back: number; ahead: number }> = {
	// A plan runs for months, reviewed at least twice a year; old deadlines stay (overdue).
	planDeadline: { back: 60, ahead: 60 },
	// The diary records visits made: none in the future, back as far as a case may go.
	visitDate: { back: 60, ahead: 0 },
	// A grant is for present work: from today, for at most two years.
	grantValidTo: { back: 0, ahead: 24 },
	assessmentDate: { back: 60, ahead: 0 },
	assessmentPeriod: { back: 60, ahead: 0 }
};

/** The first and last date a field accepts, as ISO dates. */
export function dateBounds(field: DateField, today: string): { min: string; max: string } {
	const w = WINDOW[field];
	return { min: addMonths(today, -w.back), max: addMonths(today, w.ahead) };
}

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
