import { describe, expect, it } from 'vitest';
import { emptyVisitForm, validateVisitForm, type VisitFormValues } from './visit-form';

const form = (patch: Partial<VisitFormValues> = {}): VisitFormValues => ({
	...emptyVisitForm('2025-03-10'),
	...patch
});

describe('visit form', () => {
	it('[VI2] a complete form becomes a new visit with the offline flag', () => {
		const r = validateVisitForm(form({ start: '10:00', end: '11:30', place: ' dom ' }), {
			offline: true
		});
		expect(r).toEqual({
			ok: true,
			value: {
				date: '2025-03-10',
				start: '10:00',
				end: '11:30',
				place: 'dom',
				type: 'wizyta_domowa',
				present: '',
				offline: true
			}
		});
	});

	it('[VI2] an end before the start is refused with a Polish message on the end field', () => {
		const r = validateVisitForm(form({ start: '12:00', end: '11:00' }), { offline: false });
		expect(r).toEqual({
			ok: false,
			errors: { end: 'Koniec wizyty nie może być przed początkiem.' }
		});
	});

	it('[VI2] a missing, impossible or unreadable date is refused on the date field', () => {
		expect(validateVisitForm(form({ date: '' }), { offline: false })).toMatchObject({
			ok: false,
			errors: { date: 'Podaj datę wizyty.' }
		});
		const impossible = validateVisitForm(form({ date: '2025-02-30' }), { offline: false });
		expect(impossible.ok ? null : impossible.errors.date).toMatch(/datę wizyty/);
		const bad = validateVisitForm(form({ date: '' }), { offline: false, badDate: true });
		expect(bad.ok ? null : bad.errors.date).toMatch(/dd\.mm\.rrrr/);
	});

	it('[VI2] a malformed time and an unknown type are each reported by their field', () => {
		const r = validateVisitForm(form({ start: '25:00', type: 'piknik' }), { offline: false });
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(Object.keys(r.errors).sort()).toEqual(['start', 'type']);
			expect(r.errors.start).toMatch(/gg:mm/);
		}
	});

	it('a new form is prefilled with where and with whom the last visit was', () => {
		const next = emptyVisitForm('2025-03-17', {
			place: 'ul. Polna 3',
			type: 'telefon',
			present: 'matka'
		});
		expect(next).toEqual({
			date: '2025-03-17',
			start: '',
			end: '',
			place: 'ul. Polna 3',
			type: 'telefon',
			present: 'matka'
		});
	});
});
