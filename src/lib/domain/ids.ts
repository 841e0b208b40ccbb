/**
 * Ids of one kind (issue 14), typed lightly: a plain string is still accepted where one of these
 * is asked for (values from JSON need no cast), but one kind is never accepted for another — a
 * family id passed where a user id belongs fails to compile. Types only: nothing here changes a
 * value at run time. The zod schemas check the shape where an id enters from outside.
 */
import { z } from 'zod';

declare const idKind: unique symbol;
/** A string marked as one kind of id; plain strings are assignable, other kinds are not. */
type IdOf<K extends string> = string & { readonly [idKind]?: K };

/** A user account (staff member or external participant). */
export const UserId = z.string().uuid().brand<'UserId'>();
export type UserId = IdOf<'UserId'>;

/** A family (rodzina) and its case file. */
export const FamilyId = z.string().uuid().brand<'FamilyId'>();
export type FamilyId = IdOf<'FamilyId'>;

/** An organisation (OPS, PCPR, court, NGO). */
export const OrganisationId = z.string().uuid().brand<'OrganisationId'>();
export type OrganisationId = IdOf<'OrganisationId'>;

/** The name of a synced document (a family's compartment, its comments), as the pool opens it. */
export type DocumentName = IdOf<'DocumentName'>;

/**
 * A string schema whose output is typed as one kind of id; the schema's own checks stay as they
 * are (types only), e.g. `id: idText<FamilyId>(z.string().min(1).max(64))`.
 */
export function idText<I extends string>(schema: z.ZodType<string, string>): z.ZodType<I, string> {
	return schema as unknown as z.ZodType<I, string>;
}
