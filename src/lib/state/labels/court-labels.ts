/** Polish headings of the court opinion's sections (catalogue messages selecting on the code). */
import { m } from '$lib/paraglide/messages.js';
import type { opinionSections } from '$lib/domain/court';
import type { OpinionSendRefusal } from '$lib/sync/court-doc';

type OpinionSection = (typeof opinionSections)[number];

export const opinionSectionText = (section: OpinionSection): string =>
	m.court_opinion_section_label({ section });

/** [CO3] Why an opinion could not be marked sent, in Polish. */
export const opinionSendRefusalText = (refusal: OpinionSendRefusal): string =>
	m.court_opinion_send_refusal_label({ refusal });
