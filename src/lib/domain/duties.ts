import { z } from 'zod';

/**
 * [DU1] The assistant's duties of art. 15 ust. 1 u.w.r. that describe work with the family
 * (pkt 3–11, 13, 13a), plus official matters (`sprawy_urzedowe`, [practice]): the area of a plan
 * action and the categories of a visit, so the plan shows them and reports can count them.
 */
export const DutyArea = z.enum([
	'pkt3_gospodarstwo',
	'pkt4_socjalne',
	'pkt5_psychologiczne',
	'pkt6_wychowawcze',
	'pkt7_aktywnosc_spoleczna',
	'pkt8_kwalifikacje',
	'pkt9_praca',
	'pkt10_zajecia_grupowe',
	'pkt11_wsparcie_dzieci',
	'pkt13_konsultacje_wychowawcze',
	'pkt13a_za_zyciem',
	'sprawy_urzedowe'
]);
export type DutyArea = z.infer<typeof DutyArea>;

/** [DU1] How many plan actions and visits fall under each duty area (for reports). */
export function countDuties(
	actions: readonly { area?: DutyArea | '' }[],
	visits: readonly { duties?: readonly DutyArea[] }[]
): Record<DutyArea, { actions: number; visits: number }> {
	const out = Object.fromEntries(
		DutyArea.options.map((d) => [d, { actions: 0, visits: 0 }])
	) as Record<DutyArea, { actions: number; visits: number }>;
	for (const a of actions) if (a.area) out[a.area].actions++;
	for (const v of visits) for (const d of new Set(v.duties ?? [])) out[d].visits++;
	return out;
}
