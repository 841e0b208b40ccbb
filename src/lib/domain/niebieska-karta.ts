import { z } from 'zod';
import { addWorkingDays, type HolidayCalendar } from './dates.js';
import { OptionalIsoDate } from './iso-date.js';
import { m } from '../paraglide/messages.js';

/**
 * The „Niebieska Karta” procedure's deadlines (NK in SPEC.md), in Polish working days, per the
 * regulation on the procedure (Dz.U. 2023 poz. 1870) after the 2023 amendment of the
 * domestic-violence act. A record of the violence compartment: only the diagnostic group (and
 * whoever starts the procedure) ever holds it; the core document learns nothing of it.
 */

/** Steps of the procedure that have a statutory deadline. */
export const NkStep = z.enum(['do_przewodniczacego', 'do_grupy', 'posiedzenie', 'zawiadomienie']);
export type NkStep = z.infer<typeof NkStep>;

/** [NK1] Working days of each step, counted from the day the step before it was done. */
export const NK_WORKING_DAYS: Record<NkStep, number> = {
	do_przewodniczacego: 5, // NK-A handed to the chair of the ZI
	do_grupy: 3, // the chair passes it to the grupa diagnostyczno-pomocowa
	posiedzenie: 5, // the group's first meeting
	zawiadomienie: 3 // notice to the suspected person, when started in their absence
};

export const NkRecord = z
	.object({
		id: z.string().min(1).max(64),
		/** The day the NK-A form was filled in (the procedure started). */
		startedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
		/** Started without the suspected person present: a notice is due (step `zawiadomienie`). */
		suspectAbsent: z.boolean().default(false),
		toChairOn: OptionalIsoDate.default(''),
		toGroupOn: OptionalIsoDate.default(''),
		firstMeetingOn: OptionalIsoDate.default(''),
		suspectNotifiedOn: OptionalIsoDate.default('')
	})
	.refine(
		(r) =>
			[r.toChairOn, r.toGroupOn, r.firstMeetingOn, r.suspectNotifiedOn].every(
				(d) => d === '' || d >= r.startedOn
			),
		{ message: m.law_nk_before_start(), path: ['startedOn'] }
	);
export type NkRecord = z.infer<typeof NkRecord>;

export interface NkDeadline {
	recordId: string;
	step: NkStep;
	due: string;
	/** The step was done (its date recorded); shown as done, never as overdue. */
	doneOn: string;
}

/**
 * [NK1] The deadlines of one procedure: each step N working days (weekends and Polish public
 * holidays skipped) after the step it follows; a step whose previous step is not done yet has no
 * deadline yet. The notice to the suspected person is counted from the chair's receipt [verify].
 */
export function nkDeadlines(r: NkRecord, isHoliday: HolidayCalendar): NkDeadline[] {
	const out: NkDeadline[] = [];
	const step = (s: NkStep, from: string, doneOn: string) => {
		if (from === '') return;
		out.push({
			recordId: r.id,
			step: s,
			due: addWorkingDays(from, NK_WORKING_DAYS[s], isHoliday),
			doneOn
		});
	};
	step('do_przewodniczacego', r.startedOn, r.toChairOn);
	step('do_grupy', r.toChairOn, r.toGroupOn);
	step('posiedzenie', r.toGroupOn, r.firstMeetingOn);
	if (r.suspectAbsent) step('zawiadomienie', r.toChairOn, r.suspectNotifiedOn);
	return out;
}
