/**
 * Polish labels of the periodic assessment's codes: one catalogue message per code list, selecting
 * on the code; the domain keeps the codes.
 */
import { m } from '$lib/paraglide/messages.js';
import { LifeArea, type GoalProgress, type Recommendation } from '$lib/domain/assessment';
import type { z } from 'zod';

type Progress = z.infer<typeof GoalProgress>;
type Advice = z.infer<typeof Recommendation>;
/** How the family cooperated (the assessment's `cooperation` field). */
export type Cooperation = (typeof cooperationCodes)[number];

export const goalProgressText = (progress: Progress): string =>
	m.records_goal_progress_label({ progress });
export const lifeAreaText = (area: LifeArea): string => m.records_life_area_label({ area });
export const recommendationText = (advice: Advice): string =>
	m.records_recommendation_label({ advice });
export const cooperationText = (cooperation: Cooperation): string =>
	m.print_cooperation_label({ cooperation });
/** The answers in the order the form offers them. */
export const cooperationCodes = ['dobra', 'czesciowa', 'brak'] as const;

/** The heading of an assessment narrative: a life area, or the summary. */
export const narrativeText = (field: string): string =>
	field === 'summary'
		? m.records_life_area_summary()
		: (LifeArea.options as readonly string[]).includes(field)
			? lifeAreaText(field as LifeArea)
			: field;
