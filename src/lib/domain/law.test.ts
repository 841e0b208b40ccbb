import { describe, expect, it } from 'vitest';
import { CaseEvent, IntakeRefs, type PlacementKind } from './case-events';
import { reduceCase, withdrawalEndsWork } from './case-view';
import { Assessment, assessmentsNotPassed, LifeArea, Recommendation } from './assessment';
import { CourtOpinion } from './court';
import { canonicalFinalAssessmentText, FinalAssessment } from './final-assessment';
import { agreedCoordinationProblems, courtCorrespondenceRefusal } from './care';
import { CourtOrder, orderTypes } from './court';
import {
	checkTransition,
	guardMessage,
	planGuardInputs,
	planProblems,
	planWarnings
} from './guards';
import { DEFAULT_SETTINGS, OrgSettings } from './settings';
import { applySettingsPatch } from './settings-update';
import { computeTerminy, nextAssessmentDue } from './deadlines';
import { isPolishHoliday } from '../calendar/polish-holidays';
import { Action, type WorkPlan } from './work-plan';
import { Visit } from './visit';
import { countDuties } from './duties';
import { AssistantChangeRequest, assistantHistory, checkAssistantChange } from './assistant-change';
import { RECORDED_ONLY_BY } from './case-events';
import { canonicalPlanText } from './plan-hash';
import { NkRecord, nkDeadlines } from './niebieska-karta';
import { numberedStamps } from './test-support';

/**
 * "The law as it stands" (issue 13): rules that blocked real cases, amended to the text of the
 * family-support act (Dz.U. 2025 poz. 49), KRiO art. 109 and the Niebieska Karta regulation.
 * Long on purpose: a table of the law's rules, one describe per provision, over one fixture; split
 * into files, its record literals would repeat across them.
 */

const base = numberedStamps('l');
const ctx = { settings: DEFAULT_SETTINGS, actor: 'asystent' as const };
const goal = { id: 'g1', kind: 'glowny' as const, title: 'Cel' };
const action = {
	id: 'a1',
	goalId: 'g1',
	description: 'Wniosek o dodatek',
	responsible: 'Jan',
	deadline: '2027-01-31',
	expectedEffect: 'Dodatek przyznany',
	status: 'planowane' as const,
	doneDate: ''
};
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

describe('G3: how consent was given (art. 8 ust. 3: "za jej zgodą i aktywnym udziałem")', () => {
	const assigned: CaseEvent = {
		...base(),
		type: 'przyjecie',
		to: 'PRZYDZIELONA',
		refs: { pomostId: '', signalDate: '', letterNo: '' }
	};
	it('[G3] oral consent with a note passes G3; written form is practice', () => {
		const oral = CaseEvent.parse({
			...base(),
			type: 'zgoda',
			kind: 'ustna',
			date: '2026-11-20',
			signatories: ['Anna Kowalska'],
			note: 'Zgoda wyrażona ustnie podczas wizyty, obecna pracownica socjalna.'
		});
		const view = reduceCase([assigned, oral]);
		expect(view.consent).toMatchObject({ kind: 'ustna' });
		expect(checkTransition(view, 'NAWIAZANIE', ctx).ok).toBe(true);
	});

	it('[G3] oral consent without a note is not a consent: G3 refuses with the article', () => {
		const oral = CaseEvent.parse({
			...base(),
			type: 'zgoda',
			kind: 'ustna',
			date: '2026-11-20',
			signatories: ['Anna Kowalska']
		});
		const r = checkTransition(reduceCase([assigned, oral]), 'NAWIAZANIE', ctx);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(guardMessage(r.failure)).toMatch(/art\. 8 ust\. 3/);
	});

	it('[G3] an old written consent without a note still reads and passes', () => {
		const old = CaseEvent.parse({
			...base(),
			type: 'zgoda',
			kind: 'pisemna',
			date: '2026-11-20',
			signatories: ['Anna']
		});
		expect(checkTransition(reduceCase([assigned, old]), 'NAWIAZANIE', ctx).ok).toBe(true);
	});
});

describe('OS6: the periodic assessment at least every six months (art. 15 ust. 1 pkt 15)', () => {
	it('[OS6] a setting over 6 months is refused with a Polish message naming the article; nothing changes', () => {
		const r = applySettingsPatch(DEFAULT_SETTINGS, { assessmentEveryMonths: 12 });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.assessmentEveryMonths).toMatch(/art\. 15 ust\. 1 pkt 15/);
		const ok = applySettingsPatch(DEFAULT_SETTINGS, {
			assessmentEveryMonths: 4,
			assessmentReminderMonths: 3
		});
		expect(ok.ok).toBe(true);
	});

	it('[OS6] a stored 12 from before the rule reads as 6, the rest of the settings kept', () => {
		const s = OrgSettings.parse({
			assessmentEveryMonths: 12,
			assessmentReminderMonths: 11,
			caseloadLimit: 9
		});
		expect(s.assessmentEveryMonths).toBe(6);
		expect(s.assessmentReminderMonths).toBe(5);
		expect(s.caseloadLimit).toBe(9);
	});
});

describe('DL7: the assessment clock runs from the assistant start of work, suspended cases too', () => {
	const courtFirst: CaseEvent[] = [
		{
			...base(),
			type: 'postanowienie_sadu',
			orderId: 'o1',
			orderType: 'zobowiazanie',
			date: '2026-01-10'
		},
		{
			...base(),
			at: '2026-03-02T09:00:00+01:00',
			type: 'przyjecie',
			to: 'PRZYDZIELONA',
			refs: { pomostId: '', signalDate: '', letterNo: '' }
		}
	];

	it('[DL7] a court order dated before the assignment does not start the six-month clock', () => {
		// The intake must be first in the log (CE5); the order may be recorded after it.
		const view = reduceCase([courtFirst[1], courtFirst[0]]);
		expect(
			nextAssessmentDue({ today: '2026-06-01', settings: DEFAULT_SETTINGS, caseView: view })
		).toBe('2026-09-02');
	});

	it('[DL7] a suspended case (ZAWIESZONA) still shows its overdue assessment', () => {
		const view = { ...reduceCase([courtFirst[1], courtFirst[0]]), state: 'ZAWIESZONA' as const };
		const t = computeTerminy(
			{ today: '2026-10-01', settings: DEFAULT_SETTINGS, caseView: view },
			isPolishHoliday
		);
		expect(t.find((x) => x.kind === 'ocena')).toMatchObject({
			due: '2026-09-02',
			status: 'po_terminie'
		});
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

describe('CT4: courts ask about former clients (art. 15 ust. 1 pkt 17 has no time limit)', () => {
	it('[CT4] a court request and a sent opinion may be recorded in a closed case', () => {
		expect(courtCorrespondenceRefusal('ZAMKNIETA')).toBeNull();
		expect(courtCorrespondenceRefusal('WNIOSEK')).not.toBeNull();
	});
});

describe('CT7: one court order, several obligations', () => {
	const order = {
		id: 'o1',
		court: 'Sąd Rejonowy w Lublinie',
		caseRef: 'III Nsm 1/26',
		date: '2026-11-02',
		type: 'nadzor_kuratora',
		alsoTypes: ['zobowiazanie']
	};

	it('[CT7] an order with supervision by a kurator and an obligation to work with an assistant keeps both', () => {
		const o = CourtOrder.parse(order);
		expect(orderTypes(o)).toEqual(['nadzor_kuratora', 'zobowiazanie']);
		const old = CourtOrder.parse({ ...order, alsoTypes: undefined });
		expect(orderTypes(old)).toEqual(['nadzor_kuratora']);
	});

	it('[CT7][CT3] the core event of such an order sets the court obligation (G3 exemption)', () => {
		const e = CaseEvent.parse({
			...base(),
			type: 'postanowienie_sadu',
			orderId: 'o1',
			orderType: 'nadzor_kuratora',
			alsoTypes: ['zobowiazanie'],
			date: '2026-11-02'
		});
		const view = reduceCase([e]);
		expect(view.courtObligation).toBe(true);
		expect(view.consent?.kind).toBe('zwolnienie_sad');
	});
});

describe('NK1: Niebieska Karta deadlines in Polish working days (Dz.U. 2023 poz. 1870)', () => {
	const record = (over: Partial<NkRecord> = {}): NkRecord =>
		NkRecord.parse({ id: 'nk1', startedOn: '2026-04-30', ...over });

	it('[NK1] NK-A to the ZI chair within 5 working days, across 1 and 3 May', () => {
		// 30 April 2026 is a Thursday; 1 May (Friday) and 3 May (Sunday) are holidays.
		expect(nkDeadlines(record(), isPolishHoliday)).toEqual([
			{ recordId: 'nk1', step: 'do_przewodniczacego', due: '2026-05-08', doneOn: '' }
		]);
	});

	it('[NK1] the chair passes it to the group within 3 working days, across 24–26 December (24 December a holiday from 2025)', () => {
		const r = record({ startedOn: '2026-12-21', toChairOn: '2026-12-22' });
		const steps = nkDeadlines(r, isPolishHoliday);
		expect(steps.find((s) => s.step === 'do_grupy')?.due).toBe('2026-12-29');
		expect(steps.find((s) => s.step === 'do_przewodniczacego')?.doneOn).toBe('2026-12-22');
	});

	it('[NK1] the first meeting within 5 working days of the group receiving it; the notice only when started in the absence', () => {
		const r = record({
			startedOn: '2026-11-02',
			toChairOn: '2026-11-03',
			toGroupOn: '2026-11-05'
		});
		const steps = nkDeadlines(r, isPolishHoliday);
		// 11 November is a holiday: 6, 9, 10, 12, 13.
		expect(steps.find((s) => s.step === 'posiedzenie')?.due).toBe('2026-11-13');
		expect(steps.some((s) => s.step === 'zawiadomienie')).toBe(false);
		const absent = nkDeadlines({ ...r, suspectAbsent: true }, isPolishHoliday);
		expect(absent.find((s) => s.step === 'zawiadomienie')?.due).toBe('2026-11-06');
	});

	it('[NK1] a step dated before the procedure started is refused with a Polish message', () => {
		const bad = NkRecord.safeParse({ id: 'x', startedOn: '2026-11-10', toChairOn: '2026-11-09' });
		expect(bad.success).toBe(false);
		expect(bad.error?.issues[0].message).toMatch(/wszczęcie procedury/);
	});

	it('[NK1][DL1] NK deadlines join the Terminy tray, overdue when not done', () => {
		const t = computeTerminy(
			{ today: '2026-05-11', settings: DEFAULT_SETTINGS, nk: [record()] },
			isPolishHoliday
		);
		expect(t).toContainEqual({
			kind: 'nk',
			ref: 'nk1:do_przewodniczacego',
			subject: 'do_przewodniczacego',
			due: '2026-05-08',
			status: 'po_terminie'
		});
		const done = computeTerminy(
			{
				today: '2026-05-11',
				settings: DEFAULT_SETTINGS,
				nk: [record({ toChairOn: '2026-05-04' })]
			},
			isPolishHoliday
		);
		expect(done.some((x) => x.ref === 'nk1:do_przewodniczacego')).toBe(false);
		expect(done.some((x) => x.ref === 'nk1:do_grupy')).toBe(true);
	});
	it('[NK2] an assistant holding the compartment write-only is due only the hand-over to the chair', () => {
		const input = {
			today: '2026-05-11',
			settings: DEFAULT_SETTINGS,
			nk: [record(), record({ id: 'nk2', toChairOn: '2026-05-04', suspectAbsent: true })],
			nkHandOverOnly: true
		};
		const refs = computeTerminy(input, isPolishHoliday).map((x) => x.ref);
		expect(refs).toEqual(['nk1:do_przewodniczacego']);
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

describe('AS4/OS7: the periodic assessment is passed to the employer (art. 15 ust. 1 pkt 15)', () => {
	const a = {
		id: 'as1',
		date: '2026-11-02',
		periodFrom: '2026-05-02',
		periodTo: '2026-11-01',
		goals: {},
		cooperation: 'dobra',
		recommendation: 'kontynuacja',
		recipients: []
	};

	it('[AS4] sent and received dates are recorded; a date before the assessment, or receipt before sending, is refused naming the article', () => {
		expect(Assessment.parse(a).passedOn).toBeUndefined();
		expect(
			Assessment.parse({ ...a, passedOn: '2026-11-05', receivedOn: '2026-11-06' }).receivedOn
		).toBe('2026-11-06');
		const early = Assessment.safeParse({ ...a, passedOn: '2026-11-01' });
		expect(early.success).toBe(false);
		expect(early.error?.issues[0].message).toMatch(/art\. 15 ust\. 1 pkt 15/);
		const noSend = Assessment.safeParse({ ...a, receivedOn: '2026-11-06' });
		expect(noSend.success).toBe(false);
		expect(
			Assessment.safeParse({ ...a, passedOn: '2026-11-06', receivedOn: '2026-11-05' }).success
		).toBe(false);
	});

	it('[AS4][OS7] the latest assessment not passed on is a deadline of the Terminy tray, overdue after the organisation’s days', () => {
		const older = Assessment.parse({
			...a,
			id: 'as0',
			date: '2026-05-02',
			periodFrom: '2026-01-01',
			periodTo: '2026-05-01'
		});
		const latest = Assessment.parse(a);
		expect(assessmentsNotPassed([older, latest])).toEqual([{ id: 'as1', date: '2026-11-02' }]);
		expect(assessmentsNotPassed([older, { ...latest, passedOn: '2026-11-03' }])).toEqual([]);
		const t = computeTerminy(
			{
				today: '2026-11-20',
				settings: DEFAULT_SETTINGS,
				assessmentsToPass: assessmentsNotPassed([latest])
			},
			isPolishHoliday
		);
		expect(t).toContainEqual({
			kind: 'przekazanie_oceny',
			ref: 'as1',
			subject: '2026-11-02',
			due: '2026-11-16',
			status: 'po_terminie'
		});
	});

	it('[OS7] the hand-over days are a [practice] setting, 1–30; outside the bound refused, nothing changes', () => {
		expect(DEFAULT_SETTINGS.assessmentHandOverDays).toBe(14);
		const r = applySettingsPatch(DEFAULT_SETTINGS, { assessmentHandOverDays: 45 });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.assessmentHandOverDays).toMatch(/30/);
		const ok = applySettingsPatch(DEFAULT_SETTINGS, { assessmentHandOverDays: 7 });
		expect(ok.ok && ok.settings.assessmentHandOverDays).toBe(7);
	});
});

describe('CE10: change of assistant as a case event (art. 15 ust. 4, art. 17)', () => {
	const req = (over: object = {}) =>
		AssistantChangeRequest.parse({
			assistantId: '00000000-0000-4000-8000-000000000002',
			since: '2026-12-01',
			reason: 'urlop macierzyński asystentki',
			...over
		});
	const input = (over: object = {}) => ({
		settings: DEFAULT_SETTINGS,
		req: req(),
		currentAssistantId: '00000000-0000-4000-8000-000000000001',
		socialWorkerId: null,
		newAssistantCaseload: 3,
		state: 'REALIZACJA' as const,
		caseStart: '2026-06-01',
		...over
	});

	it('[CE10][G1] the new assistant’s caseload is checked: the statutory 15 is never exceeded', () => {
		expect(checkAssistantChange(input()).ok).toBe(true);
		const full = checkAssistantChange(input({ newAssistantCaseload: 15 }));
		expect(full.ok).toBe(false);
		if (!full.ok) expect(full.message).toMatch(/15/);
	});

	it('[CE10][G2] the new assistant may not be the family’s social worker (art. 17)', () => {
		const r = checkAssistantChange(
			input({ socialWorkerId: '00000000-0000-4000-8000-000000000002' })
		);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.code).toBe('guard');
	});

	it('[CE10] a change dated before the case started, or of a closed case, is refused with a Polish message', () => {
		const early = checkAssistantChange(input({ req: req({ since: '2026-05-31' }) }));
		expect(early).toMatchObject({ ok: false, code: 'before-start' });
		if (!early.ok) expect(early.message).toMatch(/rozpoczęcie sprawy/);
		expect(checkAssistantChange(input({ state: 'ZAMKNIETA' }))).toMatchObject({
			ok: false,
			code: 'closed'
		});
		expect(AssistantChangeRequest.safeParse({ ...req(), reason: ' ' }).success).toBe(false);
	});

	it('[CE10] the event is the head’s act and builds the family’s assistant history', () => {
		expect(RECORDED_ONLY_BY.zmiana_asystenta).toEqual(['kierownik']);
		const change = (to: string, since: string, from: string): CaseEvent =>
			CaseEvent.parse({
				...base(),
				actorRole: 'kierownik',
				type: 'zmiana_asystenta',
				fromId: from,
				fromName: from.toUpperCase(),
				toId: to,
				toName: to.toUpperCase(),
				since,
				reason: 'powód ' + to
			});
		const h = assistantHistory([change('b', '2026-09-01', 'a'), change('c', '2026-12-01', 'b')], {
			id: 'c',
			name: 'C'
		});
		expect(h.map((p) => [p.name, p.from, p.to])).toEqual([
			['A', null, '2026-09-01'],
			['B', '2026-09-01', '2026-12-01'],
			['C', '2026-12-01', null]
		]);
		expect(h[2].reason).toBe('powód c');
		expect(assistantHistory([], { id: 'a', name: 'A' })).toEqual([
			{ id: 'a', name: 'A', from: null, to: null, reason: null }
		]);
	});
});
