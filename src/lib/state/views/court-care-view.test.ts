import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '$lib/domain/case-events';
import { describeEvent } from './case-view';

const base = {
	id: 'e',
	at: '2026-11-23T10:00:00+01:00',
	actorId: 'u',
	actorRole: 'asystent',
	online: true
};
const names = (id: string) => (id === 'c1' ? 'Ola Testowa' : null);

describe('court and foster-care lines of the case log', () => {
	it('[CT2][CT4][PC1] each event reads in Polish, with dates as dd.mm.rrrr and the child by name', () => {
		const lines = (
			[
				{
					...base,
					type: 'postanowienie_sadu',
					orderId: 'o',
					orderType: 'zobowiazanie',
					date: '2026-11-02'
				},
				{ ...base, type: 'wniosek_sadu', opinionId: 'op', due: '2026-12-01' },
				{ ...base, type: 'opinia_wyslana', opinionId: 'op', sentOn: '2026-11-28' },
				{
					...base,
					type: 'dziecko_w_pieczy',
					memberId: 'c1',
					date: '2026-11-05',
					where: 'placowka'
				},
				{ ...base, type: 'powrot_dziecka', memberId: 'gone', date: '2026-11-20' }
			] satisfies CaseEvent[]
		).map((e) => describeEvent(e, names));
		expect(lines).toEqual([
			'Postanowienie sądu: zobowiązanie do współpracy z asystentem (art. 109 § 2 pkt 1 KRiO), 02.11.2026',
			'Wniosek sądu o opinię, termin 01.12.2026',
			'Opinia dla sądu wysłana 28.11.2026',
			'Dziecko umieszczone w pieczy zastępczej (placówka opiekuńczo-wychowawcza): Ola Testowa, 05.11.2026',
			'Powrót dziecka do rodziny, 20.11.2026'
		]);
	});
});
