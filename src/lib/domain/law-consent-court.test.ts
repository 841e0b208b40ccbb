/**
 * "The law as it stands" (issue 13), consent and the court: rules that blocked real cases, amended to the text
 * of the family-support act (Dz.U. 2025 poz. 49), KRiO art. 109 and the Niebieska Karta
 * regulation. One describe per provision; the other provisions are in the law-*.test.ts beside it.
 */
import { describe, expect, it } from 'vitest';
import { CaseEvent } from './case-events';
import { reduceCase, withdrawalEndsWork } from './case-view';
import { courtCorrespondenceRefusal } from './care';
import { CourtOrder, orderTypes } from './court';
import { checkTransition, guardMessage } from './guards';
import { DEFAULT_SETTINGS } from './settings';
import { courtOrderInput, numberedStamps } from './test-support';

const base = numberedStamps('l');
const ctx = { settings: DEFAULT_SETTINGS, actor: 'asystent' as const };

describe('G3: how consent was given (art. 8 ust. 3: "za jej zgodą i aktywnym udziałem")', () => {
	const assigned: CaseEvent = {
		...base(),
		type: 'przyjecie',
		to: 'PRZYDZIELONA',
		refs: { pomostId: '', signalDate: '', letterNo: '' }
	};
	it('[G3] oral consent with a note passes G3; written form is practice', () => {
		const oral = CaseEvent.parse({
			...base(),
			type: 'zgoda',
			kind: 'ustna',
			date: '2026-11-20',
			signatories: ['Anna Kowalska'],
			note: 'Zgoda wyrażona ustnie podczas wizyty, obecna pracownica socjalna.'
		});
		const view = reduceCase([assigned, oral]);
		expect(view.consent).toMatchObject({ kind: 'ustna' });
		expect(checkTransition(view, 'NAWIAZANIE', ctx).ok).toBe(true);
	});

	it('[G3] oral consent without a note is not a consent: G3 refuses with the article', () => {
		const oral = CaseEvent.parse({
			...base(),
			type: 'zgoda',
			kind: 'ustna',
			date: '2026-11-20',
			signatories: ['Anna Kowalska']
		});
		const r = checkTransition(reduceCase([assigned, oral]), 'NAWIAZANIE', ctx);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(guardMessage(r.failure)).toMatch(/art\. 8 ust\. 3/);
	});

	it('[G3] an old written consent without a note still reads and passes', () => {
		const old = CaseEvent.parse({
			...base(),
			type: 'zgoda',
			kind: 'pisemna',
			date: '2026-11-20',
			signatories: ['Anna']
		});
		expect(checkTransition(reduceCase([assigned, old]), 'NAWIAZANIE', ctx).ok).toBe(true);
	});
});
describe('CE9: a withdrawal of consent that ends work prompts the worker about the court', () => {
	const consent: CaseEvent = {
		...base(),
		type: 'zgoda',
		kind: 'pisemna',
		date: '2026-11-02',
		signatories: ['Anna']
	};
	const to = (from: string, t: string): CaseEvent =>
		CaseEvent.parse({ ...base(), type: 'przejscie', from, to: t, reason: '' });
	const intake = CaseEvent.parse({ ...base(), type: 'przyjecie', to: 'PRZYDZIELONA' });
	const withdrawn: CaseEvent = { ...base(), type: 'wycofanie_zgody', date: '2026-12-01' };
	const working = [intake, consent, to('PRZYDZIELONA', 'NAWIAZANIE'), to('NAWIAZANIE', 'PLAN')];

	it('[CE9][CE3] withdrawing consent in active work is announced as ending it, and the ended case carries the date for the court prompt', () => {
		expect(withdrawalEndsWork(reduceCase(working))).toBe(true);
		const v = reduceCase([...working, withdrawn]);
		expect(v.state).toBe('ZAKONCZENIE');
		expect(v.endedByWithdrawal).toBe('2026-12-01');
	});

	it('[CE9][CT3] under a court obligation the withdrawal ends nothing and prompts nothing', () => {
		const order = CaseEvent.parse({
			...base(),
			type: 'postanowienie_sadu',
			orderId: 'o9',
			orderType: 'zobowiazanie',
			date: '2026-11-01'
		});
		const log = [...working, order];
		expect(withdrawalEndsWork(reduceCase(log))).toBe(false);
		const v = reduceCase([...log, withdrawn]);
		expect(v.state).toBe('PLAN');
		expect(v.endedByWithdrawal).toBeUndefined();
	});
});
describe('CT4: courts ask about former clients (art. 15 ust. 1 pkt 17 has no time limit)', () => {
	it('[CT4] a court request and a sent opinion may be recorded in a closed case', () => {
		expect(courtCorrespondenceRefusal('ZAMKNIETA')).toBeNull();
		expect(courtCorrespondenceRefusal('WNIOSEK')).not.toBeNull();
	});
});

describe('CT7: one court order, several obligations', () => {
	const order = courtOrderInput('Sąd Rejonowy w Lublinie', 'nadzor_kuratora', {
		alsoTypes: ['zobowiazanie']
	});

	it('[CT7] an order with supervision by a kurator and an obligation to work with an assistant keeps both', () => {
		const o = CourtOrder.parse(order);
		expect(orderTypes(o)).toEqual(['nadzor_kuratora', 'zobowiazanie']);
		const old = CourtOrder.parse({ ...order, alsoTypes: undefined });
		expect(orderTypes(old)).toEqual(['nadzor_kuratora']);
	});

	it('[CT7][CT3] the core event of such an order sets the court obligation (G3 exemption)', () => {
		const e = CaseEvent.parse({
			...base(),
			type: 'postanowienie_sadu',
			orderId: 'o1',
			orderType: 'nadzor_kuratora',
			alsoTypes: ['zobowiazanie'],
			date: '2026-11-02'
		});
		const view = reduceCase([e]);
		expect(view.courtObligation).toBe(true);
		expect(view.consent?.kind).toBe('zwolnienie_sad');
	});
});
