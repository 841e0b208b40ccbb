/**
 * Court and foster-care rules (CT1–CT6, PC1–PC4), examples and properties over one case-log
 * builder: past 250 lines on purpose.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CaseEvent, parseCaseLog, type PlacementKind } from './case-events';
import { reduceCase } from './case-view';
import {
	agreedCoordinationProblems,
	coordinationProblems,
	courtCorrespondenceRefusal,
	isCoordinatedMode
} from './care';
import { CourtOrder, type CourtOrderType } from './court';
import { checkTransition, guardMessage, planGuardInputs } from './guards';
import { canonicalPlanText } from './plan-hash';
import { DEFAULT_SETTINGS } from './settings';
import { courtOrderInput, FUZZ_RUNS as RUNS, numberedStamps, planParts } from './test-support';

const base = numberedStamps('e');
const intake: CaseEvent = {
	...base(),
	type: 'przyjecie',
	to: 'PRZYDZIELONA',
	refs: { pomostId: '', signalDate: '', letterNo: '' }
};
const order = (orderType: CourtOrderType, date = '2026-11-02'): CaseEvent => {
	const stamp = base();
	return { ...stamp, type: 'postanowienie_sadu', orderId: `o-${stamp.id}`, orderType, date };
};
const placed = (memberId: string, where: PlacementKind = 'rodzina_zastepcza'): CaseEvent => ({
	...base(),
	type: 'dziecko_w_pieczy',
	memberId,
	date: '2026-11-05',
	where
});
const returned = (memberId: string): CaseEvent => ({
	...base(),
	type: 'powrot_dziecka',
	memberId,
	date: '2026-11-20'
});
const ctx = { settings: DEFAULT_SETTINGS, actor: 'asystent' as const };
const { goal, action } = planParts('Wniosek', 'Dodatek');
const agreed = (plan: unknown, agreedBy: string[], version = 1): CaseEvent => ({
	...base(),
	type: 'plan_uzgodniony',
	version,
	planHash: 'a'.repeat(64),
	plan,
	agreedBy,
	method: 'ekran',
	refusalReason: ''
});
const consulted = (version = 1): CaseEvent => ({
	...base(),
	type: 'konsultacja_ps',
	version,
	remarks: ''
});
const toPlan = (): CaseEvent[] => [
	{ ...base(), type: 'przejscie', from: 'PRZYDZIELONA', to: 'NAWIAZANIE', reason: '' },
	{ ...base(), type: 'przejscie', from: 'NAWIAZANIE', to: 'PLAN', reason: '' }
];

describe('court orders in the case log', () => {
	it('[CT3][G3] a court obligation is the exemption basis: NAWIAZANIE needs no written consent', () => {
		const before = reduceCase([intake]);
		expect(checkTransition(before, 'NAWIAZANIE', ctx)).toMatchObject({
			ok: false,
			failure: { code: 'G3-no-consent' }
		});
		const view = reduceCase([intake, order('zobowiazanie')]);
		expect(view.courtObligation).toBe(true);
		expect(view.consent).toEqual({ kind: 'zwolnienie_sad', date: '2026-11-02' });
		expect(checkTransition(view, 'NAWIAZANIE', ctx)).toEqual({ ok: true, overLocalLimit: false });
	});

	it('[CT6][CE3] a lifted obligation ends the exemption: consent withdrawal then ends active work', () => {
		const lifted = reduceCase([
			intake,
			order('zobowiazanie'),
			...toPlan(),
			order('uchylenie_zobowiazania', '2026-11-09')
		]);
		expect(lifted.courtObligation).toBe(false);
		expect(lifted.consent).toBeNull();
		expect(lifted.state).toBe('PLAN');
		// With a written consent recorded meanwhile, it stays in force; withdrawing it ends work.
		const withConsent = reduceCase([
			intake,
			order('zobowiazanie'),
			{ ...base(), type: 'zgoda', kind: 'pisemna', date: '2026-11-03', signatories: [] },
			...toPlan(),
			order('uchylenie_zobowiazania', '2026-11-09'),
			{ ...base(), type: 'wycofanie_zgody', date: '2026-11-10' }
		]);
		expect(withConsent.state).toBe('ZAKONCZENIE');
	});

	it('[CT3] other order types leave the consent basis and the obligation flag alone', () => {
		for (const t of ['nadzor_kuratora', 'umieszczenie', 'powrot', 'inne'] as const) {
			const view = reduceCase([order(t)]);
			expect(view.courtObligation).toBe(false);
			expect(view.consent).toBeNull();
			expect(view.courtOrders).toEqual([
				{ orderId: expect.any(String), orderType: t, date: '2026-11-02' }
			]);
		}
	});

	it('[CT3][CE3] under a court obligation, withdrawing a later written consent keeps the case open', () => {
		const view = reduceCase([
			intake,
			order('zobowiazanie'),
			{ ...base(), type: 'zgoda', kind: 'pisemna', date: '2026-11-03', signatories: [] },
			...toPlan(),
			{ ...base(), type: 'wycofanie_zgody', date: '2026-11-10' }
		]);
		expect(view.state).toBe('PLAN');
	});

	it('[CT2] the core event carries ids, codes and dates only: content fields are not part of it', () => {
		const withContent = { ...order('zobowiazanie'), caseRef: 'III Nsm 1/26', persons: ['m1'] };
		const parsed = CaseEvent.parse(withContent);
		expect(Object.keys(parsed)).not.toContain('caseRef');
		expect(Object.keys(parsed)).not.toContain('persons');
		expect(
			parseCaseLog([{ ...order('zobowiazanie'), orderType: 'nieznany' }]).invalid
		).toHaveLength(1);
	});

	it('[CT1] a court order needs a court and a sygnatura, and a validity that does not end before it starts', () => {
		const ok = courtOrderInput('Sąd Rejonowy w Lublinie', 'zobowiazanie');
		expect(CourtOrder.parse(ok)).toMatchObject({
			division: '',
			persons: [],
			kurator: '',
			validFrom: '',
			validUntil: ''
		});
		expect(CourtOrder.safeParse({ ...ok, court: ' ' }).success).toBe(false);
		expect(CourtOrder.safeParse({ ...ok, caseRef: 'x' }).success).toBe(false);
		const bad = CourtOrder.safeParse({ ...ok, validFrom: '2026-12-01', validUntil: '2026-11-01' });
		expect(bad.success).toBe(false);
		expect(bad.error?.issues[0].path).toEqual(['validUntil']);
	});

	it('[CT4] court correspondence is refused before assignment, allowed in active states, MONITORING and a closed case (amended, issue 13)', () => {
		expect(courtCorrespondenceRefusal('WNIOSEK')).toMatch(/asystenta/);
		for (const s of [
			'NAWIAZANIE',
			'PLAN',
			'REALIZACJA',
			'ZAWIESZONA',
			'MONITORING',
			'ZAMKNIETA'
		] as const)
			expect(courtCorrespondenceRefusal(s)).toBeNull();
	});

	it('[CT4] WNIOSEK_SADU and OPINIA_WYSLANA are logged and change no state', () => {
		const log: CaseEvent[] = [
			intake,
			{ ...base(), type: 'wniosek_sadu', opinionId: 'op1', due: '2026-12-01' },
			{ ...base(), type: 'opinia_wyslana', opinionId: 'op1', sentOn: '2026-11-28' }
		];
		expect(parseCaseLog(log).invalid).toEqual([]);
		expect(reduceCase(log).state).toBe('PRZYDZIELONA');
	});
});

describe('children in foster care', () => {
	it('[PC2] the set of children in care is, after any interleaving, those whose last event is a placement', () => {
		const arb = fc.array(
			fc.tuple(
				fc.constantFrom('c1', 'c2', 'c3'),
				fc.boolean(),
				fc.constantFrom('rodzina_zastepcza', 'placowka')
			),
			{ maxLength: 30 }
		);
		fc.assert(
			fc.property(arb, (steps) => {
				const log = steps.map(([id, place, where]) =>
					place ? placed(id, where as PlacementKind) : returned(id)
				);
				const last = new Map<string, boolean>();
				for (const [id, place] of steps) last.set(id, place);
				const expected = [...last]
					.filter(([, p]) => p)
					.map(([id]) => id)
					.sort();
				const view = reduceCase(log);
				expect(view.childrenInCare.map((c) => c.memberId).sort()).toEqual(expected);
				expect(new Set(view.childrenInCare.map((c) => c.memberId)).size).toBe(
					view.childrenInCare.length
				);
				expect(isCoordinatedMode(view)).toBe(expected.length > 0);
			}),
			{ numRuns: RUNS }
		);
	});

	it('[PC2] a second placement updates where the child is; the mode goes off when the last child returns', () => {
		let view = reduceCase([placed('c1'), placed('c1', 'placowka'), placed('c2')]);
		expect(view.childrenInCare).toEqual([
			{ memberId: 'c1', where: 'placowka', since: '2026-11-05' },
			{ memberId: 'c2', where: 'rodzina_zastepcza', since: '2026-11-05' }
		]);
		view = reduceCase([placed('c1'), placed('c2'), returned('c1')]);
		expect(isCoordinatedMode(view)).toBe(true);
		view = reduceCase([placed('c1'), placed('c2'), returned('c1'), returned('c2')]);
		expect(isCoordinatedMode(view)).toBe(false);
	});

	it('[PC4][G4] in coordinated mode G4 also needs the plan pomocy dziecku reference; the coordinator cooperates, never signs (amended, issue 13)', () => {
		const start: CaseEvent[] = [intake, order('zobowiazanie'), ...toPlan(), placed('c1')];
		const plain = { goals: [goal], actions: [action], notes: '' };
		const check = (log: CaseEvent[]) => {
			const view = reduceCase(log);
			return checkTransition(view, 'REALIZACJA', { ...ctx, ...planGuardInputs(view) });
		};
		const noPlan = check(start);
		expect(noPlan.ok).toBe(false);
		if (!noPlan.ok) expect(guardMessage(noPlan.failure)).toMatch(/planu pomocy dziecku/);

		const withoutCoordination = check([...start, agreed(plain, ['Jan']), consulted()]);
		expect(withoutCoordination).toMatchObject({ ok: false, failure: { code: 'G4-plan' } });
		if (!withoutCoordination.ok && withoutCoordination.failure.code === 'G4-plan')
			expect(withoutCoordination.failure.problems).toHaveLength(1);
		const coordination = { childPlanRef: 'PPD/12/2026', coordinator: 'Ewa Koordynator' };
		// The coordinator need not be among those who agreed the version.
		expect(check([...start, agreed({ ...plain, coordination }, ['Jan']), consulted()])).toEqual({
			ok: true,
			overLocalLimit: false
		});
		// [PC3] When the child has returned, the mode is off and the plain version suffices.
		expect(check([...start, returned('c1'), agreed(plain, ['Jan']), consulted()])).toEqual({
			ok: true,
			overLocalLimit: false
		});
	});

	it('[PC4] a malformed coordination in an agreed version counts as missing, never throws', () => {
		const view = reduceCase([placed('c1'), agreed({ coordination: { childPlanRef: 5 } }, ['Jan'])]);
		expect(agreedCoordinationProblems(view)).toHaveLength(1);
		expect(agreedCoordinationProblems(view)[0]).toMatch(/planu pomocy dziecku/);
		expect(coordinationProblems({ childPlanRef: 'x', coordinator: '' })).toEqual([]);
	});

	it('[PC3] the plan hash covers the coordination when there is one, and is unchanged when there is none', () => {
		const plain = { goals: [goal], actions: [action], notes: '' };
		const withC = { ...plain, coordination: { childPlanRef: 'PPD/1', coordinator: 'Ewa' } };
		expect(canonicalPlanText(plain)).toBe(
			JSON.stringify({ goals: [goal], actions: [action], notes: '' })
		);
		expect(canonicalPlanText(withC)).toContain('PPD/1');
	});

	it('[PC1] placement events need a known placement kind', () => {
		expect(CaseEvent.safeParse({ ...placed('c1'), where: 'dom' }).success).toBe(false);
		expect(CaseEvent.safeParse({ ...returned('c1'), date: '5.11.2026' }).success).toBe(false);
	});
});
