import { z } from 'zod';
import { IsoDate } from './work-plan.js';
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
	'wspolpraca_instytucje'
]);
export type LifeArea = z.infer<typeof LifeArea>;
export const Recommendation = z.enum([
	'kontynuacja',
	'zmiana_planu',
	'zakonczenie',
	'informacja_sad',
	'skierowanie_zi'
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
		recipients: z.array(z.string().max(200)).max(20)
	})
	.refine((a) => a.periodFrom <= a.periodTo, {
		message: m.domain_assessment_period_order(),
		path: ['periodTo']
	});
export type Assessment = z.infer<typeof Assessment>;

/** Narrative fragments of an assessment: one per life area, plus the summary. */
export const assessmentNarratives = [...LifeArea.options, 'summary'] as const;
