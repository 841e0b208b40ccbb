import { z } from 'zod';
import { IsoDate, OptionalIsoDate } from './iso-date.js';
import { m } from '../paraglide/messages.js';
import { DutyArea } from './duties.js';

/**
 * A visit record (karta wizyty) in the visit diary (dziennik wizyt), domain.md §3.4. Narrative
 * fields are collaborative rich text; this schema covers the structured ones.
 */
export const VisitType = z.enum([
	'wizyta_domowa',
	'wyjscie_z_rodzina',
	'wyjscie_do_urzedu',
	'telefon',
	'spotkanie_zespolu',
	'interwencja',
	/** [DU2] Individual parenting consultation (art. 15 ust. 1 pkt 13). */
	'konsultacja_wychowawcza'
]);
export type VisitType = z.infer<typeof VisitType>;

/** `HH:MM`, 24-hour, or '' when not recorded. */
export const ClockTime = z.union([
	z.literal(''),
	z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, m.domain_visit_time_format())
]);

export const Visit = z
	.object({
		id: z.string().min(1).max(64),
		date: IsoDate,
		start: ClockTime,
		end: ClockTime,
		place: z.string().max(300),
		type: VisitType,
		present: z.string().max(1000),
		/** A child-safety concern was observed (offers a safety record, alerts the head on sync). */
		safetyConcern: z.boolean(),
		nextDate: OptionalIsoDate,
		/** Recorded without network; kept for the audit and the monthly report. */
		offline: z.boolean(),
		/** [DU1] The art. 15 ust. 1 duties this visit served; old visits have none. */
		duties: z.array(DutyArea).max(12).optional()
	})
	.refine((v) => v.start === '' || v.end === '' || v.start <= v.end, {
		message: m.domain_visit_end_before_start(),
		path: ['end']
	});
export type Visit = z.infer<typeof Visit>;

/** Narrative fields of a visit, each one collaborative rich text. */
export const VisitNarrative = z.enum([
	'topics',
	'progress',
	'tasksFamily',
	'tasksAssistant',
	'observations'
]);
export type VisitNarrative = z.infer<typeof VisitNarrative>;

/** [VI1] The latest visit date, for the visit cadence (DL4). */
export function lastVisitDate(visits: readonly Visit[]): string | null {
	let last: string | null = null;
	for (const v of visits) if (last === null || v.date > last) last = v.date;
	return last;
}
