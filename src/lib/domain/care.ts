import { z } from 'zod';
import type { CaseView } from './case-view.js';
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

/**
 * [PC4] What blocks a plan version in coordinated mode: the reference of the *plan pomocy dziecku*
 * it is coordinated with (art. 15 ust. 1 pkt 2). The coordinator's signature is not required:
 * pkt 2 asks cooperation with the koordynator rodzinnej pieczy zastępczej, who exists only for
 * family foster care (and not always); a child in a placówka has none.
 */
export function coordinationProblems(c: PlanCoordination | null): string[] {
	return !c || c.childPlanRef.trim() === '' ? [m.law_no_child_plan_ref()] : [];
}

/** [PC4] A child in family foster care and no cooperation with a coordinator recorded: a warning. */
export function coordinationWarnings(
	c: PlanCoordination | null,
	children: Pick<CaseView, 'childrenInCare'>['childrenInCare']
): string[] {
	const family = children.some((x) => x.where === 'rodzina_zastepcza');
	return family && (!c || c.coordinator.trim() === '') ? [m.law_warn_no_coordinator()] : [];
}

/** The coordination an agreed version carries (read through zod: it came from a Y.Doc). */
function agreedCoordination(view: CaseView): PlanCoordination | null {
	const plan = view.agreedPlan?.plan;
	const raw = plan && typeof plan === 'object' && 'coordination' in plan ? plan.coordination : null;
	const parsed = PlanCoordination.safeParse(raw);
	return parsed.success ? parsed.data : null;
}

/** [PC4] G4's extra check from the case log, in coordinated mode. */
export function agreedCoordinationProblems(view: CaseView): string[] {
	if (!isCoordinatedMode(view)) return [];
	return coordinationProblems(view.agreedPlan ? agreedCoordination(view) : null);
}

/** [PC4] The warnings of the agreed version in coordinated mode (never blocking). */
export function agreedCoordinationWarnings(view: CaseView): string[] {
	if (!isCoordinatedMode(view) || !view.agreedPlan) return [];
	return coordinationWarnings(agreedCoordination(view), view.childrenInCare);
}

/**
 * [CT4] Court correspondence (WNIOSEK_SADU, OPINIA_WYSLANA) is logged once an assistant has been
 * assigned, closed cases included: courts ask about former clients and art. 15 ust. 1 pkt 17 sets
 * no time limit. Polish message or null.
 */
export function courtCorrespondenceRefusal(state: CaseState): string | null {
	switch (state) {
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
