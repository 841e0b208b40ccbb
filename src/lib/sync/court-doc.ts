/**
 * The court compartment: opinions for the court (opinia dla sądu) requested with a case reference
 * and a due date. The opinion's sections are rich text, one fragment per section.
 */
import type * as Y from 'yjs';
import { CourtOpinion, CourtOrder, canSendOpinion, opinionSections } from '../domain/court.js';
import type { CourtRequest } from '../domain/deadlines.js';
import type { InvalidItem } from '../domain/invalid-item.js';
import { courtRoots } from './doc-schema.js';
import { LOCAL_ORIGIN } from './origins.js';
import { recordKind } from './record-list.js';

const opinions = recordKind((doc) => courtRoots(doc).opinions, CourtOpinion, opinionSections);
const orders = recordKind((doc) => courtRoots(doc).orders, CourtOrder);

export type OpinionSection = (typeof opinionSections)[number];
export type SentMethod = Exclude<CourtOpinion['sentMethod'], ''>;

export interface NewOpinionRequest {
	court: string;
	caseRef: string;
	received: string;
	due: string;
	scope: string;
}

/** [CO2] Opinions, unsent first by due date, then sent ones newest first; and invalid records. */
export function readOpinions(doc: Y.Doc): { opinions: CourtOpinion[]; invalid: InvalidItem[] } {
	const { items, invalid } = opinions.read(doc, (a, b) => {
		const sa = a.sentOn !== '';
		const sb = b.sentOn !== '';
		if (sa !== sb) return sa ? 1 : -1;
		return sa ? b.sentOn.localeCompare(a.sentOn) : a.due.localeCompare(b.due);
	});
	return { opinions: items, invalid };
}

/** [CO2] The court's request as a new, unapproved and unsent opinion. Throws on invalid fields. */
export function addOpinionRequest(doc: Y.Doc, init: NewOpinionRequest, id?: string): string {
	return opinions.add(doc, { ...init, headApproved: false, sentOn: '', sentMethod: '' }, id);
}

/** Sets a structured field; throws (storing nothing) when the opinion would not parse. */
export const setOpinionField = opinions.set;

/** Why an opinion was not marked sent; state puts it into words. */
export type OpinionSendRefusal = 'not-found' | 'needs-approval' | 'invalid';

/**
 * [CO1][CO3] Marks an opinion sent on a date by a method, in one transaction. Refused (nothing
 * stored) when the organisation requires the head's approval and it is missing, or when the
 * values would not parse. Returns why it was refused, or null when stored.
 */
export function markOpinionSent(
	doc: Y.Doc,
	id: string,
	sentOn: string,
	method: SentMethod,
	headApprovalRequired: boolean
): OpinionSendRefusal | null {
	const o = readOpinions(doc).opinions.find((x) => x.id === id);
	if (!o) return 'not-found';
	if (!canSendOpinion(o, headApprovalRequired)) return 'needs-approval';
	const parsed = CourtOpinion.safeParse({ ...o, sentOn, sentMethod: method });
	if (!parsed.success || sentOn === '') return 'invalid';
	doc.transact(() => {
		setOpinionField(doc, id, 'sentOn', sentOn);
		setOpinionField(doc, id, 'sentMethod', method);
	}, LOCAL_ORIGIN);
	return null;
}

/** [CO4] The court requests for the Terminy tray (DL5): unsent opinions are due. */
export function courtRequestsOf(opinions: readonly CourtOpinion[]): CourtRequest[] {
	return opinions.map((o) => ({ id: o.id, caseRef: o.caseRef, due: o.due, sent: o.sentOn !== '' }));
}

/** The rich-text fragment of one section of an opinion. */
export function opinionFragment(doc: Y.Doc, id: string, section: OpinionSection) {
	return opinions.fragment(doc, id, section);
}

// ── Court orders (postanowienia sądu), CT1 ──

export type NewCourtOrder = Omit<CourtOrder, 'id'>;

/** [CT1] Court orders, newest first; records that fail to parse are kept and reported. */
export function readOrders(doc: Y.Doc): { orders: CourtOrder[]; invalid: InvalidItem[] } {
	const { items, invalid } = orders.read(doc, (a, b) => b.date.localeCompare(a.date));
	return { orders: items, invalid };
}

/** [CT1] Stores a court order; throws (storing nothing) when it would not parse. */
export function addCourtOrder(doc: Y.Doc, init: NewCourtOrder, id?: string): string {
	return orders.add(doc, init, id);
}
