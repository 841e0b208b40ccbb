import type { Termin } from '$lib/domain/deadlines';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '$lib/domain/case-events';
import { reduceCase } from '$lib/domain/case-view';
import { DEFAULT_SETTINGS } from '$lib/domain/settings';
import type { Visit } from '$lib/domain/visit';
import { isPolishHoliday } from '$lib/calendar/polish-holidays';
import {
	trayTerminy,
	caseloadOf,
	familyTerminy,
	groupTerminy,
	matchesSearch,
	nextTermin,
	terminLabel
} from './terminy-view';

const base = { actorId: 'u1', actorRole: 'asystent', online: true };
const moves: [string, string][] = [
	['ZGLOSZENIE', 'WYWIAD'],
	['WYWIAD', 'WNIOSEK'],
	['WNIOSEK', 'OCZEKUJE'],
	['OCZEKUJE', 'PRZYDZIELONA'],
	['PRZYDZIELONA', 'NAWIAZANIE']
];
const log = moves.map(
	([from, to], i) =>
		({
			...base,
			id: `e${i}`,
			at: '2025-01-02T10:00:00Z',
			type: 'przejscie',
			from,
			to,
			reason: ''
		}) as CaseEvent
);
const working = reduceCase(log);

const visit = (date: string): Visit => ({
	id: date,
	date,
	start: '',
	end: '',
	place: '',
	type: 'wizyta_domowa',
	present: '',
	safetyConcern: false,
	nextDate: '',
	offline: false
});
const ctx = (today: string) => ({ today, settings: DEFAULT_SETTINGS, isHoliday: isPolishHoliday });

describe('Terminy from a family’s documents', () => {
	it('[DL2][AS3][DL5][CO4] the periodic assessment counts from the last assessment; unsent opinions are due', () => {
		const facts = {
			plan: null,
			caseView: working,
			visits: null,
			lastAssessment: '2026-09-01',
			courtRequests: [
				{ id: 'o1', caseRef: 'III Nsm 1/26', due: '2026-12-01', sent: false },
				{ id: 'o2', caseRef: 'III Nsm 2/26', due: '2026-12-02', sent: true }
			]
		};
		const items = familyTerminy(facts, ctx('2026-11-23'));
		expect(items.find((t) => t.kind === 'ocena')?.due).toBe('2027-03-01');
		const opinions = items.filter((t) => t.kind === 'opinia');
		expect(opinions.map((t) => t.ref)).toEqual(['o1']);
		expect(opinions[0]).toMatchObject({ due: '2026-12-01', subject: 'III Nsm 1/26' });
		expect(terminLabel(opinions[0])).toBe('Opinia dla sądu (III Nsm 1/26)');
	});

	it('[DL4][VI1] the next visit is due the cadence after the latest visit, and moves with a new one', () => {
		const facts = { plan: null, caseView: working, visits: [visit('2025-03-01')] };
		const before = familyTerminy(facts, ctx('2025-03-10')).find((t) => t.kind === 'wizyta');
		expect(before).toMatchObject({ due: '2025-03-08', status: 'po_terminie' });
		const after = familyTerminy(
			{ ...facts, visits: [visit('2025-03-01'), visit('2025-03-10')] },
			ctx('2025-03-10')
		).find((t) => t.kind === 'wizyta');
		expect(after).toMatchObject({ due: '2025-03-17', status: 'pozniej' });
	});

	it('[DL2] the periodic assessment anchors on first contact when the organisation says so', () => {
		const settings = { ...DEFAULT_SETTINGS, assessmentAnchor: 'firstContact' as const };
		const t = familyTerminy(
			{ plan: null, caseView: working, visits: [] },
			{ ...ctx('2025-03-10'), settings }
		).find((x) => x.kind === 'ocena');
		expect(t?.due).toBe('2025-07-02');
	});

	it('without the case state (no core document) no visit or assessment deadline is invented', () => {
		const t = familyTerminy(
			{ plan: null, caseView: null, visits: [visit('2025-03-01')] },
			ctx('2025-03-10')
		);
		expect(t).toEqual([]);
	});

	it('groups keep their order, and the next deadline is the earliest overdue one', () => {
		const items = [
			{ status: 'wkrotce', due: '2025-03-11' },
			{ status: 'po_terminie', due: '2025-03-01' },
			{ status: 'po_terminie', due: '2025-03-05' }
		] as const;
		const g = groupTerminy(items);
		expect(g.po_terminie.map((t) => t.due)).toEqual(['2025-03-01', '2025-03-05']);
		expect(g.pozniej).toEqual([]);
		const list = familyTerminy(
			{ plan: null, caseView: working, visits: [visit('2025-03-01')] },
			ctx('2025-03-10')
		);
		expect(nextTermin(list)?.status).toBe('po_terminie');
		expect(nextTermin([])).toBeNull();
	});
});

describe('caseload and search', () => {
	it('[CS2] counts the user’s families from PRZYDZIELONA on, not monitoring by default', () => {
		const rows = [
			{ assistantId: 'me', state: 'REALIZACJA' as const },
			{ assistantId: 'me', state: 'PRZYDZIELONA' as const },
			{ assistantId: 'me', state: 'MONITORING' as const },
			{ assistantId: 'me', state: 'ZGLOSZENIE' as const },
			{ assistantId: 'me', state: null },
			{ assistantId: 'other', state: 'REALIZACJA' as const }
		];
		expect(caseloadOf(rows, 'me', DEFAULT_SETTINGS)).toEqual({ count: 2, unknown: 1, limit: 15 });
		const counting = {
			...DEFAULT_SETTINGS,
			monitoringCountsTowardCaseload: true,
			caseloadLimit: 12
		};
		expect(caseloadOf(rows, 'me', counting)).toEqual({ count: 3, unknown: 1, limit: 12 });
	});

	it('search ignores case and Polish diacritics', () => {
		expect(matchesSearch('Rodzina Zielińskich', 'zielinsk')).toBe(true);
		expect(matchesSearch('Rodzina Łukaszów', 'lukasz')).toBe(true);
		expect(matchesSearch('Rodzina Kowalskich', 'ziel')).toBe(false);
		expect(matchesSearch('Rodzina Kowalskich', '  ')).toBe(true);
	});

	it('[I18N2] every kind of deadline gets its Polish label from the catalogue', () => {
		const t = (kind: Termin['kind'], subject = '') =>
			terminLabel({ kind, subject, ref: 'x', due: '2026-12-01', status: 'pozniej' });
		expect(t('dzialanie', 'Zapisać dziecko do poradni')).toBe('Zapisać dziecko do poradni');
		expect(t('dzialanie')).toBe('Działanie bez opisu');
		expect(t('ocena')).toBe('Okresowa ocena sytuacji rodziny');
		expect(t('wizyta')).toBe('Kolejna wizyta u rodziny');
		expect(t('monitoring')).toBe('Koniec monitorowania');
		expect(t('wywiad', '2026-11-02')).toBe(
			'Rodzinny wywiad środowiskowy (zgłoszenie z 02.11.2026)'
		);
	});
});

describe('[DL8] “Najbliższe terminy” on Moje rodziny', () => {
	const t = (kind: Termin['kind'], due: string, status: Termin['status']): Termin => ({
		kind,
		ref: kind,
		subject: '',
		due,
		status
	});
	it('lists a visit due in four days (its own reminder starts two days before) as upcoming', () => {
		const today = '2026-12-05';
		const items = [
			t('dzialanie', '2026-12-02', 'po_terminie'),
			t('wizyta', '2026-12-09', 'pozniej'),
			t('ocena', '2026-12-12', 'pozniej'),
			t('dzialanie', '2026-12-13', 'pozniej')
		];
		expect(trayTerminy(items, today, 7).map((x) => [x.kind, x.due, x.status])).toEqual([
			['dzialanie', '2026-12-02', 'po_terminie'],
			['wizyta', '2026-12-09', 'wkrotce'],
			['ocena', '2026-12-12', 'wkrotce']
		]);
	});
});
