/**
 * Polish public holidays from date-holidays, a maintained calendar (it knows, e.g., that
 * 24 December is a holiday from 2025). Only public (statutory) days count; observances don't.
 * The build keeps only Poland's rules from the library's data (virtual module, see
 * vite.config.ts): all 200 countries would add 1.4 MB to what every device downloads.
 */
import HolidaysParser from 'date-holidays-parser';
import polishData from 'virtual:polish-holidays-data';

const calendar = new HolidaysParser(polishData, 'PL');
const cache = new Map<number, Set<string>>();

function holidaysOf(year: number): Set<string> {
	let set = cache.get(year);
	if (!set) {
		set = new Set(
			calendar
				.getHolidays(year)
				.filter((h) => h.type === 'public')
				.map((h) => h.date.slice(0, 10))
		);
		cache.set(year, set);
	}
	return set;
}

/** Whether an ISO date is a Polish public holiday. */
export function isPolishHoliday(isoDate: string): boolean {
	return holidaysOf(Number(isoDate.slice(0, 4))).has(isoDate);
}
