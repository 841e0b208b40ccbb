/** Agreed plan versions as the case log holds them (CE4), shaped for display. Pure. */
import { z } from 'zod';
import type { CaseEvent } from '$lib/domain/case-events';
import { Action, Goal } from '$lib/domain/work-plan';

const Snapshot = z.object({
	goals: z.array(Goal),
	actions: z.array(Action),
	notes: z.string().default('')
});
export type PlanSnapshot = z.infer<typeof Snapshot>;

/** One agreement (or recorded refusal) of a plan version, with its consultations. */
export interface PlanVersion {
	eventId: string;
	version: number;
	at: string;
	agreedBy: string[];
	method: 'ekran' | 'skan' | 'odmowa';
	refusalReason: string;
	planHash: string;
	/** The plan as agreed, or null when the stored copy does not parse (shown as invalid). */
	plan: PlanSnapshot | null;
	raw: string;
	consultations: { at: string; remarks: string; by: string }[];
}

/** Versions in log order, each with the social worker's consultations of that version. */
export function planVersions(events: readonly CaseEvent[]): PlanVersion[] {
	const out: PlanVersion[] = [];
	for (const e of events) {
		if (e.type !== 'plan_uzgodniony') continue;
		const parsed = Snapshot.safeParse(e.plan);
		out.push({
			eventId: e.id,
			version: e.version,
			at: e.at,
			agreedBy: e.agreedBy,
			method: e.method,
			refusalReason: e.refusalReason,
			planHash: e.planHash,
			plan: parsed.success ? parsed.data : null,
			raw: parsed.success ? '' : JSON.stringify(e.plan ?? null).slice(0, 2000),
			consultations: []
		});
	}
	for (const e of events) {
		if (e.type !== 'konsultacja_ps') continue;
		for (const v of out)
			// [G4] A refusal with its reason is an agreed version too: the social worker consults it.
			if (v.version === e.version)
				v.consultations.push({ at: e.at, remarks: e.remarks, by: e.actorName ?? '' });
	}
	return out;
}

/** The number the draft gets when it is agreed: one past every version recorded so far. */
export function nextVersion(events: readonly CaseEvent[]): number {
	let max = 0;
	for (const e of events) if (e.type === 'plan_uzgodniony') max = Math.max(max, e.version);
	return max + 1;
}

/** The short form of a plan hash shown beside the version ("skrót"). */
export function shortHash(hash: string): string {
	return hash.slice(0, 12);
}
