import { describe, expect, it } from 'vitest';
import {
	emptyContactForm,
	emptyMonitoringForm,
	emptySafetyForm,
	validateContactForm,
	validateMonitoringForm,
	validateSafetyForm
} from './contacts-form';

describe('contact, monitoring and safety forms', () => {
	it('[KI2] a contact needs a date and an institution; messages are Polish, values kept', () => {
		const v = { ...emptyContactForm(''), person: 'pani dyrektor' };
		const r = validateContactForm(v);
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.errors.date).toBe('Podaj datę kontaktu.');
			expect(r.errors.institution).toMatch(/Podaj instytucję/);
		}
		expect(v.person).toBe('pani dyrektor');
		expect(validateContactForm(v, { badDate: true }).ok).toBe(false);
	});

	it('[KI2] a valid contact is trimmed and ready to store', () => {
		const r = validateContactForm({
			...emptyContactForm('2026-11-20'),
			institution: '  Sąd Rejonowy  ',
			letterRef: ' III Nsm 12/26 '
		});
		expect(r).toEqual({
			ok: true,
			value: {
				date: '2026-11-20',
				institution: 'Sąd Rejonowy',
				person: '',
				purpose: 'wspolpraca',
				letterRef: 'III Nsm 12/26'
			}
		});
	});

	it('[KI3] a monitoring contact keeps the escalation flag', () => {
		const r = validateMonitoringForm({ ...emptyMonitoringForm('2026-12-01'), escalate: true });
		expect(r).toEqual({
			ok: true,
			value: { date: '2026-12-01', form: 'wizyta', escalate: true }
		});
		expect(validateMonitoringForm({ ...emptyMonitoringForm('2026-12-01'), form: 'list' }).ok).toBe(
			false
		);
	});

	it('[SA3] the violence question must be answered before a safety record is made', () => {
		const r = validateSafetyForm(emptySafetyForm('2026-11-20'));
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.violence).toBe('Odpowiedz, czy zdarzenie dotyczy przemocy domowej.');
		const yes = validateSafetyForm({
			...emptySafetyForm('2026-11-20'),
			violence: 'tak',
			time: '18:05',
			actions: ['policja', 'niebieska_karta']
		});
		expect(yes).toEqual({
			ok: true,
			value: {
				date: '2026-11-20',
				time: '18:05',
				actions: ['policja', 'niebieska_karta'],
				violenceRelated: true,
				kind: 'zagrozenie',
				concernId: ''
			}
		});
		const no = validateSafetyForm({ ...emptySafetyForm('2026-11-20'), violence: 'nie' });
		expect(no.ok && no.value.violenceRelated).toBe(false);
	});

	it('[ZG2] the intervention form keeps the concern it follows and its document', () => {
		const r = validateSafetyForm({
			...emptySafetyForm('2026-11-20'),
			violence: 'tak',
			interventionFor: 'c1'
		});
		expect(r.ok && r.value).toMatchObject({
			kind: 'interwencja',
			concernId: 'c1',
			violenceRelated: true
		});
	});

	it('[SA3] a bad time is reported in Polish', () => {
		const r = validateSafetyForm({ ...emptySafetyForm('2026-11-20'), violence: 'nie', time: '7' });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.time).toBe('Podaj godzinę w postaci gg:mm.');
	});
});
