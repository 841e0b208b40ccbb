import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '$lib/domain/settings';
import { applySettingsPatch } from '$lib/domain/settings-update';
import { formOf, patchOf } from './settings-form';

describe('the settings form', () => {
	it('[OS5] the defaults round-trip through the form unchanged', () => {
		expect(applySettingsPatch(DEFAULT_SETTINGS, patchOf(formOf(DEFAULT_SETTINGS)))).toEqual({
			ok: true,
			settings: DEFAULT_SETTINGS
		});
	});

	it('[OS5] typed numbers and a list of court reminder days become the settings', () => {
		const form = {
			...formOf(DEFAULT_SETTINGS),
			visitCadenceDays: ' 14 ',
			courtOpinionReminderDays: '10; 5 ,1'
		};
		const r = applySettingsPatch(DEFAULT_SETTINGS, patchOf(form));
		expect(r).toMatchObject({
			ok: true,
			settings: { visitCadenceDays: 14, courtOpinionReminderDays: [10, 5, 1] }
		});
	});

	it('[OS5] what is not a whole number is refused by name, and the form keeps it as typed', () => {
		const form = { ...formOf(DEFAULT_SETTINGS), caseloadLimit: '12,5', monitoringMonths: 'rok' };
		const r = applySettingsPatch(DEFAULT_SETTINGS, patchOf(form));
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors.caseloadLimit).toMatch(/^Limit rodzin na asystenta: podaj liczbę\.$/);
		expect(r.errors.monitoringMonths).toMatch(/Czas monitorowania/);
		expect(form.caseloadLimit).toBe('12,5');
	});
});
