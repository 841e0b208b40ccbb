/** The kierownik's view from `GET /api/kierownik` (HV1), parsed with zod; online only. */
import { m } from '$lib/paraglide/messages.js';
import { z } from 'zod';
import { Eligibility } from '$lib/domain/eligibility';
import { sendJson } from './send-json';

const Line = z.object({
	id: z.string(),
	name: z.string(),
	assistant: z.string().nullable(),
	state: z.string()
});

export const HeadViewData = z.object({
	caseload: z.array(
		z.object({ assistantId: z.string(), name: z.string(), count: z.number(), limit: z.number() })
	),
	waiting: z.array(z.object({ id: z.string(), name: z.string(), state: z.string() })),
	overdueAssessments: z.array(Line.extend({ due: z.string() })),
	plansAwaitingConsultation: z.array(Line.extend({ version: z.number() })),
	conflicts: z.array(Line),
	/** [CF8] Families with open conflicts of changes (counts only). */
	changeConflicts: z.array(Line.extend({ fields: z.number(), narratives: z.number() })).default([]),
	caseLogBreaks: z
		.array(
			z.object({
				id: z.string(),
				name: z.string(),
				breaks: z.array(
					z.object({
						position: z.number(),
						code: z.string(),
						type: z.string().nullable(),
						at: z.string().nullable(),
						writerName: z.string().nullable(),
						claimedActorName: z.string().nullable()
					})
				)
			})
		)
		// An older server answers without the review: nothing to show rather than an error.
		.default([]),
	/** [NK3] Families' Niebieska Karta procedures, dates only. */
	niebieskaKarta: z
		.array(
			Line.extend({
				procedures: z.array(
					z.object({
						startedOn: z.string(),
						suspectAbsent: z.boolean(),
						toChairOn: z.string(),
						toGroupOn: z.string(),
						firstMeetingOn: z.string(),
						suspectNotifiedOn: z.string()
					})
				)
			})
		)
		.default([]),
	/** [ST1] Assistants' art. 12 eligibility and what each lacks. */
	eligibility: z
		.array(
			z.object({
				id: z.string(),
				name: z.string(),
				eligibility: Eligibility.nullable(),
				gaps: z.array(z.string())
			})
		)
		.default([])
});
export type HeadViewData = z.infer<typeof HeadViewData>;

/** [ST1] Stores an assistant's art. 12 eligibility; null when stored, else a Polish message. */
export async function saveEligibility(userId: string, value: Eligibility): Promise<string | null> {
	const url = `/api/organisation/staff/${encodeURIComponent(userId)}/eligibility`;
	const res = await sendJson(url, 'PUT', value);
	if (!res) return m.head_offline();
	if (res.ok) return null;
	const body = z.object({ error: z.string() }).safeParse(await res.json().catch(() => null));
	return body.data?.error ?? m.head_load_failed({ status: res.status });
}

export class HeadViewState {
	data = $state.raw<HeadViewData | null>(null);
	error = $state<string | null>(null);

	async load(): Promise<void> {
		try {
			const res = await fetch('/api/kierownik', { headers: { accept: 'application/json' } });
			if (res.status === 403) {
				this.error = m.head_only_head();
				return;
			}
			if (!res.ok) {
				this.error = m.head_load_failed({ status: res.status });
				return;
			}
			const parsed = HeadViewData.safeParse(await res.json().catch(() => null));
			this.data = parsed.success ? parsed.data : null;
			this.error = parsed.success ? null : m.families_bad_answer();
		} catch {
			this.error = m.head_offline();
		}
	}
}
