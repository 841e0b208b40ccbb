/**
 * Dates relative to today in Poland, so walks that type dates pass in any year: every date field
 * has bounds around today (DB1), and a date typed as a constant falls out of them as time passes.
 */

/** Today in Warsaw, as the app's forms and the server count it (ISO). */
export const todayPl = (): string =>
	new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date());

/** The ISO date `days` after `from` (ISO; negative: before). */
export function plusDays(from: string, days: number): string {
	const t = new Date(`${from}T12:00:00Z`);
	t.setUTCDate(t.getUTCDate() + days);
	return t.toISOString().slice(0, 10);
}

/** The ISO date `days` from today (negative: in the past). */
export const fromToday = (days: number): string => plusDays(todayPl(), days);

/** An ISO date as the app prints it (dd.mm.rrrr). */
export const formatPl = (iso: string): string => iso.split('-').reverse().join('.');

/** The year of the latest 22 December not after today: a Christmas inside every date window. */
export function lastChristmasYear(): number {
	const today = todayPl();
	const year = Number(today.slice(0, 4));
	return today >= `${year}-12-22` ? year : year - 1;
}

/** Whether an ISO date falls on a Saturday or a Sunday. */
export const isWeekend = (iso: string): boolean => {
	const d = new Date(`${iso}T12:00:00Z`).getUTCDay();
	return d === 0 || d === 6;
};
