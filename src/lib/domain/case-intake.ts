import { z } from 'zod';
import type { Actor, CaseState, Exit } from './case-state.js';
import { EXITS } from './case-state.js';
import { IntakeRefs } from './case-events.js';
import { emptyCaseView } from './case-view.js';
import { checkTransition, type GuardResult } from './guards.js';
import type { OrgSettings } from './settings.js';
import type { StaffRole } from './roles.js';
import { m } from '../paraglide/messages.js';

/**
 * Taking a family over from intake done elsewhere (domain.md §2.1 [design]) and the exits a user
 * may take in the case file. Pure; the API and the page share the request schema.
 */

/** The body of `POST /api/families`, with Polish messages for the form. */
export const NewFamilyRequest = z.object({
	name: z
		.string()
		.trim()
		.min(1, m.domain_intake_family_name_required())
		.max(200, m.domain_intake_family_name_too_long()),
	address: z.string().trim().max(500, m.domain_intake_address_too_long()).default(''),
	caseRefs: IntakeRefs.default({ pomostId: '', signalDate: '', letterNo: '' }),
	/** A head names the assistant; an assistant creates the family for themself. */
	assistantId: z.string().uuid(m.domain_intake_assistant_required()).optional(),
	/** The family's social worker, who is given the core file and the plan to consult. */
	socialWorkerId: z.string().uuid(m.domain_intake_social_worker_required()).optional(),
	/** The head's justification for going over the organisation's lower caseload limit (G1). */
	overrideJustification: z.string().trim().max(2000).default('')
});
export type NewFamilyRequest = z.infer<typeof NewFamilyRequest>;

/** The actor a staff role acts as in the lifecycle, or null for roles that move no case. */
export function actorFor(role: StaffRole): Actor | null {
	switch (role) {
		case 'asystent':
		case 'pracownik_socjalny':
		case 'kierownik':
			return role;
		default:
			return null;
	}
}

/** [CS3] Exits from the current state that this actor may try (guards are checked on click). */
export function exitsFor(state: CaseState, actor: Actor | null): Exit[] {
	return actor ? EXITS[state].filter((e) => e.by.includes(actor)) : [];
}

/**
 * [G1b] G1 and G2 for a family created with its assistant already assigned: the same check as
 * the head's assignment, where only a head's justification lifts the local limit.
 */
export function checkIntake(input: {
	settings: OrgSettings;
	byHead: boolean;
	assistantCaseload: number;
	overrideJustification: string;
	assistantId: string;
	socialWorkerId: string | null;
}): GuardResult {
	const view = emptyCaseView('WNIOSEK');
	return checkTransition(view, 'PRZYDZIELONA', {
		settings: input.settings,
		actor: 'kierownik',
		assistantCaseload: input.assistantCaseload,
		overrideJustification: input.byHead ? input.overrideJustification : undefined,
		assistantId: input.assistantId,
		socialWorkerId: input.socialWorkerId
	});
}
