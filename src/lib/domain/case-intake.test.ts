import { describe, expect, it } from 'vitest';
import type { CaseEvent } from './case-events';
import { reduceCase } from './case-view';
import { actorFor, checkIntake, exitsFor, NewFamilyRequest } from './case-intake';
import { DEFAULT_SETTINGS, OrgSettings } from './settings';
import { eventStamp } from './test-support';

const base = eventStamp;
const intake = (id: string): CaseEvent => ({
	...base(id),
	type: 'przyjecie',
	to: 'PRZYDZIELONA',
	refs: { pomostId: 'P-1', signalDate: '', letterNo: '' }
});

describe('intake from POMOST', () => {
	it('[CE5] an intake event as the first of the log starts the case at PRZYDZIELONA', () => {
		const view = reduceCase([
			intake('a'),
			{ ...base('b'), type: 'przejscie', from: 'PRZYDZIELONA', to: 'ZAMKNIETA', reason: '' }
		]);
		expect(view.state).toBe('ZAMKNIETA');
		expect(view.conflicts).toEqual([]);
	});

	it('[CE5] an intake anywhere else is kept as a conflict and not applied', () => {
		const view = reduceCase([intake('a'), intake('b')]);
		expect(view.state).toBe('PRZYDZIELONA');
		expect(view.conflicts.map((c) => c.id)).toEqual(['b']);
	});

	it('[CE5] the request schema refuses an empty name in Polish and fills defaults', () => {
		const bad = NewFamilyRequest.safeParse({ name: '  ' });
		expect(bad.success).toBe(false);
		expect(bad.error?.issues[0]?.message).toBe('Podaj nazwę rodziny.');
		const ok = NewFamilyRequest.parse({ name: 'Rodzina N.' });
		expect(ok.caseRefs).toEqual({ pomostId: '', signalDate: '', letterNo: '' });
	});
});

describe('who may move a case', () => {
	it('[CS3] an assistant sees the assistant exits only; a kurator none', () => {
		expect(exitsFor('PRZYDZIELONA', actorFor('asystent')).map((e) => e.to)).toEqual([
			'NAWIAZANIE',
			'ZAMKNIETA'
		]);
		expect(exitsFor('ZAKONCZENIE', actorFor('asystent'))).toEqual([]);
		expect(exitsFor('ZAKONCZENIE', actorFor('kierownik')).map((e) => e.to)).toEqual([
			'MONITORING',
			'ZAMKNIETA'
		]);
		expect(exitsFor('REALIZACJA', actorFor('kurator'))).toEqual([]);
	});
});

describe('caseload at intake', () => {
	const settings = OrgSettings.parse({ caseloadLimit: 12 });
	const ctx = {
		settings,
		assistantId: 'a',
		socialWorkerId: null,
		overrideJustification: ''
	};
	it('[G1b] the statutory 15 is a hard block, even for the head', () => {
		const r = checkIntake({
			...ctx,
			byHead: true,
			assistantCaseload: 15,
			overrideJustification: 'pilne'
		});
		expect(r.ok ? null : r.failure.code).toBe('G1-ceiling');
	});
	it('[G1b] over the local limit only a head with a justification passes, marked as override', () => {
		const byAssistant = checkIntake({ ...ctx, byHead: false, assistantCaseload: 12 });
		expect(byAssistant.ok ? null : byAssistant.failure.code).toBe('G1-local-limit');
		const noReason = checkIntake({ ...ctx, byHead: true, assistantCaseload: 12 });
		expect(noReason.ok).toBe(false);
		const head = checkIntake({
			...ctx,
			byHead: true,
			assistantCaseload: 12,
			overrideJustification: 'zastępstwo'
		});
		expect(head).toEqual({ ok: true, overLocalLimit: true });
	});
	it('[G1b][G2] under the limit passes; the assistant may not be the social worker', () => {
		expect(
			checkIntake({ ...ctx, settings: DEFAULT_SETTINGS, byHead: false, assistantCaseload: 3 }).ok
		).toBe(true);
		const g2 = checkIntake({
			...ctx,
			byHead: false,
			assistantCaseload: 0,
			socialWorkerId: 'a'
		});
		expect(g2.ok ? null : g2.failure.code).toBe('G2-social-worker');
	});
});
