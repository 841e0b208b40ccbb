/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`), in UTC so the day never shifts with the
 * device's time zone. Working days skip weekends and the public holidays a calendar reports
 * (kept as data by a maintained library, injected here so the domain stays pure).
 */

/** Says whether an ISO date is a public holiday. */
export type HolidayCalendar = (isoDate: string) => boolean;

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10);

/** `iso` plus `days` calendar days. */
export function addDays(iso: string, days: number): string {
	const d = toDate(iso);
	d.setUTCDate(d.getUTCDate() + days);
	return toIso(d);
}

/** `iso` plus `months`, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
	const d = toDate(iso);
	const day = d.getUTCDate();
	d.setUTCDate(1);
	d.setUTCMonth(d.getUTCMonth() + months);
	const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
	d.setUTCDate(Math.min(day, last));
	return toIso(d);
}

/** Days from `a` to `b` (negative when `b` is earlier). */
export function daysBetween(a: string, b: string): number {
	return Math.round((toDate(b).getTime() - toDate(a).getTime()) / 86_400_000);
}

/** Whether the date is a working day: not Saturday, Sunday or a public holiday. */
export function isWorkingDay(iso: string, isHoliday: HolidayCalendar): boolean {
	const dow = toDate(iso).getUTCDay();
	return dow !== 0 && dow !== 6 && !isHoliday(iso);
}

/** [DL1] The date `n` working days after `iso` (n ≥ 0; n = 0 gives the next working day from iso on). */
export function addWorkingDays(iso: string, n: number, isHoliday: HolidayCalendar): string {
	let d = iso;
	let left = n;
	while (left > 0) {
		d = addDays(d, 1);
		if (isWorkingDay(d, isHoliday)) left--;
	}
	while (!isWorkingDay(d, isHoliday)) d = addDays(d, 1);
	return d;
}

/** Today's date on this device, in Poland's calendar. */
export function todayInPoland(now = new Date()): string {
	return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw' }).format(now);
}

/** `dd.mm.rrrr`, the Polish display form. */
export function formatDatePl(iso: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
	return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}
