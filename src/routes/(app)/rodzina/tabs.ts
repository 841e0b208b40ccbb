/**
 * The sections of a family's file, in the order of the tab bar. Each is a prerendered page under
 * /rodzina that takes the family id as `?id=`, so every section opens cold offline.
 */
export interface FamilyTab {
	/** Route path (an existing route: resolve() checks it), with the family id as the query. */
	path: '/rodzina';
	label: string;
}

export const familyTabs: FamilyTab[] = [
	{ path: '/rodzina', label: 'Plan pracy' }
	// Planned: /rodzina/sprawa, /rodzina/wizyty, /rodzina/dokumenty, /rodzina/terminy,
	// /rodzina/dostep — each added here (and to `path`'s type) with its page.
];
