import { z } from 'zod';

/** A person's role in the organisation or around the case (domain.md §1.1). */
export const StaffRole = z.enum([
	'asystent',
	'pracownik_socjalny',
	'kurator',
	'zespol_interdyscyplinarny',
	'koordynator',
	'kierownik'
]);
export type StaffRole = z.infer<typeof StaffRole>;
