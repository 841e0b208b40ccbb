/** Polish headings of the court opinion's sections; the domain keeps the section codes. */
import { m } from '$lib/paraglide/messages.js';
import type { opinionSections } from '$lib/domain/court';

type OpinionSection = (typeof opinionSections)[number];

const opinionSection: Record<OpinionSection, () => string> = {
	identyfikacja: m.court_opinion_section_identyfikacja,
	okres: m.court_opinion_section_okres,
	sytuacja: m.court_opinion_section_sytuacja,
	mieszkanie: m.court_opinion_section_mieszkanie,
	finanse: m.court_opinion_section_finanse,
	wychowanie: m.court_opinion_section_wychowanie,
	relacje: m.court_opinion_section_relacje,
	wspolpraca: m.court_opinion_section_wspolpraca,
	efekty: m.court_opinion_section_efekty,
	wnioski: m.court_opinion_section_wnioski
};

export const opinionSectionText = (s: OpinionSection): string => opinionSection[s]();
