/** Polish labels of the codes issue 13 added (NK steps), from the catalogue area `law`. */
import { m } from '$lib/paraglide/messages.js';
import type { NkStep } from '$lib/domain/niebieska-karta';
import type { DutyArea } from '$lib/domain/duties';
import type { EligibilityGap, EligibilityPath } from '$lib/domain/eligibility';

const nkStep: Record<NkStep, () => string> = {
	do_przewodniczacego: m.law_nk_step_do_przewodniczacego,
	do_grupy: m.law_nk_step_do_grupy,
	posiedzenie: m.law_nk_step_posiedzenie,
	zawiadomienie: m.law_nk_step_zawiadomienie
};

/** [NK1] The step of a Niebieska Karta procedure, with its working-day term. */
export const nkStepText = (s: NkStep): string => nkStep[s]();

const duty: Record<DutyArea, () => string> = {
	pkt3_gospodarstwo: m.law_duty_pkt3_gospodarstwo,
	pkt4_socjalne: m.law_duty_pkt4_socjalne,
	pkt5_psychologiczne: m.law_duty_pkt5_psychologiczne,
	pkt6_wychowawcze: m.law_duty_pkt6_wychowawcze,
	pkt7_aktywnosc_spoleczna: m.law_duty_pkt7_aktywnosc_spoleczna,
	pkt8_kwalifikacje: m.law_duty_pkt8_kwalifikacje,
	pkt9_praca: m.law_duty_pkt9_praca,
	pkt10_zajecia_grupowe: m.law_duty_pkt10_zajecia_grupowe,
	pkt11_wsparcie_dzieci: m.law_duty_pkt11_wsparcie_dzieci,
	pkt13_konsultacje_wychowawcze: m.law_duty_pkt13_konsultacje_wychowawcze,
	pkt13a_za_zyciem: m.law_duty_pkt13a_za_zyciem,
	sprawy_urzedowe: m.law_duty_sprawy_urzedowe
};

/** [DU1] The art. 15 ust. 1 duty area of an action or a visit. */
export const dutyText = (d: DutyArea): string => duty[d]();

const eligibilityPath: Record<EligibilityPath, () => string> = {
	a_kierunkowe: m.law_st1_path_a_kierunkowe,
	b_wyzsze_szkolenie: m.law_st1_path_b_wyzsze_szkolenie,
	c_srednie_staz: m.law_st1_path_c_srednie_staz
};
/** [ST1] An education-or-experience path of art. 12 ust. 1 pkt 1. */
export const eligibilityPathText = (p: EligibilityPath): string => eligibilityPath[p]();

const eligibilityGap: Record<EligibilityGap, () => string> = {
	brak_sprawdzenia: m.law_st1_gap_brak_sprawdzenia,
	sciezka: m.law_st1_gap_sciezka,
	wladza_rodzicielska: m.law_st1_gap_wladza_rodzicielska,
	alimenty: m.law_st1_gap_alimenty,
	niekaralnosc: m.law_st1_gap_niekaralnosc
};
/** [ST1] What an assistant's staff record lacks for art. 12 ust. 1. */
export const eligibilityGapText = (g: EligibilityGap): string => eligibilityGap[g]?.() ?? g;
