/**
 * "The law as it stands" (issue 13), the Niebieska Karta: rules that blocked real cases, amended to the text
 * of the family-support act (Dz.U. 2025 poz. 49), KRiO art. 109 and the Niebieska Karta
 * regulation. One describe per provision; the other provisions are in the law-*.test.ts beside it.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from './settings';
import { computeTerminy } from './deadlines';
import { isPolishHoliday } from '../calendar/polish-holidays';
import { NkRecord, nkDeadlines } from './niebieska-karta';

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
