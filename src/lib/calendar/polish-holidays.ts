/**
 * Polish public holidays, taken from date-holidays (a maintained calendar that knows, e.g., that
 * 24 December is a holiday from 2025). Only public (statutory) days count; observances don't.
 * The dates are computed at build time for 2000–2100 (vite.config.ts): the library with its
 * time-zone data would add 1 MB to what every device downloads.
 */
import calendar from 'virtual:polish-holidays-data';

const holidays = new Set(calendar.dates);

/** Whether an ISO date is a Polish public holiday; throws outside the years the build covers. */
export function isPolishHoliday(isoDate: string): boolean {
	const year = Number(isoDate.slice(0, 4));
	if (!(year >= calendar.fromYear && year <= calendar.toYear)) {
		throw new RangeError(`Kalendarz świąt obejmuje lata ${calendar.fromYear}–${calendar.toYear}.`);
	}
	return holidays.has(isoDate);
}
