import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonths, addWorkingDays, daysBetween, isWorkingDay, addDays } from './dates';
import { computeTerminy } from './deadlines';
import { reduceCase } from './case-view';
import { FUZZ_RUNS as RUNS } from './test-support';
import { DEFAULT_SETTINGS } from './settings';
import { isPolishHoliday } from '../calendar/polish-holidays';

const arbDate = fc
	.date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
	.map((d) => d.toISOString().slice(0, 10));

describe('working days and months', () => {
	it('[DL1] Polish public holidays come from the calendar, 24 December from 2025 on', () => {
		expect(isPolishHoliday('2025-12-24')).toBe(true);
		expect(isPolishHoliday('2024-12-24')).toBe(false);
		expect(isPolishHoliday('2026-11-11')).toBe(true);
		expect(isPolishHoliday('2026-04-06')).toBe(true); // Easter Monday 2026
		expect(() => isPolishHoliday('1999-12-25')).toThrow(RangeError);
	});

	it('[DL1] adding n working days lands on a working day with exactly n working days passed', () => {
		fc.assert(
			fc.property(arbDate, fc.integer({ min: 1, max: 30 }), (start, n) => {
				const end = addWorkingDays(start, n, isPolishHoliday);
				expect(isWorkingDay(end, isPolishHoliday)).toBe(true);
				let count = 0;
				for (let d = addDays(start, 1); d <= end; d = addDays(d, 1))
					if (isWorkingDay(d, isPolishHoliday)) count++;
				expect(count).toBe(n);
			}),
			{ numRuns: RUNS }
		);
	});

	it('[DL1] 14 working days from a signal on 2026-12-18 skip Christmas and New Year', () => {
		// Dec 24, 25, 26, Jan 1 and Jan 6 are holidays: 21–23, 28–31 Dec, 4, 5, 7, 8, 11, 12, 13 Jan.
		expect(addWorkingDays('2026-12-18', 14, isPolishHoliday)).toBe('2027-01-13');
	});

	it('[DL2] adding months keeps the day or clamps to the month’s end', () => {
		expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
		expect(addMonths('2027-08-31', 6)).toBe('2028-02-29');
		fc.assert(
			fc.property(arbDate, fc.integer({ min: 0, max: 24 }), (start, m) => {
				const end = addMonths(start, m);
				expect(Number(end.slice(8))).toBeLessThanOrEqual(Number(start.slice(8)));
				const months =
					(Number(end.slice(0, 4)) - Number(start.slice(0, 4))) * 12 +
					Number(end.slice(5, 7)) -
					Number(start.slice(5, 7));
				expect(months).toBe(m);
				expect(daysBetween(start, end)).toBeGreaterThanOrEqual(0);
			}),
			{ numRuns: RUNS }
		);
	});
});

describe('Terminy', () => {
	const working = {
		...reduceCase([
			{
				id: 'c',
				at: '2026-05-01T09:00:00Z',
				actorId: 'a',
				actorRole: 'asystent',
				online: true,
				type: 'zgoda',
				kind: 'pisemna',
				date: '2026-05-10',
				signatories: []
			}
		]),
		state: 'REALIZACJA' as const
	};

	it('[DL2] the periodic assessment is due 6 months after consent and shows from month 5', () => {
		const at = (today: string) =>
			computeTerminy(
				{ today, settings: DEFAULT_SETTINGS, caseView: working },
				isPolishHoliday
			).find((t) => t.kind === 'ocena');
		expect(at('2026-09-01')).toMatchObject({ due: '2026-11-10', status: 'pozniej' });
		expect(at('2026-10-10')).toMatchObject({ status: 'wkrotce' });
		expect(at('2026-11-11')).toMatchObject({ status: 'po_terminie' });
		expect(
			computeTerminy(
				{
					today: '2026-11-11',
					settings: DEFAULT_SETTINGS,
					caseView: working,
					lastAssessment: '2026-11-05'
				},
				isPolishHoliday
			).find((t) => t.kind === 'ocena')?.due
		).toBe('2027-05-05');
	});

	it('[DL3] open plan actions are overdue past their deadline and upcoming within 7 days; done ones vanish', () => {
		const action = (id: string, deadline: string, status: 'planowane' | 'zrealizowane') => ({
			id,
			goalId: 'g',
			description: id,
			responsible: 'M',
			deadline,
			expectedEffect: 'E',
			status,
			doneDate: ''
		});
		const plan = {
			goals: [],
			invalid: [],
			notes: '',
			actions: [
				action('a', '2026-11-20', 'planowane'),
				action('b', '2026-11-27', 'planowane'),
				action('c', '2027-01-30', 'planowane'),
				action('d', '2026-11-01', 'zrealizowane')
			]
		};
		const t = computeTerminy(
			{ today: '2026-11-23', settings: DEFAULT_SETTINGS, plan },
			isPolishHoliday
		);
		expect(t.map((x) => [x.ref, x.status])).toEqual([
			['a', 'po_terminie'],
			['b', 'wkrotce'],
			['c', 'pozniej']
		]);
	});

	it('[DL5] an unsent court opinion is reminded 7 days ahead; a sent one is not listed', () => {
		const t = computeTerminy(
			{
				today: '2026-11-23',
				settings: DEFAULT_SETTINGS,
				courtRequests: [
					{ id: 'o1', caseRef: 'III Nsm 12/26', due: '2026-11-30', sent: false },
					{ id: 'o2', caseRef: 'X', due: '2026-11-24', sent: true }
				]
			},
			isPolishHoliday
		);
		expect(t).toEqual([
			{
				kind: 'opinia',
				ref: 'o1',
				subject: 'III Nsm 12/26',
				due: '2026-11-30',
				status: 'wkrotce'
			}
		]);
	});
});
