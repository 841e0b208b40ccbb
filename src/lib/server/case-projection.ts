/**
 * The server's projection of a family's case, read from its core document after commits
 * (server/projection.ts): the state for caseloads (G1), and the dates and plan versions the head's
 * view needs. Stored as a row, so the head's view never opens a document it may not read.
 */
import { z } from 'zod';
import type { Sql } from './sql.js';
import { insertRows } from './sql-batch.js';
import type { CaseView } from '../domain/case-view.js';
import { projectCaseState } from './caseload.js';
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
export async function projectCase(
	sql: Sql,
	familyId: string,
	view: CaseView,
	now = Date.now()
): Promise<void> {
	await sql.tx(async (t) => {
		await projectCaseState(t, familyId, view.state, view.conflicts.length > 0, now);
		await mergeProjection(t, familyId, projectionOf(view));
	});
}

/**
 * [CS5] Records the date of the family's latest periodic assessment, read from its assessments
 * document (the core document does not hold assessments), so the head's view measures DL2 from it.
 */
export async function projectLastAssessment(
	sql: Sql,
	familyId: string,
	date: string | null
): Promise<void> {
	await mergeProjection(sql, familyId, { lastAssessment: date });
}

/** [ST3] Records only the court orders' types of a folded case log (the start-up backfill). */
export async function projectCourtOrders(
	sql: Sql,
	familyId: string,
	view: CaseView
): Promise<void> {
	const { courtOrderTypes } = projectionOf(view);
	await mergeProjection(sql, familyId, { courtOrderTypes });
}

/**
 * Two documents feed one projection row: each writes only its own fields. Their projections may
 * run at once (two nodes, or two awaits on one), so the row is replaced only if it is still what
 * was read (compare and set), else read again: no part overwrites another's.
 */
async function mergeProjection(
	sql: Sql,
	familyId: string,
	part: Partial<CaseProjection>
): Promise<void> {
	for (;;) {
		const row = await sql.get<{ case_projection: string }>(
			'SELECT case_projection FROM families WHERE id = ?',
			familyId
		);
		if (!row) return;
		const merged = CaseProjection.parse({ ...readProjection(row.case_projection), ...part });
		const changed = await sql.run(
			'UPDATE families SET case_projection = ? WHERE id = ? AND case_projection = ?',
			JSON.stringify(merged),
			familyId,
			row.case_projection
		);
		if (changed > 0) return;
	}
}

/**
 * [ST3] Core documents whose family's projection was written before it held the court orders'
 * types (or cannot be read): the server projects them again at start. The JSON is read here, so
 * the statement runs on both engines.
 */
export async function coreDocsWithoutCourtOrders(
	sql: Sql
): Promise<{ docName: string; familyId: string }[]> {
	const rows = await sql.all<{ name: string; family_id: string; case_projection: string }>(
		`SELECT d.name, d.family_id, f.case_projection FROM documents d
		 JOIN families f ON f.id = d.family_id
		 WHERE d.kind = 'family' AND d.compartment = 'core'
		 ORDER BY d.name`
	);
	return rows
		.filter((r) => !holdsCourtOrderTypes(r.case_projection))
		.map((r) => ({ docName: r.name, familyId: r.family_id }));
}

/** Whether a stored projection is a JSON object whose `courtOrderTypes` is an array. */
function holdsCourtOrderTypes(raw: string): boolean {
	try {
		const parsed = JSON.parse(raw) as unknown;
		return (
			typeof parsed === 'object' &&
			parsed !== null &&
			Array.isArray((parsed as { courtOrderTypes?: unknown }).courtOrderTypes)
		);
	} catch {
		return false;
	}
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
 * brought it (debounced), so the time is an upper bound: "the server had it by then". The events
 * already recorded are read first: a projection then writes only the new ones, in one statement.
 */
export async function recordEventReceipts(
	sql: Sql,
	familyId: string,
	eventIds: readonly string[],
	now = Date.now()
): Promise<void> {
	if (eventIds.length === 0) return;
	const known = new Set(Object.keys(await eventReceipts(sql, familyId)));
	const fresh = [...new Set(eventIds)].filter((id) => !known.has(id));
	if (fresh.length === 0) return;
	await insertRows(
		sql,
		'INSERT INTO case_event_receipts (family_id, event_id, received_at)',
		'ON CONFLICT DO NOTHING',
		fresh.map((id) => [familyId, id, now])
	);
}

/** When the server first held each of a family's case events (ms), by event id. */
export async function eventReceipts(sql: Sql, familyId: string): Promise<Record<string, number>> {
	const rows = await sql.all<{ event_id: string; received_at: number }>(
		'SELECT event_id, received_at FROM case_event_receipts WHERE family_id = ?',
		familyId
	);
	return Object.fromEntries(rows.map((r) => [r.event_id, r.received_at]));
}

/** [NK3] Records the dates of the family's Niebieska Karta procedures (violence document). */
export async function projectNkDates(
	sql: Sql,
	familyId: string,
	procedures: readonly NkDates[]
): Promise<void> {
	const nk = procedures.map((p) => NkDates.parse(p));
	await mergeProjection(sql, familyId, { nk });
}
