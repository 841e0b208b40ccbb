import { z } from 'zod';

/** A user account (staff member or external participant). */
export const UserId = z.string().uuid().brand<'UserId'>();
export type UserId = z.infer<typeof UserId>;

/** A family (rodzina) and its case file. */
export const FamilyId = z.string().uuid().brand<'FamilyId'>();
export type FamilyId = z.infer<typeof FamilyId>;

/** An organisation (OPS, PCPR, court, NGO). */
export const OrganisationId = z.string().uuid().brand<'OrganisationId'>();
export type OrganisationId = z.infer<typeof OrganisationId>;
