import { z } from 'zod';
import { IsoDate, OptionalIsoDate } from './iso-date.js';
import { m } from '../paraglide/messages.js';

/**
 * Okresowa ocena sytuacji rodziny (domain.md §3.4): at least every 6 months (DL2), per goal and
 * per life area, with a recommendation. Narrative per area lives in rich-text fragments.
 */
export const GoalProgress = z.enum(['brak', 'czesciowo', 'osiagniety']);
/** Life areas assessed; health goes to the health compartment, not here. */
export const LifeArea = z.enum([
	'wychowanie',
	'gospodarstwo',
	'finanse',
	'mieszkanie',
	'praca',
	'relacje',
	'bezpieczenstwo',
	'wspolpraca_instytucje',
	// [LS1] issue 13: areas practitioners look for (education and school; addictions).
	'edukacja',
	'uzaleznienia'
]);
export type LifeArea = z.infer<typeof LifeArea>;
/**
 * [LS1] Areas added after final assessments were first hashed (ZK2): an area among these enters
 * the final assessment's hash only when its narrative is not empty, so old hashes stay valid.
 */
export const LIFE_AREAS_ADDED: readonly LifeArea[] = ['edukacja', 'uzaleznienia'];
export const Recommendation = z.enum([
	'kontynuacja',
	'zmiana_planu',
	'zakonczenie',
	'informacja_sad',
	'skierowanie_zi',
	// [LS1] in the words OPS use (issue 13)
	'wszczecie_nk',
	'wniosek_wglad'
]);

export const Assessment = z
	.object({
		id: z.string().min(1).max(64),
		date: IsoDate,
		periodFrom: IsoDate,
		periodTo: IsoDate,
		/** Progress per goal id of the plan in force. */
		goals: z.record(z.string().max(64), GoalProgress),
		/** [RE6] A short comment per goal id; absent in records made before it existed. */
		goalNotes: z.record(z.string().max(64), z.string().max(1000)).optional(),
		cooperation: z.enum(['dobra', 'czesciowa', 'brak']),
		recommendation: Recommendation,
		recipients: z.array(z.string().max(200)).max(20),
		/**
		 * [AS4] Passed to the employer (art. 15 ust. 1 pkt 15 with art. 17 ust. 1 u.w.r.): when it
		 * was sent, and when the employer confirmed receipt. Records made before: none.
		 */
		passedOn: OptionalIsoDate.optional(),
		receivedOn: OptionalIsoDate.optional()
	})
	.refine((a) => a.periodFrom <= a.periodTo, {
		message: m.domain_assessment_period_order(),
		path: ['periodTo']
	})
	.refine((a) => !a.passedOn || a.passedOn >= a.date, {
		message: m.law_as_passed_before_date(),
		path: ['passedOn']
	})
	.refine((a) => !a.receivedOn || (!!a.passedOn && a.receivedOn >= a.passedOn), {
		message: m.law_as_received_before_passed(),
		path: ['receivedOn']
	});
export type Assessment = z.infer<typeof Assessment>;

/** Narrative fragments of an assessment: one per life area, plus the summary. */
export const assessmentNarratives = [...LifeArea.options, 'summary'] as const;

/**
 * [AS4] The latest periodic assessment, when it is not yet passed to the employer (art. 15 ust. 1
 * pkt 15): a deadline of the Terminy tray until its `passedOn` is recorded. Only the latest: the
 * records made before this rule have no hand-over and would otherwise all show as overdue.
 */
export function assessmentsNotPassed(
	assessments: readonly Assessment[]
): { id: string; date: string }[] {
	let latest: Assessment | null = null;
	for (const a of assessments) if (!latest || a.date > latest.date) latest = a;
	return latest && !latest.passedOn ? [{ id: latest.id, date: latest.date }] : [];
}
