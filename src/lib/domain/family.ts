import { z } from 'zod';
import { OptionalIsoDate } from './iso-date.js';

/**
 * The family record (Rodzina, Członkowie rodziny), domain.md §3.1–3.2, limited to what art. 16
 * ust. 1 u.w.r. opens to the assistant. Health data is not here: it lives in the health
 * compartment.
 */

export const Relation = z.enum([
	'matka',
	'ojciec',
	'opiekun',
	'dziecko',
	'partner',
	'dziadek_babcia',
	'inna'
]);
export type Relation = z.infer<typeof Relation>;

export const ParentalAuthority = z.enum(['pelna', 'ograniczona', 'zawieszona', 'pozbawiona', '']);

export const Whereabouts = z.enum(['dom', 'rodzina_zastepcza', 'placowka', 'inne', '']);

export const Member = z.object({
	id: z.string().min(1).max(64),
	name: z.string().max(200),
	relation: Relation,
	birthDate: OptionalIsoDate,
	/** Adult who signs the plan and visit records. */
	adultSigner: z.boolean(),
	school: z.string().max(300),
	parentalAuthority: ParentalAuthority,
	whereabouts: Whereabouts,
	/** [SY13] The member's own address, when not the family's (older members have none). */
	address: z.string().max(300).default('')
});
export type Member = z.infer<typeof Member>;

/** [SY13] The family's address and place of work: one line or a few, written whole. */
export const HouseholdText = z.string().max(500);

/** Problem areas (configurable list; these are the defaults of domain.md §3.1). */
export const ProblemArea = z.enum([
	'bezradnosc',
	'bezrobocie',
	'ubostwo',
	'uzaleznienia',
	'przemoc',
	'niepelnosprawnosc',
	'mieszkanie',
	'zdrowie'
]);
export type ProblemArea = z.infer<typeof ProblemArea>;

export const FamilyFlag = z.enum([
	'zaZyciem',
	'courtObligation',
	'niebieskaKarta',
	'childInCare',
	'niepelna',
	'wielodzietna'
]);
export type FamilyFlag = z.infer<typeof FamilyFlag>;

/** People around the case: names and contacts, no content from their own files. */
export const Professionals = z.object({
	socialWorker: z.string().max(200).default(''),
	kurator: z.string().max(200).default(''),
	coordinator: z.string().max(200).default('')
});
export type Professionals = z.infer<typeof Professionals>;

/** Is a member a minor on `today` (ISO)? Unknown birth dates count by relation. */
export function isMinor(m: Member, today: string): boolean {
	if (m.birthDate === '') return m.relation === 'dziecko';
	const [y, mo, d] = m.birthDate.split('-').map(Number);
	const [ty, tmo, td] = today.split('-').map(Number);
	const age = ty - y - (tmo < mo || (tmo === mo && td < d) ? 1 : 0);
	return age < 18;
}
