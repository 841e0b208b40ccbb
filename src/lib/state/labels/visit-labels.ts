/** Polish labels of the visit log's codes: catalogue messages selecting on the code. */
import { m } from '$lib/paraglide/messages.js';
import type { VisitNarrative, VisitType } from '$lib/domain/visit';

export const visitTypeText = (type: VisitType): string => m.visits_type_label({ type });
export const visitNarrativeText = (field: VisitNarrative): string =>
	m.visits_narrative_label({ field });
