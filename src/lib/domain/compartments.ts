import { z } from 'zod';

/**
 * A compartment is one Y.Doc of a family's file. Whoever syncs a Y.Doc receives all of it,
 * history included, so data with different readers lives in different documents and the
 * server grants access per compartment (domain.md §5.2).
 */
export const Compartment = z.enum([
	'core',
	'plan',
	'visits',
	'assessments',
	'health',
	'violence',
	'court',
	'child-in-care'
]);
export type Compartment = z.infer<typeof Compartment>;

/** Document kinds the server knows; `scratch` documents carry no domain schema (benchmarks). */
export const DocKind = z.enum(['family', 'scratch']);
export type DocKind = z.infer<typeof DocKind>;

/** Name of a family compartment's document; ids are random, so names carry no personal data. */
export function familyDocName(familyId: string, compartment: Compartment): string {
	return `rodzina-${familyId}-${compartment}`;
}
