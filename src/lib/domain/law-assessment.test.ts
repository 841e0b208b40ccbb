/**
 * "The law as it stands" (issue 13), the periodic assessment: rules that blocked real cases, amended to the text
 * of the family-support act (Dz.U. 2025 poz. 49), KRiO art. 109 and the Niebieska Karta
 * regulation. One describe per provision; the other provisions are in the law-*.test.ts beside it.
 */
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from './case-events';
import { reduceCase } from './case-view';
import { Assessment, assessmentsNotPassed } from './assessment';
import { DEFAULT_SETTINGS, OrgSettings } from './settings';
import { applySettingsPatch } from './settings-update';
import { computeTerminy, nextAssessmentDue } from './deadlines';
import { isPolishHoliday } from '../calendar/polish-holidays';
import { numberedStamps } from './test-support';

const base = numberedStamps('l');

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
