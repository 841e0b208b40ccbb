/** Polish names of a family's compartments; the domain keeps the codes, the catalogue the words. */
import { m } from '$lib/paraglide/messages.js';
import type { Compartment } from '$lib/domain/compartments';

const compartment: Record<Compartment, () => string> = {
	core: m.access_compartment_core,
	plan: m.access_compartment_plan,
	visits: m.access_compartment_visits,
	assessments: m.access_compartment_assessments,
	health: m.access_compartment_health,
	violence: m.access_compartment_violence,
	court: m.access_compartment_court,
	'child-in-care': m.access_compartment_child_in_care
};

export const compartmentText = (c: Compartment): string => compartment[c]();
