/**
 * [HI1][HI2] Authoring times of offline changes: the ranges devices report (message 102) and the
 * question who first wrote under a Yjs client id. SQL only; server/authoring.ts decides.
 */
import type { Sql } from './sql.js';
import { insertRows } from './sql-batch.js';

/** A device's time is implausible this far before its arrival (a clock years off): unknown. */
export const MAX_OFFLINE_MS = 366 * 86_400_000;
/** Or this far after it (the device's clock runs ahead): beyond it unknown, within it clamped. */
export const MAX_AHEAD_MS = 86_400_000;

/** One range as stored. `authoredAt` null: the device's time was implausible. */
export interface StoredRange {
	docName: string;
	clientId: number;
	from: number;
	to: number;
	deviceAt: number;
	authoredAt: number | null;
	userId: string;
	receivedAt: number;
}

/**
 * [HI2] The device's time as history shows it: clamped to never be later than the arrival, and
 * unknown (null) when it is implausibly far from it in either direction.
 */
export function plausibleAuthoringTime(deviceAt: number, receivedAt: number): number | null {
	if (deviceAt < receivedAt - MAX_OFFLINE_MS || deviceAt > receivedAt + MAX_AHEAD_MS) return null;
	return Math.min(deviceAt, receivedAt);
}

/**
 * Stores ranges, a few hundred per statement; a range sent twice (a lost acknowledgement) is kept
 * once. No transaction: a batch stored in part is not acknowledged, and the device sends it again.
 */
export async function storeAuthoringRanges(
	sql: Sql,
	ranges: readonly StoredRange[]
): Promise<void> {
	if (ranges.length === 0) return;
	await insertRows(
		sql,
		`INSERT INTO authoring_ranges
			 (doc_name, client_id, clock_from, clock_to, device_at, authored_at, user_id, received_at)`,
		'ON CONFLICT DO NOTHING',
		ranges.map((r) => [
			r.docName,
			r.clientId,
			r.from,
			r.to,
			r.deviceAt,
			r.authoredAt,
			r.userId,
			r.receivedAt
		])
	);
}

/** Every stored range of a document, by client and clock. */
export async function authoringRangesOf(sql: Sql, docName: string): Promise<StoredRange[]> {
	const rows = await sql.all<{
		client_id: number;
		clock_from: number;
		clock_to: number;
		device_at: number;
		authored_at: number | null;
		user_id: string;
		received_at: number;
	}>(
		`SELECT client_id, clock_from, clock_to, device_at, authored_at, user_id, received_at
		 FROM authoring_ranges WHERE doc_name = ? ORDER BY client_id, clock_from`,
		docName
	);
	return rows.map((r) => ({
		docName,
		clientId: r.client_id,
		from: r.clock_from,
		to: r.clock_to,
		deviceAt: r.device_at,
		authoredAt: r.authored_at,
		userId: r.user_id,
		receivedAt: r.received_at
	}));
}
