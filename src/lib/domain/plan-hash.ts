import type { WorkPlan } from './work-plan.js';

/**
 * The canonical text of a plan version, hashed (SHA-256) when it is agreed: the same plan gives
 * the same hash on every device, and the hash goes on the printed plan and in the case log.
 */
export function canonicalPlanText(plan: Pick<WorkPlan, 'goals' | 'actions' | 'notes'>): string {
	const goals = plan.goals.map((g) => ({ id: g.id, kind: g.kind, title: g.title }));
	const actions = plan.actions.map((a) => ({
		id: a.id,
		goalId: a.goalId,
		description: a.description,
		responsible: a.responsible,
		deadline: a.deadline,
		expectedEffect: a.expectedEffect,
		status: a.status,
		doneDate: a.doneDate,
		// [DU1] Only when set, so versions agreed before the duty area keep their hash.
		...(a.area ? { area: a.area } : {})
	}));
	// [PC3] The coordination of pkt 2 is part of what was agreed; absent, old hashes stay the same.
	const coordination = (plan as { coordination?: unknown }).coordination;
	return JSON.stringify(
		coordination === undefined
			? { goals, actions, notes: plan.notes }
			: { goals, actions, notes: plan.notes, coordination }
	);
}

/** Hex SHA-256 of the canonical text, with WebCrypto (browser and Node alike). */
export async function hashPlan(
	plan: Pick<WorkPlan, 'goals' | 'actions' | 'notes'>
): Promise<string> {
	const bytes = new TextEncoder().encode(canonicalPlanText(plan));
	const digest = await crypto.subtle.digest('SHA-256', bytes);
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
