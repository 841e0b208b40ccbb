/** Polish labels of the periodic assessment's codes; the domain keeps the codes, the catalogue the words. */
import { m } from '$lib/paraglide/messages.js';
import type { GoalProgress, LifeArea, Recommendation } from '$lib/domain/assessment';
import type { z } from 'zod';

type Progress = z.infer<typeof GoalProgress>;
type Advice = z.infer<typeof Recommendation>;
/** How the family cooperated (the assessment's `cooperation` field). */
export type Cooperation = 'dobra' | 'czesciowa' | 'brak';

const goalProgress: Record<Progress, () => string> = {
	brak: m.records_goal_progress_brak,
	czesciowo: m.records_goal_progress_czesciowo,
	osiagniety: m.records_goal_progress_osiagniety
};

const lifeArea: Record<LifeArea, () => string> = {
	wychowanie: m.records_life_area_wychowanie,
	gospodarstwo: m.records_life_area_gospodarstwo,
	finanse: m.records_life_area_finanse,
	mieszkanie: m.records_life_area_mieszkanie,
	praca: m.records_life_area_praca,
	relacje: m.records_life_area_relacje,
	bezpieczenstwo: m.records_life_area_bezpieczenstwo,
	wspolpraca_instytucje: m.records_life_area_wspolpraca_instytucje,
	edukacja: m.law_life_area_edukacja,
	uzaleznienia: m.law_life_area_uzaleznienia
};

const recommendation: Record<Advice, () => string> = {
	kontynuacja: m.records_recommendation_kontynuacja,
	zmiana_planu: m.records_recommendation_zmiana_planu,
	zakonczenie: m.records_recommendation_zakonczenie,
	informacja_sad: m.records_recommendation_informacja_sad,
	skierowanie_zi: m.records_recommendation_skierowanie_zi,
	wszczecie_nk: m.law_recommendation_wszczecie_nk,
	wniosek_wglad: m.law_recommendation_wniosek_wglad
};

const cooperation: Record<Cooperation, () => string> = {
	dobra: m.print_cooperation_dobra,
	czesciowa: m.print_cooperation_czesciowa,
	brak: m.print_cooperation_brak
};

export const goalProgressText = (p: Progress): string => goalProgress[p]();
export const lifeAreaText = (a: LifeArea): string => lifeArea[a]();
export const recommendationText = (r: Advice): string => recommendation[r]();
export const cooperationText = (c: Cooperation): string => cooperation[c]();
export const cooperationCodes = Object.keys(cooperation) as Cooperation[];

/** The heading of an assessment narrative: a life area, or the summary. */
export const narrativeText = (field: string): string =>
	field === 'summary'
		? m.records_life_area_summary()
		: field in lifeArea
			? lifeArea[field as LifeArea]()
			: field;
