/**
 * [CF2][CF5][NC1] What the write policy found in a room's accepted update, stored as conflicts
 * for the family's file, and the `conflicts` notice that tells the room's sockets (CF4). The
 * writer's own other devices are never the other side. Apart from rooms.ts because this is the
 * conflicts' data, resolved to users through the room's client-id owners, not the lifecycle.
 *
 * Recording runs after the update was applied and broadcast, as before: what the room knows
 * (owners, arrivals) is read at once, the rows are written in order on one queue (a removal is
 * stored before a later update looks it up), and the room is told once they are stored.
 */
import {
	recordConflicts,
	type FoundConflict,
	type FoundValue
} from '../src/lib/server/conflicts.js';
import { recordNarratives, type FoundNarrative } from '../src/lib/server/narrative-conflicts.js';
import { recordRemovals, removedFieldOf } from '../src/lib/server/removed-records.js';
import type { Sql } from '../src/lib/server/sql.js';
import type { ConcurrentFindings, WrittenValue } from './concurrent-writes.js';
import type { Connection } from './connection.js';
import type { NarrativeOverlap } from './narrative-conflicts.js';
import type { Room } from './room.js';

/** Records the conflicts of every room of one process and numbers their notices. */
export class ConflictRecorder {
	/** Numbers the `conflicts` notices, so a client sees each one as new. */
	#conflictSeq = 0;

	/** The writes in order; never rejects. */
	#tail: Promise<void> = Promise.resolve();

	constructor(
		private readonly sql: Sql,
		private readonly log: (msg: string) => void
	) {}

	/** Resolves once every finding handed over so far is stored (drain). */
	settled(): Promise<void> {
		return this.#tail;
	}

	/** Queues `work` after the earlier writes; a failure is logged (conflicts are derived data). */
	#queue(docName: string, work: () => Promise<void>): void {
		this.#tail = this.#tail
			.then(work)
			.catch((err: unknown) =>
				this.log(`Asysta sync: recording conflicts of ${docName} failed: ${String(err)}`)
			);
	}

	/** [CF4] Tells a room's sockets that the document's conflicts changed. */
	notify(room: Room): void {
		room.broadcastNotice({ type: 'conflicts', seq: ++this.#conflictSeq });
	}

	/**
	 * [CF2] Stores what an accepted update overwrote without seeing it, when someone else wrote
	 * it (a person's own two devices are one writer), and tells the room (CF4).
	 */
	recordConcurrent(
		room: Room,
		familyId: string | null,
		conn: Connection,
		found: ConcurrentFindings
	): void {
		const sql = this.sql;
		const writer = conn.info.userId;
		const now = Date.now();
		const value = (v: WrittenValue, userId: string, arrivedAt: number | null): FoundValue => ({
			...v,
			userId,
			arrivedAt
		});
		const conflicts: FoundConflict[] = [];
		for (const w of found.writes) {
			const prevOwner = w.previous ? (room.owners.get(w.previous.client) ?? '') : null;
			if (prevOwner === writer) continue;
			conflicts.push({
				...w,
				previous:
					w.previous && prevOwner !== null
						? value(w.previous, prevOwner, room.arrivalOf(w.previous.client, w.previous.clock))
						: null,
				incoming: value(w.incoming, writer, now)
			});
		}
		// [CF5] A record removed offline took with it a value someone else wrote meanwhile.
		for (const u of found.unseenRemoved) {
			const owner = room.owners.get(u.value.client);
			if (!owner || owner === writer) continue;
			conflicts.push({
				root: u.root,
				recordKey: u.recordKey,
				recordId: u.recordId,
				field: u.field,
				recordRemoved: true,
				previous: value(u.value, owner, room.arrivalOf(u.value.client, u.value.clock)),
				incoming: null,
				incomingOrigin: null
			});
		}
		const { orphans, removed } = found;
		if (conflicts.length === 0 && orphans.length === 0 && removed.length === 0) return;
		this.#queue(room.docName, async () => {
			if (removed.length > 0) await recordRemovals(sql, room.docName, writer, removed);
			for (const o of orphans) {
				const at = await removedFieldOf(sql, room.docName, o.origin.client, o.origin.clock);
				if (!at || at.removedBy === writer) continue;
				conflicts.push({
					root: at.root,
					recordKey: at.recordKey,
					recordId: at.recordId,
					field: at.field,
					recordRemoved: true,
					previous: null,
					incoming: value(o.incoming, writer, now),
					incomingOrigin: o.origin
				});
			}
			if (conflicts.length === 0) return;
			await recordConflicts(sql, room.docName, familyId, conflicts, now);
			this.notify(room);
		});
	}

	/**
	 * [NC1] Stores the passages a reconnecting device merged into others' unseen changes (its own
	 * other devices are not another person), and tells the room (CF4).
	 */
	recordNarratives(
		room: Room,
		familyId: string | null,
		conn: Connection,
		found: NarrativeOverlap[]
	): void {
		const writer = conn.info.userId;
		const narratives: FoundNarrative[] = [];
		for (const { otherClients, passageKey, ...rest } of found) {
			const otherIds = [
				...new Set(
					otherClients.map((c) => room.owners.get(c) ?? '').filter((u) => u && u !== writer)
				)
			];
			if (otherIds.length > 0) narratives.push({ ...rest, passageKey, otherIds });
		}
		if (narratives.length === 0) return;
		this.#queue(room.docName, async () => {
			await recordNarratives(this.sql, room.docName, familyId, writer, narratives);
			this.notify(room);
		});
	}
}
