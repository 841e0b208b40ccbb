/**
 * [DB1] The bounds of every date field, declared once (issue 12: a plan deadline of 01.01.3000
 * read "za 355408 dni", a kurator's grant ran until 3000, a visit in 1800 was taken). Each field
 * accepts a window of months around today that its meaning allows. The forms refuse a date
 * outside it with a Polish message (`state/date-bounds.ts`); the server refuses a record whose
 * new date falls outside the window widened by SERVER_SLACK_MONTHS, so a device that was offline
 * for weeks still syncs what its form accepted then. Pure.
 */
import { z } from 'zod';
import { addMonths } from './dates.js';

export const DateField = z.enum([
	'planDeadline',
	'visitDate',
	'visitNextDate',
	'grantValidTo',
	'assessmentDate',
	'assessmentPeriod',
	'courtOrderDate',
	'courtOrderValidity',
	'opinionReceived',
	'opinionDue',
	'opinionSentOn',
	'contactDate',
	'signalDate',
	'finalDate',
	'monitoringUntil',
	'nkDate',
	// [DB3] Dates of case-log entries (issue 12: a consent dated 1800 or 3000 was taken).
	'consentDate',
	'placementDate',
	'assistantChangeSince',
	'birthDate',
	'handOverDate',
	// [ST1] The day an assistant's art. 12 documents were checked.
	'eligibilityCheckedOn',
	// [DB4] When a case-log entry was recorded, by the device's clock (`at`).
	'caseEventAt'
]);
export type DateField = z.infer<typeof DateField>;

/** Five years: how far back a family's case file reaches in any one record. */
const CASE_SPAN = 60;

/** Months before and after today that a field accepts. */
export const DATE_WINDOWS: Readonly<Record<DateField, { back: number; ahead: number }>> = {
	// A plan runs for months, reviewed at least twice a year; old deadlines stay (overdue).
	planDeadline: { back: CASE_SPAN, ahead: CASE_SPAN },
	// The diary records visits made: none in the future.
	visitDate: { back: CASE_SPAN, ahead: 0 },
	// The next visit agreed at this one: within a year.
	visitNextDate: { back: 0, ahead: 12 },
	// A grant is for present work: from today, for at most two years.
	grantValidTo: { back: 0, ahead: 24 },
	assessmentDate: { back: CASE_SPAN, ahead: 0 },
	assessmentPeriod: { back: CASE_SPAN, ahead: 0 },
	// An order may predate the family's case by a child's whole childhood, never in the future.
	courtOrderDate: { back: 216, ahead: 0 },
	// An order's obligations may have started long ago and may run until a child is of age.
	courtOrderValidity: { back: 216, ahead: 216 },
	// A court's request arrived already; its answer is due within months.
	opinionReceived: { back: CASE_SPAN, ahead: 0 },
	opinionDue: { back: CASE_SPAN, ahead: 12 },
	opinionSentOn: { back: CASE_SPAN, ahead: 0 },
	// Contacts with institutions, monitoring and safety records note what happened.
	contactDate: { back: CASE_SPAN, ahead: 0 },
	// The signal or referral that opened the case, taken over from intake elsewhere.
	signalDate: { back: CASE_SPAN, ahead: 0 },
	finalDate: { back: CASE_SPAN, ahead: 0 },
	// Monitoring after closure runs from now on, for at most two years.
	monitoringUntil: { back: 0, ahead: 24 },
	// Niebieska Karta procedure steps: taken, or a first meeting set for the coming weeks.
	nkDate: { back: CASE_SPAN, ahead: 3 },
	// [DB3] Consent and its withdrawal are recorded when given: never in the future.
	consentDate: { back: CASE_SPAN, ahead: 0 },
	// A child's placement (or return) may predate the case by a childhood, never in the future.
	placementDate: { back: 216, ahead: 0 },
	// A change of assistant takes effect now or from a day agreed in the coming weeks.
	assistantChangeSince: { back: CASE_SPAN, ahead: 3 },
	// [DB3] A family member's birth: up to 120 years back; ahead only a child expected within
	// months (a „Za życiem” family during pregnancy).
	birthDate: { back: 1440, ahead: 9 },
	// [AS4] Passing an assessment to the employer, and its receipt, happened already.
	handOverDate: { back: CASE_SPAN, ahead: 0 },
	// [ST1] A check of an assistant's documents was made already, within the fifteen years the
	// act's art. 12 has been in force (from 1 January 2012).
	eligibilityCheckedOn: { back: 180, ahead: 0 },
	// [DB4] An entry is recorded now; a device offline within its lease (14 days, DV5) sends it
	// later, so up to a month back, never ahead (the server adds its slack for a wrong clock).
	caseEventAt: { back: 1, ahead: 0 }
};

/**
 * [DB3] The date fields of each case-log entry type (`case-events.ts`) and their bounds: the
 * server refuses an entry whose date falls outside them (RM20), as it does for records.
 */
export const CASE_EVENT_DATES: Readonly<Record<string, Readonly<Record<string, DateField>>>> = {
	zgoda: { date: 'consentDate' },
	wycofanie_zgody: { date: 'consentDate' },
	zagrozenie: { date: 'contactDate' },
	postanowienie_sadu: { date: 'courtOrderDate' },
	wniosek_sadu: { due: 'opinionDue' },
	opinia_wyslana: { sentOn: 'opinionSentOn' },
	dziecko_w_pieczy: { date: 'placementDate' },
	powrot_dziecka: { date: 'placementDate' },
	zmiana_asystenta: { since: 'assistantChangeSince' }
};

/**
 * [DB3] The dated fields of a case-log entry as [bounds, value] (the intake's signal date too).
 * [DB4] The entry's own time (`at`, the device's clock) by its calendar day.
 */
export function caseEventDates(entry: unknown): [DateField, unknown][] {
	if (typeof entry !== 'object' || entry === null) return [];
	const e = entry as Record<string, unknown>;
	const fields = typeof e.type === 'string' ? (CASE_EVENT_DATES[e.type] ?? {}) : {};
	const dated: [DateField, unknown][] = Object.entries(fields).map(([f, kind]) => [kind, e[f]]);
	if (typeof e.at === 'string') dated.push(['caseEventAt', e.at.slice(0, 10)]);
	if (e.type === 'przyjecie' && typeof e.refs === 'object' && e.refs !== null)
		dated.push(['signalDate', (e.refs as Record<string, unknown>).signalDate]);
	return dated;
}

/** The server's extra months on each side of a window (a device offline for a while). */
export const SERVER_SLACK_MONTHS = 3;

/** The first and last date a field accepts, as ISO dates (`slack` months wider on each side). */
export function dateBounds(
	field: DateField,
	today: string,
	slack = 0
): { min: string; max: string } {
	const w = DATE_WINDOWS[field];
	return { min: addMonths(today, -w.back - slack), max: addMonths(today, w.ahead + slack) };
}

/** Whether an ISO date (or '' for an optional date left empty) fits its field's window. */
export function dateFits(field: DateField, iso: unknown, today: string, slack = 0): boolean {
	if (iso === '' || typeof iso !== 'string') return true; // the schema judges the shape
	const { min, max } = dateBounds(field, today, slack);
	return iso >= min && iso <= max;
}
