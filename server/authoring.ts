/**
 * [HI1] Message 102: a device tells when it wrote the changes it sent. The room hands the text
 * over (room.ts `onAuthoring`); here it is parsed with zod, checked and stored through the data
 * layer, and acknowledged so the device can forget the ranges.
 *
 * A range is stored only when the document already holds its clocks and the client id is the
 * sender's (the room's binding of client ids to users, RM16); a range whose update has not arrived yet is answered "later".
 * The device's time is a claim: it is clamped to the arrival and an implausible one (a clock
 * years off) is stored as unknown, never trusted.
 */
import { appendAudit } from '../src/lib/server/audit.js';
import {
	plausibleAuthoringTime,
	storeAuthoringRanges,
	type StoredRange
} from '../src/lib/server/authoring-times.js';
import type { Sql } from '../src/lib/server/sql.js';
import { AuthoringBatch, CloseCode } from '../src/lib/sync/protocol.js';
import { Connection } from './connection.js';
import { encodeAuthoringAck } from './messages.js';

/** The part of a room this module needs. */
export interface AuthoringRoom {
	readonly docName: string;
	/** The clock the document holds for a client id. */
	clockOf(clientId: number): number;
	/** [RM16] Client id → the user it is bound to. */
	readonly owners: ReadonlyMap<number, string>;
	onAuthoring: ((conn: Connection, text: string) => void) | null;
}

/** Takes a loaded room's message 102; a batch that cannot be stored is not acknowledged. */
export function attachAuthoring(
	room: AuthoringRoom,
	sql: Sql,
	log: (msg: string) => void,
	now: () => number = Date.now
): void {
	room.onAuthoring = (conn, text) =>
		void handleAuthoring(room, sql, conn, text, now()).catch((err: unknown) =>
			// Not acknowledged: the device keeps the ranges and sends them again.
			log(`Asysta sync: storing authoring times of ${room.docName} failed: ${String(err)}`)
		);
}

function parse(text: string): AuthoringBatch | null {
	try {
		const p = AuthoringBatch.safeParse(JSON.parse(text));
		return p.success ? p.data : null;
	} catch {
		return null;
	}
}

/**
 * Checks, stores and acknowledges one batch. What the room holds is read before the first await;
 * the acknowledgement goes only after the ranges are stored.
 */
export async function handleAuthoring(
	room: AuthoringRoom,
	sql: Sql,
	conn: Connection,
	text: string,
	receivedAt: number
): Promise<void> {
	const batch = parse(text);
	if (!batch) return conn.close(CloseCode.malformed, 'malformed authoring');
	const { userId, staffRole, familyId } = conn.info;
	const later: number[] = [];
	const store: StoredRange[] = [];
	const foreign = new Set<number>();
	// A reader's writes are never stored (RM7), so neither are their times: settled, dropped.
	if (conn.info.role === 'edit') {
		batch.ranges.forEach((r, i) => {
			if (room.clockOf(r.client) < r.to) return void later.push(i);
			if (room.owners.get(r.client) !== userId) return void foreign.add(r.client);
			store.push({
				docName: room.docName,
				clientId: r.client,
				from: r.from,
				to: r.to,
				deviceAt: r.at,
				authoredAt: plausibleAuthoringTime(r.at, receivedAt),
				userId,
				receivedAt
			});
		});
	}
	await storeAuthoringRanges(sql, store);
	if (foreign.size > 0) {
		// Claiming times for someone else's writing: dropped, and the attempt leaves a trace.
		await appendAudit(sql, {
			actorId: userId,
			actorRole: staffRole,
			action: 'refused',
			object: room.docName,
			familyId,
			detail: { kind: 'authoring', clients: [...foreign].slice(0, 20) }
		});
	}
	conn.send(encodeAuthoringAck({ id: batch.id, later }));
}
