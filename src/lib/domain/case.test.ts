/**
 * The case lifecycle (CE1–CE4, CS1, G1–G5), examples and properties over one case-log builder: past
 * 250 lines on purpose.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CaseState, EXITS, exitOf } from './case-state';
import type { CaseEvent } from './case-events';
import { reduceCase } from './case-view';
import { checkTransition, guardMessage, planGuardInputs } from './guards';
import { hashPlan } from './plan-hash';
import { DEFAULT_SETTINGS, OrgSettings } from './settings';
import type { WorkPlan } from './work-plan';
import { FUZZ_RUNS as RUNS, numberedStamps } from './test-support';

const base = numberedStamps('e', { online: false });
const move = (from: CaseState, to: CaseState): CaseEvent => ({
	...base(),
	type: 'przejscie',
	from,
	to,
	reason: ''
});
const consent = (kind: 'pisemna' | 'zwolnienie_sad' = 'pisemna'): CaseEvent => ({
	...base(),
	type: 'zgoda',
	kind,
	date: '2026-11-01',
	signatories: []
});

const arbState = fc.constantFrom(...CaseState.options);
const arbEvent: fc.Arbitrary<CaseEvent> = fc.oneof(
	fc.tuple(arbState, arbState).map(([f, t]) => move(f, t)),
	fc.constant(consent()),
	fc.constant({ ...base(), type: 'wycofanie_zgody', date: '2026-11-10' } as CaseEvent)
);

describe('case lifecycle', () => {
	it('[CE1] every transition in a log is either applied along an exit or kept as a conflict', () => {
		fc.assert(
			fc.property(fc.array(arbEvent, { maxLength: 40 }), (log) => {
				const view = reduceCase(log);
				const transitions = log.filter((e) => e.type === 'przejscie').length;
				let state: CaseState = 'ZGLOSZENIE';
				let applied = 0;
				for (const e of log) {
					if (e.type === 'przejscie' && e.from === state && exitOf(e.from, e.to)) {
						state = e.to;
						applied++;
					} else if (
						e.type === 'wycofanie_zgody' &&
						['NAWIAZANIE', 'PLAN', 'REALIZACJA', 'ZAWIESZONA'].includes(state)
					) {
						state = reduceCase(log.slice(0, log.indexOf(e) + 1)).state;
					}
				}
				expect(applied + view.conflicts.length).toBe(transitions);
				expect(CaseState.options).toContain(view.state);
				expect(reduceCase(log)).toEqual(view); // deterministic
			}),
			{ numRuns: RUNS }
		);
	});

	it('[CE2] two offline transitions from the same state: the first applies, the second is flagged, none is lost', () => {
		const log = [
			move('ZGLOSZENIE', 'WYWIAD'),
			move('WYWIAD', 'WNIOSEK'),
			move('WYWIAD', 'ZAMKNIETA')
		];
		const view = reduceCase(log);
		expect(view.state).toBe('WNIOSEK');
		expect(view.conflicts.map((c) => c.to)).toEqual(['ZAMKNIETA']);
	});

	it('[CE3] withdrawn consent ends active work, except under a court obligation', () => {
		const walk = [
			move('ZGLOSZENIE', 'WYWIAD'),
			move('WYWIAD', 'WNIOSEK'),
			move('WNIOSEK', 'PRZYDZIELONA'),
			move('PRZYDZIELONA', 'NAWIAZANIE')
		];
		const withdraw: CaseEvent = { ...base(), type: 'wycofanie_zgody', date: '2026-11-20' };
		expect(reduceCase([consent(), ...walk, withdraw]).state).toBe('ZAKONCZENIE');
		expect(reduceCase([consent('zwolnienie_sad'), ...walk, withdraw]).state).toBe('NAWIAZANIE');
	});

	it('[CS1] no state can be left once closed, and every exit target is a state', () => {
		expect(EXITS.ZAMKNIETA).toEqual([]);
		for (const s of CaseState.options)
			for (const e of EXITS[s]) expect(CaseState.options).toContain(e.to);
	});
});

describe('guards', () => {
	const at = (state: CaseState) => ({ ...reduceCase([]), state });

	it('[G1] never allows a 16th family, whatever the settings or justification', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 40 }),
				fc.integer({ min: 1, max: 15 }),
				fc.string(),
				(count, limit, why) => {
					const r = checkTransition(at('WNIOSEK'), 'PRZYDZIELONA', {
						settings: OrgSettings.parse({ caseloadLimit: limit }),
						actor: 'kierownik',
						assistantCaseload: count,
						overrideJustification: why
					});
					if (count + 1 > 15) expect(r.ok).toBe(false);
					if (r.ok && count + 1 > limit) {
						expect(r.overLocalLimit).toBe(true);
						expect(why.trim()).not.toBe('');
					}
				}
			),
			{ numRuns: RUNS }
		);
	});

	it('[G1] the head exceeds a lower local limit only with a justification', () => {
		const ctx = {
			settings: OrgSettings.parse({ caseloadLimit: 10 }),
			actor: 'kierownik' as const,
			assistantCaseload: 10
		};
		const refused = checkTransition(at('WNIOSEK'), 'PRZYDZIELONA', ctx);
		expect(refused.ok).toBe(false);
		if (!refused.ok) expect(guardMessage(refused.failure)).toMatch(/limit ośrodka to 10/);
		expect(
			checkTransition(at('WNIOSEK'), 'PRZYDZIELONA', {
				...ctx,
				overrideJustification: 'rodzeństwo w jednej sprawie'
			})
		).toEqual({ ok: true, overLocalLimit: true });
	});

	it('[G2] the family’s social worker cannot be assigned as its assistant', () => {
		const r = checkTransition(at('WNIOSEK'), 'PRZYDZIELONA', {
			settings: DEFAULT_SETTINGS,
			actor: 'kierownik',
			assistantId: 'x',
			socialWorkerId: 'x'
		});
		expect(r).toEqual({ ok: false, failure: { code: 'G2-social-worker' } });
	});

	it('[G3] contact work needs consent or a recorded exemption', () => {
		const ctx = { settings: DEFAULT_SETTINGS, actor: 'asystent' as const };
		expect(checkTransition(at('PRZYDZIELONA'), 'NAWIAZANIE', ctx).ok).toBe(false);
		const withExemption = {
			...reduceCase([consent('zwolnienie_sad')]),
			state: 'PRZYDZIELONA' as const
		};
		expect(checkTransition(withExemption, 'NAWIAZANIE', ctx).ok).toBe(true);
	});

	it('[G4] realizacja needs an agreed, consulted plan whose every action is complete', () => {
		const plan: WorkPlan = {
			goals: [{ id: 'g', kind: 'glowny', title: 'Cel' }],
			actions: [
				{
					id: 'a',
					goalId: 'g',
					description: 'x',
					responsible: 'Matka',
					deadline: '',
					expectedEffect: 'y',
					status: 'planowane',
					doneDate: ''
				}
			],
			invalid: [],
			notes: ''
		};
		const ctx = {
			settings: DEFAULT_SETTINGS,
			actor: 'asystent' as const,
			plan,
			planAgreed: true,
			socialWorkerConsulted: true
		};
		const r = checkTransition(at('PLAN'), 'REALIZACJA', ctx);
		expect(r.ok).toBe(false);
		if (!r.ok)
			// Amended (issue 13): the message names what art. 15 ust. 3 asks, not the practice owner.
			expect(guardMessage(r.failure)).toMatch(
				/bez zakresu, terminu realizacji lub przewidywanego efektu/
			);
		plan.actions[0].deadline = '2026-12-31';
		expect(checkTransition(at('PLAN'), 'REALIZACJA', ctx).ok).toBe(true);
		expect(
			checkTransition(at('PLAN'), 'REALIZACJA', { ...ctx, actor: 'pracownik_socjalny' }).ok
		).toBe(false);
	});

	it('[G5] closing needs a reason, a final assessment and the head', () => {
		const r = checkTransition(at('ZAKONCZENIE'), 'ZAMKNIETA', {
			settings: DEFAULT_SETTINGS,
			actor: 'kierownik',
			headAcceptedClosure: true
		});
		expect(r.ok).toBe(false);
		const closed = reduceCase([
			{
				...base(),
				type: 'zakonczenie',
				reasonCode: 'CEL_OSIAGNIETY',
				reasonText: '',
				finalAssessment: 'Cele osiągnięte.'
			}
		]);
		expect(
			checkTransition({ ...closed, state: 'ZAKONCZENIE' }, 'MONITORING', {
				settings: DEFAULT_SETTINGS,
				actor: 'kierownik',
				headAcceptedClosure: true
			}).ok
		).toBe(true);
	});
});

describe('agreed plan versions in the log', () => {
	it('[CE4] G4 reads the latest agreed version and its consultation from the log', async () => {
		const plan = {
			goals: [{ id: 'g', kind: 'glowny' as const, title: 'Cel' }],
			actions: [
				{
					id: 'a',
					goalId: 'g',
					description: 'x',
					responsible: 'Matka',
					deadline: '2026-12-31',
					expectedEffect: 'y',
					status: 'planowane' as const,
					doneDate: ''
				}
			],
			notes: ''
		};
		const planHash = await hashPlan(plan);
		expect(planHash).toBe(await hashPlan(JSON.parse(JSON.stringify(plan))));
		const agreed: CaseEvent = {
			...base(),
			type: 'plan_uzgodniony',
			version: 1,
			planHash,
			plan,
			agreedBy: ['Matka', 'Asystent'],
			method: 'ekran',
			refusalReason: ''
		};
		const consulted: CaseEvent = { ...base(), type: 'konsultacja_ps', version: 1, remarks: '' };
		const ctx = (log: CaseEvent[]) => ({
			settings: DEFAULT_SETTINGS,
			actor: 'asystent' as const,
			...planGuardInputs(reduceCase(log))
		});
		const at = (log: CaseEvent[]) => ({ ...reduceCase(log), state: 'PLAN' as const });
		expect(checkTransition(at([agreed]), 'REALIZACJA', ctx([agreed])).ok).toBe(false);
		expect(
			checkTransition(at([agreed, consulted]), 'REALIZACJA', ctx([agreed, consulted])).ok
		).toBe(true);
		const tampered: CaseEvent = { ...agreed, id: 'x', version: 2, plan: { goals: 'zepsute' } };
		const r = checkTransition(
			at([agreed, consulted, tampered]),
			'REALIZACJA',
			ctx([agreed, consulted, tampered])
		);
		expect(r.ok).toBe(false);
	});
});
