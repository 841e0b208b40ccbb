import { describe, expect, it } from 'vitest';
import { emptyCourtOrderForm, validateCourtOrderForm } from './court-order-form';

const filled = () => ({
	...emptyCourtOrderForm(),
	court: ' Sąd Rejonowy w Lublinie ',
	caseRef: 'III Nsm 12/26',
	date: '2026-11-02',
	type: 'zobowiazanie',
	persons: ['m1', 'm1', 'm2']
});

describe('court order form', () => {
	it('[CT1] an empty form gets a Polish message for each required field', () => {
		const r = validateCourtOrderForm(emptyCourtOrderForm());
		expect(r.ok).toBe(false);
		if (!r.ok) {
			expect(r.errors.court).toBe('Podaj sąd.');
			expect(r.errors.caseRef).toMatch(/sygnaturę/);
			expect(r.errors.date).toMatch(/datę/);
			expect(r.errors.type).toBe('Wybierz rodzaj postanowienia.');
		}
	});

	it('[CT1] a filled form gives the order trimmed, persons once each', () => {
		const r = validateCourtOrderForm(filled());
		expect(r).toEqual({
			ok: true,
			value: {
				court: 'Sąd Rejonowy w Lublinie',
				division: '',
				caseRef: 'III Nsm 12/26',
				date: '2026-11-02',
				type: 'zobowiazanie',
				persons: ['m1', 'm2'],
				kurator: '',
				validFrom: '',
				validUntil: ''
			}
		});
	});

	it('[CT1] a date the browser could not read, or a validity ending before it starts, is refused by its field', () => {
		const bad = validateCourtOrderForm(filled(), ['validFrom']);
		expect(bad.ok || bad.errors.validFrom).toMatch(/datę/);
		const order = validateCourtOrderForm({
			...filled(),
			validFrom: '2026-12-01',
			validUntil: '2026-11-01'
		});
		expect(order.ok || order.errors.validUntil).toMatch(/nie może być przed/);
	});
});
