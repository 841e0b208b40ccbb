import { exitOf, type Actor, type CaseState } from './case-state.js';
import type { CaseView } from './case-view.js';
import { STATUTORY_CASELOAD_CEILING, type OrgSettings } from './settings.js';
import { z } from 'zod';
import { Action, Goal, missingStatutoryFields, type WorkPlan } from './work-plan.js';
import { agreedCoordinationProblems, agreedCoordinationWarnings } from './care.js';
import { m } from '../paraglide/messages.js';
import type { Result } from './result.js';

/**
 * Guards G1–G5 of domain.md §2.4 as pure checks. Expected refusals are values with a Polish
 * message; the UI shows the message and keeps everything the user typed.
 */
export type GuardFailure =
	| { code: 'not-an-exit' }
	| { code: 'not-your-transition' }
	| { code: 'G1-ceiling'; count: number }
	| { code: 'G1-local-limit'; count: number; limit: number }
	| { code: 'G2-social-worker' }
	| { code: 'G3-no-consent' }
	| { code: 'G4-plan'; problems: string[] }
	| { code: 'G5-closure'; problems: string[] };

export type GuardResult = Result<{ overLocalLimit: boolean }, { failure: GuardFailure }>;

export interface GuardContext {
	settings: OrgSettings;
	actor: Actor;
	/** G1: cases already counted for the assistant to be assigned, this one excluded. */
	assistantCaseload?: number;
	/** G1: the head's written justification for going over the local limit. */
	overrideJustification?: string;
	/** G2: the assistant to be assigned and the family's social worker. */
	assistantId?: string | null;
	socialWorkerId?: string | null;
	/** G4: the plan version to be put into effect and its consultation. */
	plan?: WorkPlan;
	planAgreed?: boolean;
	socialWorkerConsulted?: boolean;
	/** G5: the head has accepted the closure. */
	headAcceptedClosure?: boolean;
	/**
	 * [ZK3] G5: the SHA-256 of the final assessment the closure refers to, as this device holds it
	 * now; null or absent when the device does not hold it (or cannot open the compartment).
	 */
	finalAssessmentHash?: string | null;
}

/** Polish message for a refusal, from the catalogue (area `domain`). */
export function guardMessage(f: GuardFailure): string {
	switch (f.code) {
		case 'not-an-exit':
			return m.domain_guard_not_an_exit();
		case 'not-your-transition':
			return m.domain_guard_not_your_transition();
		case 'G1-ceiling':
			return m.domain_guard_g1_ceiling({ count: f.count, ceiling: STATUTORY_CASELOAD_CEILING });
		case 'G1-local-limit':
			return m.domain_guard_g1_local_limit({ count: f.count, limit: f.limit });
		case 'G2-social-worker':
			return m.domain_guard_g2_social_worker();
		case 'G3-no-consent':
			return m.law_g3_no_consent();
		case 'G4-plan':
			return m.domain_guard_g4_plan({ problems: f.problems.join('; ') });
		case 'G5-closure':
			return m.domain_guard_g5_closure({ problems: f.problems.join('; ') });
	}
}

const fail = (failure: GuardFailure): GuardResult => ({ ok: false, failure });

/**
 * [G4] What blocks: ≥ 1 action with its scope, deadline and expected effect (art. 15 ust. 3), no
 * invalid values, the version agreed (signatures or a refusal with its reason) and consulted with
 * the social worker (pkt 1). Goals and the responsible person are [practice]: `planWarnings`.
 */
export function planProblems(plan: WorkPlan, agreed: boolean, consulted: boolean): string[] {
	const problems: string[] = [];
	if (plan.actions.length === 0) problems.push(m.domain_guard_plan_no_actions());
	const incomplete = plan.actions.filter((a) => missingStatutoryFields(a).length > 0).length;
	if (incomplete > 0) problems.push(m.law_g4_incomplete_actions({ count: incomplete }));
	if (plan.invalid.length > 0) problems.push(m.domain_guard_plan_invalid_values());
	if (!agreed) problems.push(m.domain_guard_plan_not_agreed());
	if (!consulted) problems.push(m.domain_guard_plan_not_consulted());
	return problems;
}

/** [WP1][G4] Practice, not statute: shown beside the plan and the transition, never blocking. */
export function planWarnings(plan: Pick<WorkPlan, 'goals' | 'actions'>): string[] {
	const warnings: string[] = [];
	if (plan.goals.length === 0) warnings.push(m.law_warn_no_goal());
	const noOwner = plan.actions.filter((a) => a.responsible.trim() === '').length;
	if (noOwner > 0) warnings.push(m.law_warn_no_owner({ count: noOwner }));
	return warnings;
}

/** [G4][PC4] The warnings of the version G4 reads from the log (agreed plan, coordination). */
export function agreedPlanWarnings(view: CaseView): string[] {
	const { plan } = planGuardInputs(view);
	return [...(plan ? planWarnings(plan) : []), ...agreedCoordinationWarnings(view)];
}

/** [CS3] Whether `ctx.actor` may move the case from its state to `to` now. */
export function checkTransition(view: CaseView, to: CaseState, ctx: GuardContext): GuardResult {
	const exit = exitOf(view.state, to);
	if (!exit) return fail({ code: 'not-an-exit' });
	if (!exit.by.includes(ctx.actor)) return fail({ code: 'not-your-transition' });
	let overLocalLimit = false;
	for (const g of exit.guards) {
		switch (g) {
			case 'G1': {
				const count = ctx.assistantCaseload ?? 0;
				if (count + 1 > STATUTORY_CASELOAD_CEILING) return fail({ code: 'G1-ceiling', count });
				if (count + 1 > ctx.settings.caseloadLimit) {
					const justified =
						ctx.actor === 'kierownik' && (ctx.overrideJustification ?? '').trim().length > 0;
					if (!justified)
						return fail({ code: 'G1-local-limit', count, limit: ctx.settings.caseloadLimit });
					overLocalLimit = true;
				}
				break;
			}
			case 'G2':
				if (ctx.assistantId && ctx.assistantId === ctx.socialWorkerId)
					return fail({ code: 'G2-social-worker' });
				break;
			case 'G3':
				if (!view.consent) return fail({ code: 'G3-no-consent' });
				break;
			case 'G4': {
				const problems = ctx.plan
					? planProblems(ctx.plan, ctx.planAgreed ?? false, ctx.socialWorkerConsulted ?? false)
					: [m.domain_guard_no_plan()];
				// [PC4] A child in foster care: coordinated mode (art. 15 ust. 1 pkt 2).
				problems.push(...agreedCoordinationProblems(view));
				if (problems.length > 0) return fail({ code: 'G4-plan', problems });
				break;
			}
			case 'G5': {
				const problems: string[] = [];
				if (!view.closure) problems.push(m.domain_guard_no_closure_reason());
				else problems.push(...finalAssessmentProblems(view.closure, ctx));
				if (!ctx.headAcceptedClosure) problems.push(m.domain_guard_no_head_acceptance());
				if (problems.length > 0) return fail({ code: 'G5-closure', problems });
				break;
			}
		}
	}
	return { ok: true, overLocalLimit };
}

const AgreedPlan = z.object({
	goals: z.array(Goal),
	actions: z.array(Action),
	notes: z.string().default('')
});

/**
 * [CE4] G4's inputs from the case log: the latest agreed version (parsed again: it came from a
 * Y.Doc) and whether the social worker consulted that very version.
 */
export function planGuardInputs(
	view: CaseView
): Pick<GuardContext, 'plan' | 'planAgreed' | 'socialWorkerConsulted'> {
	const agreed = view.agreedPlan;
	if (!agreed) return { plan: undefined, planAgreed: false, socialWorkerConsulted: false };
	const parsed = AgreedPlan.safeParse(agreed.plan);
	const plan: WorkPlan = parsed.success
		? { ...parsed.data, invalid: [] }
		: {
				goals: [],
				actions: [],
				notes: '',
				invalid: [{ id: null, raw: '', issues: [m.domain_guard_plan_record_damaged()] }]
			};
	return {
		plan,
		planAgreed: true,
		socialWorkerConsulted: view.consultedVersions.includes(agreed.version)
	};
}

// --- Closure (ZK): the final assessment G5 asks for ---

/**
 * [ZK3] G5's final assessment: a closure event that refers to a final assessment needs that
 * document on this device; an old event with the assessment as inline text passes as before.
 */
function finalAssessmentProblems(
	closure: NonNullable<CaseView['closure']>,
	ctx: GuardContext
): string[] {
	if (closure.finalAssessmentRef)
		return typeof ctx.finalAssessmentHash === 'string'
			? []
			: [m.domain_guard_final_assessment_unavailable()];
	return closure.finalAssessment.trim() === '' ? [m.domain_guard_no_final_assessment()] : [];
}

/**
 * [ZK4] Whether the final assessment changed since closure was proposed: shown to the head, who
 * then accepts (or not) knowing it, never silently.
 */
export function finalAssessmentChanged(view: CaseView, currentHash: string | null): boolean {
	const ref = view.closure?.finalAssessmentRef;
	return !!ref && currentHash !== null && currentHash !== ref.hash;
}
