import { describe, expect, it } from 'vitest';
import type { ConflictValue } from '$lib/domain/conflicts';
import { conflictFieldText, conflictValueBy, conflictValueText } from '../family/conflicts.svelte';

const ARRIVED = Date.UTC(2026, 11, 5, 9, 12);
const value = (v: Partial<ConflictValue>): ConflictValue => ({
	item: '1:0',
	value: 'Matka',
	userId: 'u1',
	userName: 'Anna A.',
	arrivedAt: ARRIVED,
	authoredAt: ARRIVED - 3_600_000,
	authoringUnknown: false,
	...v
});

describe('[CF3][CF6] a conflict’s values as the marker and the list show them', () => {
	it('[CF3] a device whose clock is years off: its value reads “czas nieznany”, never a date', () => {
		const shown = conflictValueBy(value({ authoredAt: null, authoringUnknown: true }));
		expect(shown).toBe('Anna A., czas nieznany');
		expect(shown).not.toMatch(/\d{1,2}\.\d{1,2}\.\d{4}/);
	});

	it('[CF3] a believable device time is shown as the time it was written, not its arrival', () => {
		const shown = conflictValueBy(value({}));
		expect(shown).toBe('Anna A., 5.12.2026, 09:12');
	});

	it('[CF6] an emptied field reads “(puste)”; a value is shown whole', () => {
		expect(conflictValueText(value({ value: '' }))).toBe('(puste)');
		expect(conflictValueText(value({ value: null }))).toBe('(puste)');
		expect(conflictValueText(value({ value: 'ul. Polna 3, Gdańsk' }))).toBe('ul. Polna 3, Gdańsk');
	});

	it('[CF8][NC2] narratives of the plan, assessments, the final assessment and court opinions are named as on their pages', () => {
		expect(conflictFieldText({ root: 'notes', field: 'notes' })).toBe('Notatki');
		expect(conflictFieldText({ root: 'assessments', field: 'finanse' })).toBe('finanse');
		expect(conflictFieldText({ root: 'finalAssessments', field: 'recommendation' })).toBe(
			'Zalecenia'
		);
		expect(conflictFieldText({ root: 'opinions', field: 'wnioski' })).toBe('Wnioski');
	});
});
