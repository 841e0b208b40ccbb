/** Polish labels of the assessment and court-opinion fields not labelled in the domain. */
export const cooperationLabel: Record<'dobra' | 'czesciowa' | 'brak', string> = {
	dobra: 'dobra',
	czesciowa: 'częściowa',
	brak: 'brak współpracy'
};

/** The assessment's narratives: one per life area, and the summary. */
export const narrativeLabel = (field: string, areas: Record<string, string>): string =>
	field === 'summary' ? 'podsumowanie i uzasadnienie rekomendacji' : (areas[field] ?? field);
