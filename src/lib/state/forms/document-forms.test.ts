import { describe, expect, it } from 'vitest';
import {
	emptyAssessmentForm,
	emptyOpinionForm,
	validateAssessmentForm,
	validateOpinionForm
} from './document-forms';

describe('assessment and court-request forms', () => {
	it('[AS2] a valid assessment keeps assessed goals only and splits the recipients', () => {
		const v = {
			...emptyAssessmentForm('2026-11-23', '2026-05-20'),
			goals: { g1: 'czesciowo', g2: '' },
			recipients: 'kierownik,  pracownik socjalny , '
		};
		expect(v.periodFrom).toBe('2026-05-20');
		const r = validateAssessmentForm(v);
		expect(r).toEqual({
			ok: true,
			value: {
				date: '2026-11-23',
				periodFrom: '2026-05-20',
				periodTo: '2026-11-23',
				goals: { g1: 'czesciowo' },
				cooperation: 'dobra',
				recommendation: 'kontynuacja',
				recipients: ['kierownik', 'pracownik socjalny']
			}
		});
	});

	it('[AS2] Polish messages per field: missing date, unreadable date, period reversed', () => {
		const base = emptyAssessmentForm('2026-11-23', null);
		expect(base.periodFrom).toBe('2026-05-23');
		const r = validateAssessmentForm({ ...base, date: '', periodFrom: '2026-12-01' }, ['periodTo']);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.errors.date).toBe('Podaj datę oceny.');
		expect(r.errors.periodTo).toMatch(/dd\.mm\.rrrr/);
		const reversed = validateAssessmentForm({ ...base, periodFrom: '2026-12-01' });
		expect(reversed).toMatchObject({
			ok: false,
			errors: { periodTo: 'Początek okresu musi być przed jego końcem.' }
		});
	});

	it('[CO2] a court request needs the court, the case reference and a due date not before receipt', () => {
		const empty = validateOpinionForm(emptyOpinionForm('2026-11-23'));
		expect(empty).toMatchObject({
			ok: false,
			errors: {
				court: 'Podaj sąd.',
				caseRef: 'Podaj sygnaturę akt.',
				due: 'Podaj termin sporządzenia opinii.'
			}
		});
		const early = validateOpinionForm({
			court: 'SR',
			caseRef: 'III Nsm 1/26',
			received: '2026-11-23',
			due: '2026-11-20',
			scope: ''
		});
		expect(early).toMatchObject({
			ok: false,
			errors: { due: 'Termin nie może być przed datą wpływu.' }
		});
		const ok = validateOpinionForm({
			court: ' SR Lublin ',
			caseRef: ' III Nsm 1/26 ',
			received: '2026-11-23',
			due: '2026-12-07',
			scope: 'x'
		});
		expect(ok).toEqual({
			ok: true,
			value: {
				court: 'SR Lublin',
				caseRef: 'III Nsm 1/26',
				received: '2026-11-23',
				due: '2026-12-07',
				scope: 'x'
			}
		});
	});
});
