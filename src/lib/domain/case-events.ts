import { z } from 'zod';
import { CaseState } from './case-state.js';
import { CourtOrderType } from './court.js';

// Still forwarded only for lib/sync (core-doc) and lib/server (case-projection and two tests),
// whose owners move them to case-view.ts; everything else imports the view from there.
export { reduceCase, type CaseView } from './case-view.js';

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
