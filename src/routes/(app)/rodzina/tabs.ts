import { m } from '$lib/paraglide/messages.js';

/**
 * The sections of a family's file, in the order of the tab bar. Each is a prerendered page under
 * /rodzina that takes the family id as `?id=`, so every section opens cold offline.
 */
export interface FamilyTab {
	/** Route path (an existing route: resolve() checks it), with the family id as the query. */
	path:
		| '/rodzina'
		| '/rodzina/wizyty'
		| '/rodzina/dokumenty'
		| '/rodzina/kontakty'
		| '/rodzina/terminy'
		| '/rodzina/sprawa'
		| '/rodzina/dostep'
		| '/rodzina/historia'
		| '/rodzina/konflikty';
	label: string;
}

export const familyTabs: FamilyTab[] = [
	{ path: '/rodzina', label: m.families_tab_plan() },
	{ path: '/rodzina/sprawa', label: m.families_tab_case() },
	{ path: '/rodzina/wizyty', label: m.families_tab_visits() },
	{ path: '/rodzina/dokumenty', label: m.families_tab_documents() },
	{ path: '/rodzina/kontakty', label: m.families_tab_contacts() },
	{ path: '/rodzina/terminy', label: m.families_tab_terminy() },
	{ path: '/rodzina/dostep', label: m.families_tab_access() },
	{ path: '/rodzina/historia', label: m.history_tab() },
	// [CF8] Open conflicts of the whole family, in the sections the user may open.
	{ path: '/rodzina/konflikty', label: m.conflict_tab() }
	// Next: closure and monitoring under /rodzina/dokumenty.
];

/**
 * [HI2] The history section a family page stands for: the Historia tab opens the history of the
 * section the user is looking at.
 */
export function historySectionOf(path: string): string {
	switch (path) {
		case '/rodzina/sprawa':
		case '/rodzina/kontakty':
			return 'core';
		case '/rodzina/wizyty':
			return 'visits';
		case '/rodzina/dokumenty':
			return 'assessments';
		default:
			return 'plan';
	}
}
