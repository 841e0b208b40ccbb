/**
 * The server's projection of a family's case, read from its core document after commits
 * (server/projection.ts): the state for caseloads (G1), and the dates and plan versions the head's
 * view needs. Stored as a row, so the head's view never opens a document it may not read.
 */
import { z } from 'zod';
import type { Db } from './db.js';
import type { CaseView } from '../domain/case-view.js';
import { PROJECT_CASE_STATE } from './caseload.js';
import { workStartOf } from '../domain/deadlines.js';
import { CourtOrderType } from '../domain/court.js';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Day = z.union([z.literal(''), IsoDate]);

/** [NK3] One procedure as the head's view may know it: its dates, nothing else. */
export const NkDates = z.object({
	startedOn: IsoDate,
	suspectAbsent: z.boolean(),
	toChairOn: Day,
	toGroupOn: Day,
	firstMeetingOn: Day,
	suspectNotifiedOn: Day
});
export type NkDates = z.infer<typeof NkDates>;

/** What the head's view reads besides the state; every field optional, so old rows parse. */
export const CaseProjection = z.object({
	consentDate: IsoDate.nullable().default(null),
	/** When NAWIAZANIE was entered (first contact), device date. */
	firstContact: IsoDate.nullable().default(null),
	/** [DL7] When the assistant started work (PRZYDZIELONA entered), device date. */
	workStart: IsoDate.nullable().default(null),
	/** Latest agreed plan version, and whether the social worker consulted that very version. */
	agreedPlanVersion: z.number().int().min(1).nullable().default(null),
	planConsulted: z.boolean().default(false),
	/** Latest periodic assessment date, from the assessments document (CS5). */
	lastAssessment: IsoDate.nullable().default(null),
	/**
	 * [NK3] The Niebieska Karta procedures' dates, from the violence document: dates and the
	 * absence flag only, never a record id or anything else of the compartment.
	 */
	nk: z.array(NkDates).default([]),
	/**
	 * [ST3] The types of the court orders the case log records (CT2: types only, never the order),
	 * so a kurator's grant can be tied to a court order. Null: projected before this field existed.
	 */
	courtOrderTypes: z.array(CourtOrderType).nullable().default(null)
});
export type CaseProjection = z.infer<typeof CaseProjection>;

/** The projection of a folded case log (the assessments part comes from elsewhere). */
export function projectionOf(view: CaseView): Omit<CaseProjection, 'lastAssessment' | 'nk'> {
	const agreed = view.agreedPlan?.version ?? null;
	return {
		courtOrderTypes: [...new Set(view.courtOrders.map((o) => o.orderType))],
		consentDate: view.consent?.date ?? null,
		firstContact: view.enteredAt.NAWIAZANIE?.slice(0, 10) ?? null,
		workStart: workStartOf(view),
		agreedPlanVersion: agreed,
		planConsulted: agreed !== null && view.consultedVersions.includes(agreed)
	};
}

/** [CS4] Records what the server read from a family's core document. */
export function projectCase(db: Db, familyId: string, view: CaseView, now = Date.now()): void {
	db.transaction(() => {
		// Still synchronous here (issue 16: this module moves later): the statement of
		// caseload.ts's projectCaseState on this connection.
		db.prepare(PROJECT_CASE_STATE).run(
			view.state,
			now,
			view.conflicts.length > 0 ? 1 : 0,
			familyId
		);
		mergeProjection(db, familyId, projectionOf(view));
	})();
}

/**
 * [CS5] Records the date of the family's latest periodic assessment, read from its assessments
 * document (the core document does not hold assessments), so the head's view measures DL2 from it.
 */
export function projectLastAssessment(db: Db, familyId: string, date: string | null): void {
	db.transaction(() => mergeProjection(db, familyId, { lastAssessment: date }))();
}

/** [ST3] Records only the court orders' types of a folded case log (the start-up backfill). */
export function projectCourtOrders(db: Db, familyId: string, view: CaseView): void {
	const { courtOrderTypes } = projectionOf(view);
	db.transaction(() => mergeProjection(db, familyId, { courtOrderTypes }))();
}

/** Two documents feed one projection row: each writes only its own fields. */
function mergeProjection(db: Db, familyId: string, part: Partial<CaseProjection>): void {
	const row = db.prepare('SELECT case_projection FROM families WHERE id = ?').get(familyId) as
		{ case_projection: string } | undefined;
	if (!row) return;
	const merged = CaseProjection.parse({ ...readProjection(row.case_projection), ...part });
	db.prepare('UPDATE families SET case_projection = ? WHERE id = ?').run(
		JSON.stringify(merged),
		familyId
	);
}

/**
 * [ST3] Core documents whose family's projection was written before it held the court orders'
 * types (or cannot be read): the server projects them again at start.
 */
export function coreDocsWithoutCourtOrders(db: Db): { docName: string; familyId: string }[] {
	return db
		.prepare(
			`SELECT d.name AS docName, d.family_id AS familyId FROM documents d
			 JOIN families f ON f.id = d.family_id
			 WHERE d.kind = 'family' AND d.compartment = 'core'
			   AND (CASE WHEN json_valid(f.case_projection)
			        THEN json_type(f.case_projection, '$.courtOrderTypes') END) IS NOT 'array'
			 ORDER BY d.name`
		)
		.all() as { docName: string; familyId: string }[];
}

/** A stored projection; a damaged row reads as the empty projection. */
export function readProjection(raw: string): CaseProjection {
	try {
		const p = CaseProjection.safeParse(JSON.parse(raw));
		if (p.success) return p.data;
	} catch {
		// fall through
	}
	return CaseProjection.parse({});
}

/**
 * [CE6] Records, once per event, when the server first held it. Written after the commit that
 * brought it (debounced), so the time is an upper bound: "the server had it by then".
 */
export function recordEventReceipts(
	db: Db,
	familyId: string,
	eventIds: readonly string[],
	now = Date.now()
): void {
	const insert = db.prepare(
		'INSERT OR IGNORE INTO case_event_receipts (family_id, event_id, received_at) VALUES (?, ?, ?)'
	);
	db.transaction(() => {
		for (const id of eventIds) insert.run(familyId, id, now);
	})();
}

/** When the server first held each of a family's case events (ms), by event id. */
export function eventReceipts(db: Db, familyId: string): Record<string, number> {
	const rows = db
		.prepare('SELECT event_id, received_at FROM case_event_receipts WHERE family_id = ?')
		.all(familyId) as { event_id: string; received_at: number }[];
	return Object.fromEntries(rows.map((r) => [r.event_id, r.received_at]));
}

/** [NK3] Records the dates of the family's Niebieska Karta procedures (violence document). */
export function projectNkDates(db: Db, familyId: string, procedures: readonly NkDates[]): void {
	const nk = procedures.map((p) => NkDates.parse(p));
	db.transaction(() => mergeProjection(db, familyId, { nk }))();
}
