/** Polish labels of the family record's codes (domain.md §3.1–3.2); the words live in the catalogue. */
import { m } from '$lib/paraglide/messages.js';
import type { FamilyFlag, Member, ProblemArea, Relation } from '$lib/domain/family';

type ParentalAuthority = Member['parentalAuthority'];
type Whereabouts = Member['whereabouts'];

const relation: Record<Relation, () => string> = {
	matka: m.case_relation_matka,
	ojciec: m.case_relation_ojciec,
	opiekun: m.case_relation_opiekun,
	dziecko: m.case_relation_dziecko,
	partner: m.case_relation_partner,
	dziadek_babcia: m.case_relation_dziadek_babcia,
	inna: m.case_relation_inna
};

const parentalAuthority: Record<ParentalAuthority, () => string> = {
	pelna: m.case_authority_pelna,
	ograniczona: m.case_authority_ograniczona,
	zawieszona: m.case_authority_zawieszona,
	pozbawiona: m.case_authority_pozbawiona,
	'': m.case_authority_none
};

const whereabouts: Record<Whereabouts, () => string> = {
	dom: m.case_whereabouts_dom,
	rodzina_zastepcza: m.case_whereabouts_rodzina_zastepcza,
	placowka: m.case_whereabouts_placowka,
	inne: m.case_whereabouts_inne,
	'': m.case_whereabouts_none
};

const problemArea: Record<ProblemArea, () => string> = {
	bezradnosc: m.case_problem_bezradnosc,
	bezrobocie: m.case_problem_bezrobocie,
	ubostwo: m.case_problem_ubostwo,
	uzaleznienia: m.case_problem_uzaleznienia,
	przemoc: m.case_problem_przemoc,
	niepelnosprawnosc: m.case_problem_niepelnosprawnosc,
	mieszkanie: m.case_problem_mieszkanie,
	zdrowie: m.case_problem_zdrowie
};

const familyFlag: Record<FamilyFlag, () => string> = {
	zaZyciem: m.case_flag_za_zyciem,
	courtObligation: m.case_flag_court_obligation,
	niebieskaKarta: m.case_flag_niebieska_karta,
	childInCare: m.case_flag_child_in_care,
	niepelna: m.case_flag_niepelna,
	wielodzietna: m.case_flag_wielodzietna
};

export const relationText = (r: Relation): string => relation[r]();
export const parentalAuthorityText = (p: ParentalAuthority): string => parentalAuthority[p]();
export const whereaboutsText = (w: Whereabouts): string => whereabouts[w]();
export const problemAreaText = (a: ProblemArea): string => problemArea[a]();
export const familyFlagText = (f: FamilyFlag): string => familyFlag[f]();
