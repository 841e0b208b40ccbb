import { describe, expect, it } from 'vitest';
import { DATE_WINDOWS, DateField, dateBounds, dateFits } from '$lib/domain/date-bounds';
import { checkDate, checkFormDates } from './date-bounds';
import { validateContactForm, emptyContactForm } from './contacts-form';
import { validateCourtOrderForm, emptyCourtOrderForm } from './court-order-form';
import {
	emptyAssessmentForm,
	emptyOpinionForm,
	validateAssessmentForm,
	validateOpinionForm
} from './document-forms';

const today = '2026-12-05';

describe('[DB1] one declaration of every date field’s bounds', () => {
	it('every field has a window, and the server’s slack only widens it', () => {
		for (const f of DateField.options) {
			expect(DATE_WINDOWS[f]).toBeDefined();
			const form = dateBounds(f, today);
			const server = dateBounds(f, today, 3);
			expect(server.min <= form.min && server.max >= form.max).toBe(true);
			expect(dateFits(f, '3000-01-01', today, 3)).toBe(false);
			expect(dateFits(f, '1800-01-01', today, 3)).toBe(false);
			expect(dateFits(f, '', today)).toBe(true);
		}
	});

	it('a plan deadline in the past is kept with a warning; in 3000 refused with the window', () => {
		expect(checkDate('planDeadline', '2026-11-01', today)).toEqual({
			error: null,
			warning: expect.stringContaining('Ten termin już minął (01.11.2026)')
		});
		expect(checkDate('planDeadline', '3000-01-01', today).error).toBe(
			'Podaj datę od 05.12.2021 do 05.12.2031.'
		);
	});

	it('checkFormDates keeps a message already given for a date’s shape', () => {
		const errors: Partial<Record<'a' | 'b', string>> = { a: 'zła data' };
		checkFormDates(
			{ a: '3000-01-01', b: '3000-01-01' },
			{ a: 'visitDate', b: 'visitDate' },
			errors,
			today
		);
		expect(errors.a).toBe('zła data');
		expect(errors.b).toMatch(/^Podaj datę od /);
	});
});

describe('[DB1][DB2] the forms refuse dates out of bounds and texts too long, with the limit', () => {
	it('a contact next month, and an institution of 5,000 characters', () => {
		const r = validateContactForm(
			{ ...emptyContactForm(today), date: '2027-01-06', institution: 'x'.repeat(5000) },
			{ today }
		);
		expect(r).toEqual({
			ok: false,
			errors: {
				date: 'Podaj datę od 05.12.2021 do 05.12.2026.',
				institution: expect.stringContaining('Za długie: najwyżej 200 znaków, wpisano 5000.')
			}
		});
	});

	it('a court order dated tomorrow, valid until in 40 years', () => {
		const r = validateCourtOrderForm(
			{
				...emptyCourtOrderForm(),
				court: 'Sąd Rejonowy',
				caseRef: 'III Nsm 1/26',
				type: 'nadzor_kuratora',
				date: '2026-12-06',
				validUntil: '2066-12-06'
			},
			[],
			today
		);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors.date).toMatch(/^Podaj datę od \d{2}\.\d{2}\.\d{4} do 05\.12\.2026\.$/);
		expect(r.errors.validUntil).toMatch(/^Podaj datę od /);
	});

	it('an opinion due in three years; one due next month passes', () => {
		const base = { ...emptyOpinionForm(today), court: 'Sąd Rejonowy', caseRef: 'III Nsm 2/26' };
		const far = validateOpinionForm({ ...base, due: '2029-12-05' }, [], today);
		expect(far.ok).toBe(false);
		if (!far.ok) expect(far.errors.due).toBe('Podaj datę od 05.12.2021 do 05.12.2027.');
		expect(validateOpinionForm({ ...base, due: '2027-01-05' }, [], today).ok).toBe(true);
	});
});

describe('[AS2] an assessment that assesses nothing is refused, also while the plan still loads', () => {
	const v = { ...emptyAssessmentForm(today, '2026-06-01') };
	it('plan goals not known yet (null): refused; a plan with no goals: nothing to assess', () => {
		const loading = validateAssessmentForm(v, [], { today, planGoals: null });
		expect(loading.ok).toBe(false);
		if (!loading.ok) expect(loading.errors.goals).toMatch(/^Ocena nic nie mówi/);
		expect(validateAssessmentForm(v, [], { today, planGoals: 0 }).ok).toBe(true);
		const withGoals = validateAssessmentForm(v, [], { today, planGoals: 2 });
		expect(withGoals.ok).toBe(false);
	});
});
