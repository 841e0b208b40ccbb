import { z } from 'zod';
import { GoalProgress, LIFE_AREAS_ADDED, LifeArea } from './assessment.js';
import { IsoDate, OptionalIsoDate } from './iso-date.js';
import { m } from '../paraglide/messages.js';

/**
 * Ocena końcowa (domain.md §3.5): the final assessment made when work with the family ends. It is
 * a document of the assessments compartment, like the periodic assessments: a summary per goal,
 * one collaborative rich-text narrative per life area, the recommendation, the monitoring plan
 * and its recipients. The closure event refers to it by id and SHA-256 (ZK2).
 */
export const MonitoringFrequency = z.enum(['brak', 'miesiecznie', 'co_kwartal', 'co_pol_roku']);
export type MonitoringFrequency = z.infer<typeof MonitoringFrequency>;

export const FinalAssessment = z
	.object({
		id: z.string().min(1).max(64),
		kind: z.literal('final'),
		date: IsoDate,
		/** Per goal id of the plan in force: achieved, partly, not at all. */
		goals: z.record(z.string().max(64), GoalProgress),
		monitoringUntil: OptionalIsoDate,
		monitoringFrequency: MonitoringFrequency,
		recipients: z.array(z.string().max(200)).max(20)
	})
	.refine((a) => a.monitoringFrequency === 'brak' || a.monitoringUntil !== '', {
		message: m.domain_final_monitoring_until_required(),
		path: ['monitoringUntil']
	});
export type FinalAssessment = z.infer<typeof FinalAssessment>;

/** Rich-text narratives of a final assessment: one per life area and the recommendation. */
export const finalAssessmentNarratives = [...LifeArea.options, 'recommendation'] as const;
export type FinalAssessmentNarrative = (typeof finalAssessmentNarratives)[number];

/**
 * [ZK2] The canonical text of a final assessment as it stands: its fields in a fixed order and
 * each narrative's serialised content, so the same content hashes the same on every device.
 */
export function canonicalFinalAssessmentText(
	a: FinalAssessment,
	narratives: Readonly<Record<string, string>>
): string {
	const goals = Object.keys(a.goals)
		.sort()
		.map((g) => [g, a.goals[g]]);
	return JSON.stringify({
		id: a.id,
		date: a.date,
		goals,
		monitoringUntil: a.monitoringUntil,
		monitoringFrequency: a.monitoringFrequency,
		recipients: a.recipients,
		narratives: finalAssessmentNarratives
			.filter((n) => !(LIFE_AREAS_ADDED as readonly string[]).includes(n) || narratives[n])
			.map((n) => [n, narratives[n] ?? ''])
	});
}

/** Hex SHA-256 of the canonical text, with WebCrypto (browser and Node alike). */
export async function hashFinalAssessment(
	a: FinalAssessment,
	narratives: Readonly<Record<string, string>>
): Promise<string> {
	const bytes = new TextEncoder().encode(canonicalFinalAssessmentText(a, narratives));
	const digest = await crypto.subtle.digest('SHA-256', bytes);
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
