import { z } from 'zod';
import { IsoDate } from './iso-date.js';
import { ClockTime } from './visit.js';
import { m } from '../paraglide/messages.js';

/**
 * Zagrożenie bezpieczeństwa dziecka / interwencja, and inter-agency contacts and post-closure
 * monitoring contacts (domain.md §3.4).
 */
export const SafetyAction = z.enum([
	'pracownik_socjalny',
	'policja',
	'niebieska_karta',
	'pomoc_medyczna',
	'sad',
	'odebranie_dziecka'
]);

export const SafetyConcern = z.object({
	id: z.string().min(1).max(64),
	date: IsoDate,
	time: ClockTime,
	actions: z.array(SafetyAction).max(6),
	/** Related to domestic violence: then it is recorded in the violence compartment. */
	violenceRelated: z.boolean(),
	/**
	 * [ZG2] A concern (zagrożenie) or the intervention that followed one (interwencja), which names
	 * its concern and lives in the same document. Older records have neither field: concerns.
	 */
	kind: z.enum(['zagrozenie', 'interwencja']).default('zagrozenie'),
	concernId: z.string().max(64).default('')
});
export type SafetyConcern = z.infer<typeof SafetyConcern>;

export const Contact = z.object({
	id: z.string().min(1).max(64),
	date: IsoDate,
	institution: z.string().trim().min(1, m.domain_safety_institution_required()).max(200),
	person: z.string().max(200),
	purpose: z.enum(['wspolpraca', 'wniosek_o_informacje', 'towarzyszenie', 'inne']),
	letterRef: z.string().max(100)
});
export type Contact = z.infer<typeof Contact>;

export const MonitoringContact = z.object({
	id: z.string().min(1).max(64),
	date: IsoDate,
	form: z.enum(['wizyta', 'telefon', 'informacja_instytucji']),
	/** Relapse: a new linked case should be opened. */
	escalate: z.boolean()
});
export type MonitoringContact = z.infer<typeof MonitoringContact>;
