import { describe, expect, it } from 'vitest';
import { reduceCase, CaseEvent } from './case-events';
import { agreedCoordinationProblems, courtCorrespondenceRefusal } from './care';
import { CourtOrder, orderTypes } from './court';
import { DEFAULT_SETTINGS } from './settings';
import { computeTerminy, nextAssessmentDue } from './deadlines';
import { isPolishHoliday } from '../calendar/polish-holidays';
import { NkRecord, nkDeadlines } from './niebieska-karta';
import { base, plain, agreed, consulted, toRealizacja, placed } from './law-fixtures';

/**
 * "The law as it stands" (issue 13): rules that blocked real cases, amended to the text of the
 * family-support act (Dz.U. 2025 poz. 49), KRiO art. 109 and the Niebieska Karta regulation.
 * This file: deadlines, foster care, courts and the Niebieska Karta.
 */

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
