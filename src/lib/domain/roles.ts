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

/** UI labels, Polish. */
export const staffRoleLabel: Record<StaffRole, string> = {
	asystent: 'asystent rodziny',
	pracownik_socjalny: 'pracownik socjalny',
	kurator: 'kurator sądowy',
	zespol_interdyscyplinarny: 'członek zespołu interdyscyplinarnego',
	koordynator: 'koordynator pieczy zastępczej',
	kierownik: 'kierownik OPS'
};
