import { z } from 'zod';

/**
 * Per-organisation settings. Values domain.md marks [verify] or [practice] live here with their
 * documented default, never as constants in rules.
 */
export const STATUTORY_CASELOAD_CEILING = 15; // art. 15 ust. 4 u.w.r.: 15 families at a time
/** [OS6] art. 15 ust. 1 pkt 15 u.w.r.: the periodic assessment at least every six months. */
export const STATUTORY_ASSESSMENT_MONTHS = 6;

const OrgSettingsFields = z.object({
	/** Local caseload limit (≤ the statutory 15); the head may exceed it, with a justification. */
	caseloadLimit: z.number().int().min(1).max(STATUTORY_CASELOAD_CEILING).default(15),
	/** Does a family under monitoring count toward the caseload? [verify], default no. */
	monitoringCountsTowardCaseload: z.boolean().default(false),
	/** Days before an action's deadline that it shows as upcoming. [design] */
	actionReminderDays: z.number().int().min(0).max(60).default(7),
	/**
	 * [OS6] Periodic assessment every N months (≤ 6, art. 15 ust. 1 pkt 15), reminder at M months.
	 * A row stored before the rule (up to 12) reads as 6, never as an error that would drop the
	 * organisation's other settings.
	 */
	assessmentEveryMonths: z
		.number()
		.int()
		.min(1)
		.max(12)
		.default(STATUTORY_ASSESSMENT_MONTHS)
		.transform((v) => Math.min(v, STATUTORY_ASSESSMENT_MONTHS)),
	assessmentReminderMonths: z.number().int().min(0).max(12).default(5),
	/** What starts the 6-month clock: consent or first contact. [verify] */
	assessmentAnchor: z.enum(['consent', 'firstContact']).default('consent'),
	/**
	 * [OS7] Days after a periodic assessment within which it is passed to the employer (art. 15
	 * ust. 1 pkt 15 sets no term: [practice]); overdue after, never a block.
	 */
	assessmentHandOverDays: z.number().int().min(1).max(30).default(14),
	/** Visit cadence in days: weekly at first, fortnightly later. [practice] */
	visitCadenceDays: z.number().int().min(1).max(90).default(7),
	/** Court opinion reminders, days before the due date. [design] */
	courtOpinionReminderDays: z.array(z.number().int().min(0).max(60)).default([7, 2]),
	/** Post-closure monitoring length in months. [verify] */
	monitoringMonths: z.number().int().min(0).max(60).default(12),
	/** Head approves court opinions before they are sent. [verify] */
	headApprovesCourtOpinions: z.boolean().default(true),
	/** [AU5] A session unused this long ends (hours). Case files of children: short. [design] */
	sessionIdleHours: z.number().int().min(1).max(72).default(12),
	/** [AU5] A session ends this long after sign-in, however much it is used (days). [design] */
	sessionMaxDays: z.number().int().min(1).max(90).default(14),
	/** [DV5] The device locks itself after this many minutes without use. [design] */
	deviceAutoLockMinutes: z.number().int().min(1).max(240).default(15),
	/** [DV5] Offline unlock refuses when the device has not reached the server for this long. */
	deviceLeaseDays: z.number().int().min(1).max(90).default(14),
	/** [DV5] Wrong offline passwords in a row after which the device erases its wrapped keys. */
	deviceWipeAfterFailures: z.number().int().min(3).max(20).default(5)
});
type Fields = z.output<typeof OrgSettingsFields>;

/** [OS6] Reads stored settings: a reminder after the (capped) due month moves to one month before. */
function capReminder(s: Fields): Fields {
	return s.assessmentReminderMonths > s.assessmentEveryMonths
		? { ...s, assessmentReminderMonths: Math.max(0, s.assessmentEveryMonths - 1) }
		: s;
}

export const OrgSettings = OrgSettingsFields.transform(capReminder);
export type OrgSettings = z.output<typeof OrgSettings>;

/** The defaults of domain.md. */
export const DEFAULT_SETTINGS: OrgSettings = OrgSettings.parse({});
