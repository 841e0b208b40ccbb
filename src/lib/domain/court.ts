import { z } from 'zod';
import { IsoDate, OptionalIsoDate } from './iso-date.js';
import { m } from '../paraglide/messages.js';

/**
 * Court correspondence (court compartment): orders (postanowienia) and opinions for the court
 * (opinia dla sądu) requested with a case reference (sygnatura) and a due date.
 */
export const Sygnatura = z.string().trim().min(3, m.domain_court_sygnatura_required()).max(60);

export const CourtOrderType = z.enum([
	'zobowiazanie',
	'nadzor_kuratora',
	'umieszczenie',
	'powrot',
	/** The obligation was lifted or ran out (closure code KONIEC_ZOBOWIAZANIA, domain.md §3.5). */
	'uchylenie_zobowiazania',
	'inne'
]);

/**
 * [CT1] A court order (postanowienie sądu, domain.md §3.1) in the court compartment. `persons`
 * are family member ids (core document); only the id, type and date ever leave this compartment.
 */
export const CourtOrder = z
	.object({
		id: z.string().min(1).max(64),
		court: z.string().trim().min(1, m.domain_court_court_required()).max(200),
		division: z.string().max(200).default(''),
		caseRef: Sygnatura,
		date: IsoDate,
		type: CourtOrderType,
		/**
		 * [CT7] Further obligations of the same order: a typical postanowienie combines supervision
		 * by a kurator with an obligation to work with an assistant. Old records: none.
		 */
		alsoTypes: z.array(CourtOrderType).max(6).optional(),
		persons: z.array(z.string().min(1).max(64)).max(30).default([]),
		kurator: z.string().max(200).default(''),
		validFrom: OptionalIsoDate.default(''),
		validUntil: OptionalIsoDate.default('')
	})
	.refine((o) => o.validFrom === '' || o.validUntil === '' || o.validFrom <= o.validUntil, {
		message: m.domain_court_valid_until_before_from(),
		path: ['validUntil']
	});
export type CourtOrder = z.infer<typeof CourtOrder>;
export type CourtOrderType = z.infer<typeof CourtOrderType>;

/** [CT7] Every obligation of an order, the main one first, each once. */
export function orderTypes(o: Pick<CourtOrder, 'type' | 'alsoTypes'>): CourtOrderType[] {
	return [...new Set([o.type, ...(o.alsoTypes ?? [])])];
}

export const CourtOpinion = z
	.object({
		id: z.string().min(1).max(64),
		court: z.string().trim().min(1, m.domain_court_court_required()).max(200),
		caseRef: Sygnatura,
		received: IsoDate,
		due: IsoDate,
		scope: z.string().max(2000),
		headApproved: z.boolean(),
		sentOn: OptionalIsoDate,
		sentMethod: z.enum(['', 'poczta', 'epuap', 'e_doreczenia', 'osobiscie'])
	})
	.refine((o) => o.received <= o.due, {
		message: m.domain_court_deadline_before_received(),
		path: ['due']
	});
export type CourtOpinion = z.infer<typeof CourtOpinion>;

/** Sections of the opinion text (domain.md §3.4; no statutory template). */
export const opinionSections = [
	'identyfikacja',
	'okres',
	'sytuacja',
	'mieszkanie',
	'finanse',
	'wychowanie',
	'relacje',
	'wspolpraca',
	'efekty',
	'wnioski'
] as const;

/** [CO1] An opinion can be marked sent only when approved, if the organisation requires it. */
export function canSendOpinion(o: CourtOpinion, headApprovalRequired: boolean): boolean {
	return !headApprovalRequired || o.headApproved;
}
