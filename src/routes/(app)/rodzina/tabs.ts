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
		| '/rodzina/dostep';
	label: string;
}

export const familyTabs: FamilyTab[] = [
	{ path: '/rodzina', label: 'Plan pracy' },
	{ path: '/rodzina/sprawa', label: 'Sprawa i rodzina' },
	{ path: '/rodzina/wizyty', label: 'Wizyty' },
	{ path: '/rodzina/dokumenty', label: 'Oceny i sąd' },
	{ path: '/rodzina/kontakty', label: 'Kontakty i bezpieczeństwo' },
	{ path: '/rodzina/terminy', label: 'Terminy' },
	{ path: '/rodzina/dostep', label: 'Dostęp i dziennik' }
	// Next: closure and monitoring under /rodzina/dokumenty.
];
