import { describe, expect, it } from 'vitest';
import { reduceCase, CaseEvent, IntakeRefs, withdrawalEndsWork } from './case-events';
import { LifeArea, Recommendation } from './assessment';
import { CourtOpinion } from './court';
import { canonicalFinalAssessmentText, FinalAssessment } from './final-assessment';
import { Action } from './work-plan';
import { Visit } from './visit';
import { countDuties } from './duties';
import { canonicalPlanText } from './plan-hash';
import { base, action, plain } from './law-fixtures';

/**
 * "The law as it stands" (issue 13): rules that blocked real cases, amended to the text of the
 * family-support act (Dz.U. 2025 poz. 49), KRiO art. 109 and the Niebieska Karta regulation.
 * This file: duties, withdrawal of consent and the lists practitioners look for.
 */

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

describe('CE9: a withdrawal of consent that ends work prompts the worker about the court', () => {
	const consent: CaseEvent = {
		...base(),
		type: 'zgoda',
		kind: 'pisemna',
		date: '2026-11-02',
		signatories: ['Anna']
	};
	const to = (from: string, t: string): CaseEvent =>
		CaseEvent.parse({ ...base(), type: 'przejscie', from, to: t, reason: '' });
	const intake = CaseEvent.parse({ ...base(), type: 'przyjecie', to: 'PRZYDZIELONA' });
	const withdrawn: CaseEvent = { ...base(), type: 'wycofanie_zgody', date: '2026-12-01' };
	const working = [intake, consent, to('PRZYDZIELONA', 'NAWIAZANIE'), to('NAWIAZANIE', 'PLAN')];

	it('[CE9][CE3] withdrawing consent in active work is announced as ending it, and the ended case carries the date for the court prompt', () => {
		expect(withdrawalEndsWork(reduceCase(working))).toBe(true);
		const v = reduceCase([...working, withdrawn]);
		expect(v.state).toBe('ZAKONCZENIE');
		expect(v.endedByWithdrawal).toBe('2026-12-01');
	});

	it('[CE9][CT3] under a court obligation the withdrawal ends nothing and prompts nothing', () => {
		const order = CaseEvent.parse({
			...base(),
			type: 'postanowienie_sadu',
			orderId: 'o9',
			orderType: 'zobowiazanie',
			date: '2026-11-01'
		});
		const log = [...working, order];
		expect(withdrawalEndsWork(reduceCase(log))).toBe(false);
		const v = reduceCase([...log, withdrawn]);
		expect(v.state).toBe('PLAN');
		expect(v.endedByWithdrawal).toBeUndefined();
	});
});

describe('LS1/LS2: the lists practitioners look for', () => {
	it('[LS1] assessment life areas include education and school, and addictions', () => {
		expect(LifeArea.options).toEqual(expect.arrayContaining(['edukacja', 'uzaleznienia']));
	});

	it('[LS1] recommendations in the words OPS use: Niebieska Karta, a request to the court for wgląd', () => {
		expect(Recommendation.options).toEqual(
			expect.arrayContaining(['wszczecie_nk', 'wniosek_wglad'])
		);
	});

	it('[LS1] an opinion may be sent by e-Doręczenia', () => {
		const o = {
			id: 'op1',
			court: 'Sąd Rejonowy',
			caseRef: 'III Nsm 1/26',
			received: '2026-11-02',
			due: '2026-11-20',
			scope: '',
			headApproved: true,
			sentOn: '2026-11-10'
		};
		expect(CourtOpinion.safeParse({ ...o, sentMethod: 'e_doreczenia' }).success).toBe(true);
		expect(CourtOpinion.safeParse({ ...o, sentMethod: 'faks' }).success).toBe(false);
	});

	it('[LS1][ZK2] a final assessment hashed before the new areas keeps its canonical text; a written new area enters it', () => {
		const fa = FinalAssessment.parse({
			id: 'f1',
			kind: 'final',
			date: '2026-11-30',
			goals: {},
			monitoringUntil: '',
			monitoringFrequency: 'brak',
			recipients: []
		});
		const before = canonicalFinalAssessmentText(fa, { wychowanie: 'x' });
		expect(before).not.toContain('edukacja');
		expect(before).not.toContain('uzaleznienia');
		expect(canonicalFinalAssessmentText(fa, { wychowanie: 'x', edukacja: 'szkoła' })).toContain(
			'szkoła'
		);
	});

	it('[LS2] pkt 13a „Za życiem” is an intake basis; old intake references parse without one', () => {
		expect(IntakeRefs.parse({ basis: 'za_zyciem' }).basis).toBe('za_zyciem');
		expect(IntakeRefs.parse({ pomostId: 'P1' }).basis).toBeUndefined();
		expect(IntakeRefs.safeParse({ basis: 'inne' }).success).toBe(false);
	});
});
