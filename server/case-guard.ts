/**
 * [RM18] The case log's lifecycle rules, checked by the server for every event an update appends
 * (CE1, CS1, CS3): a transition must be an exit of the lifecycle, taken by a staff role its exit
 * names, and pass its guards against the log before it. A transition that does not start from
 * the state the log is in was taken concurrently (offline): it is kept and flagged for the head
 * (CE1, domain.md §2.5), so only its exit and its actor are checked.
 */
import type * as Y from 'yjs';
import { CaseEvent, RECORDED_ONLY_BY } from '../src/lib/domain/case-events.js';
import { reduceCase } from '../src/lib/domain/case-view.js';
import { actorFor } from '../src/lib/domain/case-intake.js';
import { exitOf } from '../src/lib/domain/case-state.js';
import { checkTransition, planGuardInputs } from '../src/lib/domain/guards.js';
import { StaffRole } from '../src/lib/domain/roles.js';
import type { CaseContext } from '../src/lib/server/caseload.js';
import type { Refusal, Writer } from './write-guard.js';

export type { CaseContext };

/** Checks the entries an update appends to the case log, in log order. */
export function checkCaseEntries(
	log: Y.Array<unknown>,
	fresh: readonly unknown[],
	writer: Writer,
	context: () => CaseContext
): Refusal | null {
	const isFresh = new Set(fresh);
	const before: CaseEvent[] = [];
	for (const raw of log.toArray()) {
		const parsed = CaseEvent.safeParse(raw);
		if (isFresh.has(raw)) {
			if (!parsed.success) return { code: 'invalid-value' };
			const refusal = checkEvent(before, parsed.data, writer, context);
			if (refusal) return refusal;
		}
		if (parsed.success) before.push(parsed.data);
	}
	return null;
}

function checkEvent(
	before: readonly CaseEvent[],
	e: CaseEvent,
	writer: Writer,
	context: () => CaseContext
): Refusal | null {
	const onlyBy = RECORDED_ONLY_BY[e.type];
	if (onlyBy && !onlyBy.includes(writer.staffRole))
		return { code: 'not-your-transition', detail: e.type };
	if (e.type !== 'przejscie') return null;
	const exit = exitOf(e.from, e.to);
	if (!exit) return { code: 'not-an-exit', detail: `${e.from}>${e.to}` };
	const role = StaffRole.safeParse(writer.staffRole);
	const actor = role.success ? actorFor(role.data) : null;
	if (!actor || !exit.by.includes(actor)) return { code: 'not-your-transition', detail: e.to };
	const view = reduceCase(before);
	if (e.from !== view.state) return null; // concurrent: kept, flagged as a conflict (CE1)
	const c = context();
	const result = checkTransition(view, e.to, {
		settings: c.settings,
		actor,
		assistantCaseload: c.assistantCaseload,
		overrideJustification: e.overrideJustification,
		assistantId: c.assistantId,
		socialWorkerId: c.socialWorkerId,
		...planGuardInputs(view),
		// The head taking the closure exit is the acceptance G5 asks for (as on the device).
		headAcceptedClosure: actor === 'kierownik',
		// The server does not open the assessments compartment here: the reference must exist.
		finalAssessmentHash: view.closure?.finalAssessmentRef?.hash ?? null
	});
	return result.ok ? null : { code: 'guard', detail: result.failure.code };
}
