import { z } from 'zod';
import type { CaseView } from './case-events.js';
import type { CaseState } from './case-state.js';
import { m } from '../paraglide/messages.js';

/**
 * Court and foster-care rules that are not events themselves (CT, PC in SPEC.md): when court
 * correspondence may be logged, and the coordinated plan mode of art. 15 ust. 1 pkt 2 u.w.r.
 */

/**
 * [PC3] The plan's coordination with foster care: the reference of the child's *plan pomocy
 * dziecku* and the foster-care coordinator's name. Stored in the plan document.
 */
export const PlanCoordination = z.object({
	childPlanRef: z.string().max(200).default(''),
	coordinator: z.string().max(200).default('')
});
export type PlanCoordination = z.infer<typeof PlanCoordination>;

export const EMPTY_COORDINATION: PlanCoordination = { childPlanRef: '', coordinator: '' };

/** [PC3] While any child is in foster care the plan is in coordinated mode (pkt 2). */
export function isCoordinatedMode(view: Pick<CaseView, 'childrenInCare'>): boolean {
	return view.childrenInCare.length > 0;
}

const sameName = (a: string, b: string) =>
	a.trim().toLocaleLowerCase('pl') === b.trim().toLocaleLowerCase('pl');

/**
 * [PC4] What a plan version lacks for coordinated mode: the *plan pomocy dziecku* reference, the
 * coordinator, and the coordinator among those who agreed it. `agreedBy` null: not agreed yet.
 */
export function coordinationProblems(
	c: PlanCoordination | null,
	agreedBy: readonly string[] | null
): string[] {
	const problems: string[] = [];
	if (!c || c.childPlanRef.trim() === '') problems.push(m.domain_care_no_child_plan_ref());
	if (!c || c.coordinator.trim() === '') problems.push(m.domain_care_no_coordinator());
	else if (agreedBy && !agreedBy.some((n) => sameName(n, c.coordinator)))
		problems.push(m.domain_care_coordinator_not_agreed());
	return problems;
}

/**
 * [PC4] G4's extra check from the case log: in coordinated mode the latest agreed version must
 * carry the coordination (read through zod: it came from a Y.Doc) agreed by the coordinator.
 */
export function agreedCoordinationProblems(view: CaseView): string[] {
	if (!isCoordinatedMode(view)) return [];
	const agreed = view.agreedPlan;
	if (!agreed) return coordinationProblems(null, null);
	const raw =
		agreed.plan && typeof agreed.plan === 'object' && 'coordination' in agreed.plan
			? agreed.plan.coordination
			: null;
	const parsed = PlanCoordination.safeParse(raw);
	return coordinationProblems(parsed.success ? parsed.data : null, agreed.agreedBy);
}

/**
 * [CT4] Court correspondence (WNIOSEK_SADU, OPINIA_WYSLANA) is logged while an assistant works
 * with the family, monitoring included; a closed case takes no new events. Polish message or null.
 */
export function courtCorrespondenceRefusal(state: CaseState): string | null {
	switch (state) {
		case 'ZAMKNIETA':
			return m.domain_care_court_correspondence_closed();
		case 'ZGLOSZENIE':
		case 'WYWIAD':
		case 'WNIOSEK':
		case 'OCZEKUJE':
			return m.domain_care_court_correspondence_no_assistant();
		default:
			return null;
	}
}

/** [CT2] A court order may be recorded unless the case is closed. Polish message or null. */
export function courtOrderRefusal(state: CaseState): string | null {
	return state === 'ZAMKNIETA' ? m.domain_care_court_order_closed() : null;
}

/** [PC1] Placement or return may be recorded unless the case is closed. */
export function placementRefusal(state: CaseState): string | null {
	return state === 'ZAMKNIETA' ? m.domain_care_placement_closed() : null;
}
