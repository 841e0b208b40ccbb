/**
 * The choices of an assessment's structured fields as [value, Polish label] pairs, shared by the
 * "new assessment" form and the edit frame of a saved one (RE5), so both offer the same list.
 */
import { m } from '$lib/paraglide/messages.js';
import { GoalProgress, Recommendation } from '$lib/domain/assessment';
import {
	cooperationCodes,
	cooperationText,
	goalProgressText,
	recommendationText
} from '$lib/state/labels/assessment-labels';

/** How the family cooperates. */
export const cooperationOptions = cooperationCodes.map((c) => [c, cooperationText(c)] as const);

/** What the assistant recommends. */
export const recommendationOptions = Recommendation.options.map(
	(r) => [r, recommendationText(r)] as const
);

/** A goal's progress, with "not assessed" first. */
export const progressOptions = [
	['', m.records_goal_not_assessed()],
	...GoalProgress.options.map((p) => [p, goalProgressText(p)] as const)
] as const;
