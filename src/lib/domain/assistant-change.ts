import { z } from 'zod';
import type { CaseEvent } from './case-events.js';
import { emptyCaseView } from './case-view.js';
import type { CaseState } from './case-state.js';
import { checkTransition, guardMessage } from './guards.js';
import type { OrgSettings } from './settings.js';
import { IsoDate } from './iso-date.js';
import { dateBounds } from './date-bounds.js';
import { formatDatePl } from './dates.js';
import { m } from '../paraglide/messages.js';
import type { Result } from './result.js';

/**
 * [CE10] A change of the family's assistant (art. 15 ust. 4 u.w.r. caseload, art. 17 conflict):
 * the head's act, checked like an assignment (G1 for the new assistant, G2 against the family's
 * social worker), dated not before the case started, with a reason. Pure; the API and the form
 * share the request schema and the check.
 */

/** The body of `POST /api/families/<id>/assistant`, with Polish messages for the form. */
export const AssistantChangeRequest = z.object({
	assistantId: z.string().uuid(m.law_change_pick_assistant()),
	since: IsoDate,
	reason: z
		.string()
		.trim()
		.min(1, m.law_change_reason_required())
		.max(2000, m.law_change_reason_too_long()),
	/** The head's justification for going over the organisation's lower caseload limit (G1). */
	overrideJustification: z.string().trim().max(2000).default('')
});
export type AssistantChangeRequest = z.infer<typeof AssistantChangeRequest>;

export type AssistantChangeCheck = Result<
	{ overLocalLimit: boolean },
	{ code: 'same' | 'closed' | 'before-start' | 'out-of-bounds' | 'guard'; message: string }
>;

/** [CE10] Whether the head may give the family `req.assistantId` now; why not, in Polish. */
export function checkAssistantChange(input: {
	settings: OrgSettings;
	req: AssistantChangeRequest;
	currentAssistantId: string | null;
	socialWorkerId: string | null;
	/** Cases counted for the new assistant, this family excluded (G1). */
	newAssistantCaseload: number;
	/** The case's state and the day it started (the family's creation). */
	state: CaseState;
	caseStart: string;
	/** [DB3] Today in Poland: a change takes effect at most a few months ahead. */
	today?: string;
}): AssistantChangeCheck {
	const { req } = input;
	if (req.assistantId === input.currentAssistantId)
		return { ok: false, code: 'same', message: m.law_change_same() };
	if (input.state === 'ZAMKNIETA')
		return { ok: false, code: 'closed', message: m.law_change_closed() };
	if (req.since < input.caseStart)
		return { ok: false, code: 'before-start', message: m.law_change_before_start() };
	if (input.today) {
		const { min, max } = dateBounds('assistantChangeSince', input.today);
		if (req.since > max)
			return {
				ok: false,
				code: 'out-of-bounds',
				message: m.caseload_date_out_of_range({ min: formatDatePl(min), max: formatDatePl(max) })
			};
	}
	const view = emptyCaseView('WNIOSEK');
	// G1 and G2 exactly as an assignment by the head (only a justification lifts the local limit).
	const r = checkTransition(view, 'PRZYDZIELONA', {
		settings: input.settings,
		actor: 'kierownik',
		assistantCaseload: input.newAssistantCaseload,
		overrideJustification: req.overrideJustification,
		assistantId: req.assistantId,
		socialWorkerId: input.socialWorkerId
	});
	return r.ok
		? { ok: true, overLocalLimit: r.overLocalLimit }
		: { ok: false, code: 'guard', message: guardMessage(r.failure) };
}

/** One line of the family's assistant history. */
export interface AssistantPeriod {
	name: string;
	id: string;
	from: string | null;
	to: string | null;
	/** Why the family got this assistant (null for the first one). */
	reason: string | null;
}

/**
 * [CE10] The family's assistants in order, from the log's changes: the first one (named by the
 * first change, or `current` when there was none) until the first change, then each new one.
 */
export function assistantHistory(
	events: readonly CaseEvent[],
	current: { id: string; name: string } | null
): AssistantPeriod[] {
	const changes = events.filter(
		(e): e is Extract<CaseEvent, { type: 'zmiana_asystenta' }> => e.type === 'zmiana_asystenta'
	);
	if (changes.length === 0)
		return current ? [{ ...current, from: null, to: null, reason: null }] : [];
	const first = changes[0];
	const out: AssistantPeriod[] = [
		{ id: first.fromId, name: first.fromName, from: null, to: first.since, reason: null }
	];
	for (const [i, c] of changes.entries())
		out.push({
			id: c.toId,
			name: c.toName,
			from: c.since,
			to: changes[i + 1]?.since ?? null,
			reason: c.reason
		});
	return out;
}
