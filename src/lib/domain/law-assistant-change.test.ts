/**
 * "The law as it stands" (issue 13), the change of assistant: rules that blocked real cases, amended to the text
 * of the family-support act (Dz.U. 2025 poz. 49), KRiO art. 109 and the Niebieska Karta
 * regulation. One describe per provision; the other provisions are in the law-*.test.ts beside it.
 */
import { describe, expect, it } from 'vitest';
import { CaseEvent, RECORDED_ONLY_BY } from './case-events';
import { AssistantChangeRequest, assistantHistory, checkAssistantChange } from './assistant-change';
import { DEFAULT_SETTINGS } from './settings';
import { numberedStamps } from './test-support';

const base = numberedStamps('l');

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
