/** Polish labels of the visit log's codes; the domain keeps the codes, the catalogue the words. */
import { m } from '$lib/paraglide/messages.js';
import type { VisitNarrative, VisitType } from '$lib/domain/visit';

const visitType: Record<VisitType, () => string> = {
	wizyta_domowa: m.visits_type_wizyta_domowa,
	wyjscie_z_rodzina: m.visits_type_wyjscie_z_rodzina,
	wyjscie_do_urzedu: m.visits_type_wyjscie_do_urzedu,
	telefon: m.visits_type_telefon,
	spotkanie_zespolu: m.visits_type_spotkanie_zespolu,
	interwencja: m.visits_type_interwencja,
	konsultacja_wychowawcza: m.law_visit_type_konsultacja_wychowawcza
};

const narrative: Record<VisitNarrative, () => string> = {
	topics: m.visits_narrative_topics,
	progress: m.visits_narrative_progress,
	tasksFamily: m.visits_narrative_tasks_family,
	tasksAssistant: m.visits_narrative_tasks_assistant,
	observations: m.visits_narrative_observations
};

export const visitTypeText = (t: VisitType): string => visitType[t]();
export const visitNarrativeText = (f: VisitNarrative): string => narrative[f]();
