import { z } from 'zod';
import { CaseState, exitOf } from './case-state.js';
import { CourtOrderType } from './court.js';

/**
 * Legally relevant changes of a case are append-only events, never last-writer-wins fields, so
 * two offline transitions never silently overwrite each other (domain.md §2.5). The state is a
 * deterministic reduction of the log in its (CRDT-merged) order. Rules CE1–CE4 in SPEC.md.
 */

const Base = z.object({
	id: z.string().min(1).max(64),
	/** Time on the device that recorded it, ISO. */
	at: z.string().datetime({ offset: true }),
	actorId: z.string().min(1).max(64),
	actorRole: z.string().min(1).max(64),
	/** The actor's name as the device knew it, so the log reads "who" without a user lookup. */
	actorName: z.string().max(200).optional(),
	/** Whether the device was online when it recorded the event. */
	online: z.boolean()
});

/**
 * [G3] How the family's consent was given, or the exemption work rests on. Art. 8 ust. 3 u.w.r.
 * asks consent and active participation, not a form: written (`pisemna`, `umowa`) is [practice];
 * oral consent (`ustna`) counts with a note saying how and before whom it was given.
 */
export const ConsentKind = z.enum([
	'pisemna',
	'umowa',
	'ustna',
	'zwolnienie_sad',
	'zwolnienie_art11_1a'
]);
export type ConsentKind = z.infer<typeof ConsentKind>;

export const ClosureReason = z.enum([
	'CEL_OSIAGNIETY',
	'REZYGNACJA',
	'BRAK_WSPOLPRACY',
	'ZMIANA_FORMY',
	'PRZEPROWADZKA',
	'PIECZA_BEZ_POWROTU',
	'PELNOLETNOSC',
	'KONIEC_ZOBOWIAZANIA',
	'ZGON',
	'INNY'
]);
export type ClosureReason = z.infer<typeof ClosureReason>;

/**
 * [LS2] The legal basis the assistant was assigned on: the social worker's request after
 * recognising the family's situation (art. 11 ust. 1–2 u.w.r.), a court obligation (art. 109 § 2
 * pkt 1 KRiO, art. 11 ust. 1a), or the „Za życiem” act (art. 8 ust. 2 of the act of 4 November
 * 2016; the assistant's task of art. 15 ust. 1 pkt 13a).
 */
export const IntakeBasis = z.enum(['wniosek_ps', 'zobowiazanie_sadu', 'za_zyciem']);
export type IntakeBasis = z.infer<typeof IntakeBasis>;

/** Intake references typed in from the intake system (POMOST), domain.md §2.1 [design]. */
export const IntakeRefs = z.object({
	/** [LS2] Old events have none. */
	basis: IntakeBasis.optional(),
	pomostId: z.string().max(64).default(''),
	signalDate: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]).default(''),
	letterNo: z.string().max(100).default('')
});
export type IntakeRefs = z.infer<typeof IntakeRefs>;

/** [ZK2] A final assessment in the assessments compartment, as it was when closure was proposed. */
export const FinalAssessmentRef = z.object({
	id: z.string().min(1).max(64),
	hash: z.string().regex(/^[0-9a-f]{64}$/)
});
export type FinalAssessmentRef = z.infer<typeof FinalAssessmentRef>;

// ── Court and foster care events (CT, PC; domain.md §2.3) ─────────────────────────────────
// The core document is read by more people than the court and child-in-care compartments, so
// these events carry ids, codes and dates only: never an order's or an opinion's content.
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const RecordId = z.string().min(1).max(64);
export const PlacementKind = z.enum(['rodzina_zastepcza', 'placowka']);
export type PlacementKind = z.infer<typeof PlacementKind>;
const courtCareEvents = [
	/** [CT2] POSTANOWIENIE_SADU: an order recorded in the court compartment. */
	Base.extend({
		type: z.literal('postanowienie_sadu'),
		orderId: RecordId,
		orderType: CourtOrderType,
		/** [CT7] Further obligations of the same order (supervision plus an obligation…). */
		alsoTypes: z.array(CourtOrderType).max(6).optional(),
		date: Day
	}),
	/** [CT4] WNIOSEK_SADU: the court asked for an opinion, due on `due`. */
	Base.extend({ type: z.literal('wniosek_sadu'), opinionId: RecordId, due: Day }),
	/** [CT4] OPINIA_WYSLANA: the opinion was sent on `sentOn`. */
	Base.extend({ type: z.literal('opinia_wyslana'), opinionId: RecordId, sentOn: Day }),
	/** [PC1] DZIECKO_W_PIECZY: a child (member id) placed in foster care. */
	Base.extend({
		type: z.literal('dziecko_w_pieczy'),
		memberId: RecordId,
		date: Day,
		where: PlacementKind
	}),
	/** [PC1] POWROT_DZIECKA: the child came back to the family. */
	Base.extend({ type: z.literal('powrot_dziecka'), memberId: RecordId, date: Day }),
	/**
	 * [CE10] ZMIANA_ASYSTENTA: the head gave the family another assistant, from `since`, for a
	 * reason. Names as the head's device knew them, so the history reads without a user lookup.
	 */
	Base.extend({
		type: z.literal('zmiana_asystenta'),
		fromId: z.string().max(64).default(''),
		fromName: z.string().max(200).default(''),
		toId: RecordId,
		toName: z.string().max(200),
		since: Day,
		reason: z.string().trim().min(1).max(2000)
	})
] as const;
// ── end of court and foster care events ────────────────────────────────────────────────────

export const CaseEvent = z.discriminatedUnion('type', [
	Base.extend({
		/**
		 * [CE5] The case was taken over from intake done elsewhere (POMOST): it starts at OCZEKUJE
		 * or PRZYDZIELONA instead of ZGLOSZENIE. Only the first event of a log may do this.
		 */
		type: z.literal('przyjecie'),
		to: z.enum(['OCZEKUJE', 'PRZYDZIELONA']),
		refs: IntakeRefs.default({ pomostId: '', signalDate: '', letterNo: '' })
	}),
	Base.extend({
		type: z.literal('przejscie'),
		from: CaseState,
		to: CaseState,
		reason: z.string().max(2000).default(''),
		/** Head's justification for exceeding the local caseload limit (G1). */
		overrideJustification: z.string().max(2000).optional()
	}),
	Base.extend({
		type: z.literal('zgoda'),
		kind: ConsentKind,
		date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
		signatories: z.array(z.string().max(200)).max(20).default([]),
		/** [G3] For oral consent: how, when and before whom it was given. Old events: none. */
		note: z.string().max(2000).optional()
	}),
	Base.extend({
		type: z.literal('wycofanie_zgody'),
		date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/)
	}),
	Base.extend({
		/**
		 * [CE4] The family and the assistant agreed a plan version: the plan as agreed is kept in
		 * the event itself (immutable), with its hash; editing afterwards works on the next draft.
		 */
		type: z.literal('plan_uzgodniony'),
		version: z.number().int().min(1),
		planHash: z.string().regex(/^[0-9a-f]{64}$/),
		plan: z.unknown(),
		agreedBy: z.array(z.string().max(200)).min(1).max(20),
		method: z.enum(['ekran', 'skan', 'odmowa']),
		refusalReason: z.string().max(2000).default('')
	}),
	Base.extend({
		/** The social worker's consultation of a plan version (art. 15 ust. 1 pkt 1). */
		type: z.literal('konsultacja_ps'),
		version: z.number().int().min(1),
		remarks: z.string().max(5000).default('')
	}),
	// --- Safety and closure (ZG, ZK): zagrożenie and the closure's final-assessment reference ---
	Base.extend({
		/**
		 * [ZG1] A child-safety concern was recorded. The core document is read by more people than
		 * the concern's own document, so the event carries only its date and the record's id: no
		 * description and nothing that says whether it concerns domestic violence.
		 */
		type: z.literal('zagrozenie'),
		date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
		concernId: z.string().min(1).max(64)
	}),
	Base.extend({
		type: z.literal('zakonczenie'),
		reasonCode: ClosureReason,
		reasonText: z.string().max(2000).default(''),
		/** Old logs: the final assessment as inline text. New events leave it empty (ZK2). */
		finalAssessment: z.string().max(20000).default(''),
		/** [ZK2] The final assessment document and its SHA-256 when closure was proposed. */
		finalAssessmentRef: FinalAssessmentRef.optional()
	}),
	// --- end safety and closure ---
	...courtCareEvents
]);
export type CaseEvent = z.infer<typeof CaseEvent>;

/** What the log says about a case. */
export interface CaseView {
	state: CaseState;
	/** Consent in force (the latest recorded, unless withdrawn since). */
	consent: { kind: ConsentKind; date: string } | null;
	closure: {
		reasonCode: ClosureReason;
		finalAssessment: string;
		finalAssessmentRef: FinalAssessmentRef | null;
	} | null;
	/** The latest agreed plan version, if any, and whether the social worker consulted it. */
	agreedPlan: {
		version: number;
		planHash: string;
		plan: unknown;
		at: string;
		agreedBy: string[];
		/** [G4] How it was agreed; a refusal with its reason counts and is printed. */
		method: 'ekran' | 'skan' | 'odmowa';
		refusalReason: string;
	} | null;
	consultedVersions: number[];
	/** Transitions that did not start from the state they claimed: kept, shown to the head. */
	conflicts: Extract<CaseEvent, { type: 'przejscie' | 'przyjecie' }>[];
	/** When each state was last entered (device time). */
	enteredAt: Partial<Record<CaseState, string>>;
	// Court and foster care (CT, PC):
	/** [CT3] A court obligation (art. 109 § 2 pkt 1 KRiO) has been recorded. */
	courtObligation: boolean;
	/** Court orders as the core log knows them: ids, types and dates only. */
	courtOrders: { orderId: string; orderType: CourtOrderType; date: string }[];
	/** [PC2] Children (member ids) in foster care now, in order of placement. */
	childrenInCare: { memberId: string; where: PlacementKind; since: string }[];
	/**
	 * [CE9] The date of the withdrawal of consent that ended active work (CE3), while the case is
	 * still ended by it: the worker is asked to consider informing the court.
	 */
	endedByWithdrawal?: string;
}

const ACTIVE: CaseState[] = ['NAWIAZANIE', 'PLAN', 'REALIZACJA', 'ZAWIESZONA'];

/** A case in `state` with nothing yet recorded: no consent, plan, orders or conflicts. */
export function emptyCaseView(state: CaseState): CaseView {
	return {
		state,
		consent: null,
		closure: null,
		agreedPlan: null,
		consultedVersions: [],
		conflicts: [],
		enteredAt: {},
		courtObligation: false,
		courtOrders: [],
		childrenInCare: []
	};
}

/**
 * [CE1] Folds the log, in order, into the case's current view. A transition applies only from
 * the state it names and only along an exit of the lifecycle; otherwise it is a conflict.
 * [CE3] Withdrawal of consent ends active work (→ ZAKONCZENIE) unless the consent was an
 * exemption (a court obligation keeps the case open).
 */
export function reduceCase(
	events: readonly CaseEvent[],
	initial: CaseState = 'ZGLOSZENIE'
): CaseView {
	const view = emptyCaseView(initial);
	for (const [i, e] of events.entries()) {
		switch (e.type) {
			case 'przyjecie':
				// [CE5] A later intake would rewrite history: kept, flagged, never applied.
				if (i === 0 && view.state === initial) {
					view.state = e.to;
					view.enteredAt[e.to] = e.at;
				} else view.conflicts.push(e);
				break;
			case 'przejscie':
				if (e.from === view.state && exitOf(e.from, e.to)) {
					view.state = e.to;
					view.enteredAt[e.to] = e.at;
					if (e.to !== 'ZAKONCZENIE') delete view.endedByWithdrawal;
				} else view.conflicts.push(e);
				break;
			case 'zgoda':
				// [G3] Oral consent counts only with its note (how and before whom it was given).
				if (e.kind === 'ustna' && (e.note ?? '').trim() === '') break;
				view.consent = { kind: e.kind, date: e.date };
				break;
			case 'wycofanie_zgody': {
				const exempt =
					view.consent?.kind === 'zwolnienie_sad' ||
					view.consent?.kind === 'zwolnienie_art11_1a' ||
					view.courtObligation;
				if (exempt) break;
				view.consent = null;
				if (ACTIVE.includes(view.state)) {
					view.state = 'ZAKONCZENIE';
					view.enteredAt.ZAKONCZENIE = e.at;
					view.endedByWithdrawal = e.date;
				}
				break;
			}
			case 'plan_uzgodniony':
				// [G4] A refusal to sign with its reason records the version as much as signatures do
				// (domain.md G4): a court-obliged family that refuses still gets a plan in force.
				if (e.method === 'odmowa' && e.refusalReason.trim() === '') break;
				if ((view.agreedPlan?.version ?? 0) < e.version)
					view.agreedPlan = {
						version: e.version,
						planHash: e.planHash,
						plan: e.plan,
						at: e.at,
						agreedBy: e.agreedBy,
						method: e.method,
						refusalReason: e.refusalReason
					};
				break;
			case 'konsultacja_ps':
				if (!view.consultedVersions.includes(e.version)) view.consultedVersions.push(e.version);
				break;
			case 'zakonczenie':
				view.closure = {
					reasonCode: e.reasonCode,
					finalAssessment: e.finalAssessment,
					finalAssessmentRef: e.finalAssessmentRef ?? null
				};
				break;
			// ── Court and foster care (CT, PC) ──
			case 'postanowienie_sadu': {
				view.courtOrders.push({ orderId: e.orderId, orderType: e.orderType, date: e.date });
				// [CT7] One order may combine obligations: each of them applies.
				const types = [e.orderType, ...(e.alsoTypes ?? [])];
				// [CT3] An obligation is the exemption basis of G3 (art. 8 ust. 3), as `zwolnienie_sad`.
				if (types.includes('zobowiazanie')) {
					view.courtObligation = true;
					view.consent = { kind: 'zwolnienie_sad', date: e.date };
				}
				// [CT6] A lifted obligation no longer exempts from consent: work goes on only with the
				// family's consent (a written one recorded meanwhile stays in force).
				if (types.includes('uchylenie_zobowiazania')) {
					view.courtObligation = false;
					if (view.consent?.kind === 'zwolnienie_sad') view.consent = null;
				}
				break;
			}
			case 'wniosek_sadu':
			case 'opinia_wyslana':
				// [CT4] Shown in the log; the opinion itself lives in the court compartment.
				break;
			case 'dziecko_w_pieczy': {
				// [PC2] A second placement of a child in care updates where, never duplicates.
				const rest = view.childrenInCare.filter((c) => c.memberId !== e.memberId);
				view.childrenInCare = [...rest, { memberId: e.memberId, where: e.where, since: e.date }];
				break;
			}
			case 'powrot_dziecka':
				view.childrenInCare = view.childrenInCare.filter((c) => c.memberId !== e.memberId);
				break;
			case 'zmiana_asystenta':
				// [CE10] Shown in the log and the assistant history; the assignment lives on the server.
				break;
		}
	}
	return view;
}

/**
 * [CE9] Whether withdrawing consent now would end active work (CE3): the consent form asks the
 * worker to confirm and to consider informing the court. Never a block.
 */
export function withdrawalEndsWork(view: CaseView): boolean {
	const exempt =
		view.consent?.kind === 'zwolnienie_sad' ||
		view.consent?.kind === 'zwolnienie_art11_1a' ||
		view.courtObligation;
	return !exempt && view.consent !== null && ACTIVE.includes(view.state);
}

/** Parses a raw log; unparseable entries are returned apart, never dropped silently. */
export function parseCaseLog(raw: readonly unknown[]): { events: CaseEvent[]; invalid: unknown[] } {
	const events: CaseEvent[] = [];
	const invalid: unknown[] = [];
	for (const r of raw) {
		const p = CaseEvent.safeParse(r);
		if (p.success) events.push(p.data);
		else invalid.push(r);
	}
	return { events, invalid };
}

/**
 * [CE7] Event types only some staff roles may record, whatever their grant: the social worker's
 * consultation of a plan version is the social worker's own act (art. 15 ust. 1 pkt 1).
 * Transitions are governed by the lifecycle's exits (CS1, `Exit.by`).
 */
export const RECORDED_ONLY_BY: Partial<Record<CaseEvent['type'], readonly string[]>> = {
	konsultacja_ps: ['pracownik_socjalny'],
	// [CE10] Reassignment is the head's act (AC7).
	zmiana_asystenta: ['kierownik']
};
