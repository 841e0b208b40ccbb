/**
 * Case-event fixtures the domain, state and server tests share (tests only; the app never imports
 * this). Every event a test writes carries the same stamp but its id, so only that stamp lives here.
 */

/** The common fields of a case event written at a fixed time by assistant `u`, online unless said. */
export const eventStamp = (id: string, over: { online?: boolean; actorId?: string } = {}) => ({
	id,
	at: '2026-11-23T10:00:00+01:00',
	actorId: over.actorId ?? 'u',
	actorRole: 'asystent',
	online: over.online ?? true
});

/** Stamps with numbered ids (`e0`, `e1`, …) for tests that make events in a row. */
export function numberedStamps(prefix: string, over: { online?: boolean; actorId?: string } = {}) {
	let n = 0;
	return () => eventStamp(`${prefix}${n++}`, over);
}

/** A goal and one action of it, as plan guards take them; the action's words as the test needs. */
export function planParts(description: string, expectedEffect: string) {
	const goal = { id: 'g1', kind: 'glowny' as const, title: 'Cel' };
	const action = {
		id: 'a1',
		goalId: 'g1',
		description,
		responsible: 'Jan',
		deadline: '2027-01-31',
		expectedEffect,
		status: 'planowane' as const,
		doneDate: ''
	};
	return { goal, action };
}

/**
 * A court order's required fields (CT1) from `court`, of the given type; `over` adds or replaces
 * fields. The court is the caller's: no Polish text in domain sources, tests' helpers included.
 */
export const courtOrderInput = (
	court: string,
	type: string,
	over: Record<string, unknown> = {}
) => ({
	id: 'o1',
	court,
	caseRef: 'III Nsm 1/26',
	date: '2026-11-02',
	type,
	...over
});

/** How many runs each fast-check property makes; `FUZZ_RUNS` raises it for the long run. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 200);
