/** Polish headings of the court opinion's sections; the domain keeps the section codes. */
import { m } from '$lib/paraglide/messages.js';
import type { opinionSections } from '$lib/domain/court';
import type { OpinionSendRefusal } from '$lib/sync/court-doc';

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

const opinionSendRefusal: Record<OpinionSendRefusal, () => string> = {
	'not-found': m.court_opinion_send_not_found,
	'needs-approval': m.court_opinion_send_needs_approval,
	invalid: m.court_opinion_send_invalid
};

/** [CO3] Why an opinion could not be marked sent, in Polish. */
export const opinionSendRefusalText = (r: OpinionSendRefusal): string => opinionSendRefusal[r]();
