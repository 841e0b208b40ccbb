import { describe, expect, it } from 'vitest';
import { CaseEvent } from '$lib/domain/case-events';
import { actorPl, dateTimePl, datePl, describeEvent, deviceTimestamp } from './case-view';

describe('case log display', () => {
	it('[CE1] device time stamps carry the offset and parse as case event times', () => {
		const at = deviceTimestamp(new Date(2026, 10, 23, 9, 5, 7));
		expect(at).toMatch(/^2026-11-23T09:05:07[+-]\d{2}:\d{2}$/);
		const e = CaseEvent.safeParse({
			type: 'wycofanie_zgody',
			id: 'x',
			at,
			actorId: 'u',
			actorRole: 'asystent',
			online: true,
			date: '2026-11-23'
		});
		expect(e.success).toBe(true);
	});

	it('[CE1] dates show as dd.mm.rrrr, in the time the recording device saw', () => {
		expect(datePl('2026-03-09')).toBe('09.03.2026');
		expect(dateTimePl('2026-03-09T23:30:00+01:00')).toBe('09.03.2026, 23:30');
		expect(datePl('bzdura')).toBe('bzdura');
	});

	it('[CE1] events read as Polish sentences with who recorded them', () => {
		const e = CaseEvent.parse({
			type: 'przejscie',
			id: 'x',
			at: '2026-11-23T10:00:00Z',
			actorId: 'u',
			actorRole: 'asystent',
			actorName: 'Anna',
			online: false,
			from: 'PRZYDZIELONA',
			to: 'NAWIAZANIE'
		});
		expect(describeEvent(e)).toBe('Przydzielona – oczekuje na zgodę → Nawiązanie kontaktu');
		expect(actorPl(e)).toBe('Anna (asystent rodziny)');
		expect(actorPl({ actorRole: 'obcy' })).toBe('obcy');
	});
});
