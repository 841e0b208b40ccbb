import { describe, expect, it } from 'vitest';
import { CaseEvent } from './case-events';
import { Assessment, assessmentsNotPassed } from './assessment';
import { DEFAULT_SETTINGS } from './settings';
import { applySettingsPatch } from './settings-update';
import { computeTerminy } from './deadlines';
import { isPolishHoliday } from '../calendar/polish-holidays';
import { AssistantChangeRequest, assistantHistory, checkAssistantChange } from './assistant-change';
import { RECORDED_ONLY_BY } from './case-events';
import { base } from './law-fixtures';

/**
 * "The law as it stands" (issue 13): rules that blocked real cases, amended to the text of the
 * family-support act (Dz.U. 2025 poz. 49), KRiO art. 109 and the Niebieska Karta regulation.
 * This file: the periodic assessment and the change of assistant.
 */

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
