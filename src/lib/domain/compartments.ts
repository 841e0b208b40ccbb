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

/**
 * Document kinds the server knows: `family` is a compartment's own document, `comments` the
 * remarks on a commentable compartment (a separate document, so a commenter writes remarks without
 * being able to write the compartment), `scratch` carries no domain schema (benchmarks).
 */
export const DocKind = z.enum(['family', 'comments', 'scratch']);
export type DocKind = z.infer<typeof DocKind>;

/** Compartments that have a comments document beside them. */
export const COMMENTABLE: readonly Compartment[] = ['plan'];

/**
 * [AC5] Compartments the family's assistant edits by default: all but the violence procedure,
 * which the assistant reads only as a member of the diagnostic group, by its own grant (domain.md
 * §5.1).
 */
export const ASSISTANT_COMPARTMENTS: readonly Compartment[] = Compartment.options.filter(
	(c) => c !== 'violence'
);

/** Name of a family compartment's document; ids are random, so names carry no personal data. */
export function familyDocName(familyId: string, compartment: Compartment): string {
	return `rodzina-${familyId}-${compartment}`;
}

/** Name of the comments document of a commentable compartment. */
export function commentsDocName(familyId: string, compartment: Compartment): string {
	return `rodzina-${familyId}-${compartment}-uwagi`;
}
