/**
 * "The law as it stands" (issue 13), the plan of work: rules that blocked real cases, amended to the text
 * of the family-support act (Dz.U. 2025 poz. 49), KRiO art. 109 and the Niebieska Karta
 * regulation. One describe per provision; the other provisions are in the law-*.test.ts beside it.
 */
import { describe, expect, it } from 'vitest';
import { CaseEvent, type PlacementKind } from './case-events';
import { reduceCase } from './case-view';
import { agreedCoordinationProblems } from './care';
import { checkTransition, planGuardInputs, planProblems, planWarnings } from './guards';
import { DEFAULT_SETTINGS } from './settings';
import { Action, type WorkPlan } from './work-plan';
import { Visit } from './visit';
import { countDuties } from './duties';
import { canonicalPlanText } from './plan-hash';
import { numberedStamps, planParts } from './test-support';

const base = numberedStamps('l');
const ctx = { settings: DEFAULT_SETTINGS, actor: 'asystent' as const };
const { goal, action } = planParts('Wniosek o dodatek', 'Dodatek przyznany');
const plain = { goals: [goal], actions: [action], notes: '' };
const agreed = (
	plan: unknown,
	agreedBy: string[],
	method: 'ekran' | 'skan' | 'odmowa' = 'ekran',
	refusalReason = ''
): CaseEvent => ({
	...base(),
	type: 'plan_uzgodniony',
	version: 1,
	planHash: 'a'.repeat(64),
	plan,
	agreedBy,
	method,
	refusalReason
});
const consulted: CaseEvent = { ...base(), type: 'konsultacja_ps', version: 1, remarks: '' };
const inPlan = (log: CaseEvent[]) => ({ ...reduceCase(log), state: 'PLAN' as const });
const toRealizacja = (log: CaseEvent[]) =>
	checkTransition(inPlan(log), 'REALIZACJA', { ...ctx, ...planGuardInputs(reduceCase(log)) });
const placed = (where: PlacementKind): CaseEvent => ({
	...base(),
	type: 'dziecko_w_pieczy',
	memberId: 'c1',
	date: '2026-11-05',
	where
});
describe('G4: a plan the family refuses to sign (art. 15 ust. 3, domain.md G4)', () => {
	it('[G4] a recorded refusal with its reason satisfies G4: a court-obliged family that refuses to sign reaches REALIZACJA', () => {
		const refused = agreed(plain, ['Asystent'], 'odmowa', 'Matka odmawia podpisu planu.');
		expect(toRealizacja([refused, consulted])).toEqual({ ok: true, overLocalLimit: false });
		expect(reduceCase([refused]).agreedPlan).toMatchObject({
			method: 'odmowa',
			refusalReason: 'Matka odmawia podpisu planu.'
		});
	});

	it('[G4] a refusal without a reason does not count as agreement', () => {
		const bare = agreed(plain, ['Asystent'], 'odmowa', '  ');
		const r = toRealizacja([bare, consulted]);
		expect(r.ok).toBe(false);
		expect(reduceCase([bare]).agreedPlan).toBeNull();
	});
});

describe('G4 / WP1: owner and goals are practice, the statute asks scope, deadline and effect', () => {
	const noOwner: WorkPlan = {
		goals: [],
		actions: [{ ...action, responsible: '' }],
		notes: '',
		invalid: []
	};

	it('[WP1][G4] an action without an osoba odpowiedzialna, in a plan without goals, does not block G4: it is a warning', () => {
		expect(planProblems(noOwner, true, true)).toEqual([]);
		const warnings = planWarnings(noOwner);
		expect(warnings).toHaveLength(2);
		expect(warnings.join(' ')).toMatch(/osob/i);
		expect(toRealizacja([agreed({ ...noOwner, invalid: undefined }, ['Jan']), consulted]).ok).toBe(
			true
		);
	});

	it('[WP1][G4] an action still needs its scope, deadline and expected effect (art. 15 ust. 3)', () => {
		const bad: WorkPlan = {
			...noOwner,
			actions: [{ ...action, description: ' ', deadline: '', expectedEffect: '' }]
		};
		const problems = planProblems(bad, true, true);
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatch(/art\. 15 ust\. 3/);
	});
});
describe('PC4: foster care, cooperation recorded, no coordinator signature (art. 15 ust. 1 pkt 2)', () => {
	const ref = { childPlanRef: 'PPD/12/2026', coordinator: '' };

	it('[PC4] a child in a placówka: G4 passes with the plan pomocy dziecku reference and no coordinator', () => {
		const log = [placed('placowka'), agreed({ ...plain, coordination: ref }, ['Jan']), consulted];
		expect(agreedCoordinationProblems(reduceCase(log))).toEqual([]);
		expect(toRealizacja(log).ok).toBe(true);
	});

	it('[PC4] family foster care: the coordinator cooperated but did not sign; G4 passes', () => {
		const coordination = { childPlanRef: 'PPD/12/2026', coordinator: 'Ewa Koordynator' };
		const log = [
			placed('rodzina_zastepcza'),
			agreed({ ...plain, coordination }, ['Jan']),
			consulted
		];
		expect(toRealizacja(log).ok).toBe(true);
	});

	it('[PC4] the plan pomocy dziecku reference is still needed (pkt 2 "skoordynowany z planem pomocy dziecku")', () => {
		const log = [
			placed('placowka'),
			agreed({ ...plain, coordination: { childPlanRef: '', coordinator: '' } }, ['Jan']),
			consulted
		];
		expect(toRealizacja(log).ok).toBe(false);
	});
});
describe('DU1/DU2: the assistant duties of art. 15 ust. 1 on plan actions and visits', () => {
	it('[DU1] an action carries its duty area; old actions parse without one and keep their plan hash', async () => {
		expect(Action.parse({ ...action, area: 'pkt9_praca' }).area).toBe('pkt9_praca');
		expect(Action.parse(action).area).toBeUndefined();
		expect(Action.safeParse({ ...action, area: 'pkt12_interwencja' }).success).toBe(false);
		expect(canonicalPlanText(plain)).not.toContain('area');
		expect(canonicalPlanText({ ...plain, actions: [{ ...action, area: 'pkt9_praca' }] })).toContain(
			'pkt9_praca'
		);
	});

	it('[DU1][DU2] a visit lists the duties it served; konsultacja wychowawcza is a visit type; reports count them', () => {
		const visit = {
			id: 'v1',
			date: '2026-11-20',
			start: '',
			end: '',
			place: '',
			type: 'konsultacja_wychowawcza',
			present: 'Matka',
			safetyConcern: false,
			nextDate: '',
			offline: false,
			duties: ['pkt13_konsultacje_wychowawcze', 'pkt6_wychowawcze']
		};
		const v = Visit.parse(visit);
		const counts = countDuties(
			[{ area: 'pkt6_wychowawcze' }, { area: '' }, {}],
			[v, Visit.parse({ ...visit, duties: undefined })]
		);
		expect(counts.pkt6_wychowawcze).toEqual({ actions: 1, visits: 1 });
		expect(counts.pkt13_konsultacje_wychowawcze).toEqual({ actions: 0, visits: 1 });
		expect(counts.pkt9_praca).toEqual({ actions: 0, visits: 0 });
	});
});
