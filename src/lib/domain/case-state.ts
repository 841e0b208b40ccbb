import { z } from 'zod';

/**
 * The case (sprawa) lifecycle, domain.md §2.2: states, who may move a case along each exit, and
 * which guard (G1–G5) applies. Rules CS1–CS6 in SPEC.md.
 */
export const CaseState = z.enum([
	'ZGLOSZENIE',
	'WYWIAD',
	'WNIOSEK',
	'OCZEKUJE',
	'PRZYDZIELONA',
	'NAWIAZANIE',
	'PLAN',
	'REALIZACJA',
	'ZAWIESZONA',
	'ZAKONCZENIE',
	'MONITORING',
	'ZAMKNIETA'
]);
export type CaseState = z.infer<typeof CaseState>;

/** Who may take a transition: the case's assistant, the social worker, the head, or the system. */
export type Actor = 'asystent' | 'pracownik_socjalny' | 'kierownik';

/** Guards of domain.md §2.4. */
export type GuardId = 'G1' | 'G2' | 'G3' | 'G4' | 'G5';

export interface Exit {
	to: CaseState;
	by: readonly Actor[];
	guards: readonly GuardId[];
}

const ex = (to: CaseState, by: Actor[], guards: GuardId[] = []): Exit => ({ to, by, guards });
const HEAD: Actor[] = ['kierownik'];
const PS: Actor[] = ['pracownik_socjalny', 'kierownik'];
const AR: Actor[] = ['asystent', 'kierownik'];

/** [CS1] The exits of every state; anything not listed is not a transition. */
export const EXITS: Record<CaseState, readonly Exit[]> = {
	ZGLOSZENIE: [ex('WYWIAD', PS), ex('ZAMKNIETA', PS)],
	WYWIAD: [ex('WNIOSEK', PS), ex('ZAMKNIETA', PS)],
	WNIOSEK: [ex('OCZEKUJE', HEAD), ex('PRZYDZIELONA', HEAD, ['G1', 'G2']), ex('ZAMKNIETA', PS)],
	OCZEKUJE: [ex('PRZYDZIELONA', HEAD, ['G1', 'G2']), ex('ZAMKNIETA', HEAD)],
	PRZYDZIELONA: [ex('NAWIAZANIE', AR, ['G3']), ex('ZAMKNIETA', AR)],
	NAWIAZANIE: [ex('PLAN', AR), ex('ZAKONCZENIE', AR)],
	PLAN: [ex('REALIZACJA', AR, ['G4']), ex('ZAKONCZENIE', AR)],
	REALIZACJA: [ex('ZAWIESZONA', AR), ex('ZAKONCZENIE', AR)],
	ZAWIESZONA: [ex('REALIZACJA', AR), ex('ZAKONCZENIE', AR)],
	ZAKONCZENIE: [ex('MONITORING', HEAD, ['G5']), ex('ZAMKNIETA', HEAD, ['G5'])],
	MONITORING: [ex('ZAMKNIETA', AR)],
	ZAMKNIETA: []
};

/** The exit from `from` to `to`, if the lifecycle has one. */
export function exitOf(from: CaseState, to: CaseState): Exit | null {
	return EXITS[from].find((e) => e.to === to) ?? null;
}

/** [CS2] States in which the family counts toward the assistant's caseload (G1). */
export function countsTowardCaseload(state: CaseState, monitoringCounts: boolean): boolean {
	switch (state) {
		case 'PRZYDZIELONA':
		case 'NAWIAZANIE':
		case 'PLAN':
		case 'REALIZACJA':
		case 'ZAWIESZONA':
		case 'ZAKONCZENIE':
			return true;
		case 'MONITORING':
			return monitoringCounts;
		default:
			return false;
	}
}

/** States in which the case is read-only. */
export function isClosed(state: CaseState): boolean {
	return state === 'ZAMKNIETA';
}
