/**
 * [CF2][CF5][NC1] What the write policy found in a room's accepted update, stored as conflicts
 * for the family's file, and the `conflicts` notice that tells the room's sockets (CF4). The
 * writer's own other devices are never the other side. Apart from rooms.ts because this is the
 * conflicts' data, resolved to users through the room's client-id owners, not the lifecycle.
 */
import {
	recordConflicts,
	type FoundConflict,
	type FoundValue
} from '../src/lib/server/conflicts.js';
import { recordNarratives, type FoundNarrative } from '../src/lib/server/narrative-conflicts.js';
import { recordRemovals, removedFieldOf } from '../src/lib/server/removed-records.js';
import type { Db } from '../src/lib/server/db.js';
import type { ConcurrentFindings, WrittenValue } from './concurrent-writes.js';
import type { Connection } from './connection.js';
import type { NarrativeOverlap } from './narrative-conflicts.js';
import type { Room } from './room.js';

/** Records the conflicts of every room of one process and numbers their notices. */
export class ConflictRecorder {
	/** Numbers the `conflicts` notices, so a client sees each one as new. */
	#conflictSeq = 0;

	constructor(private readonly db: Db) {}

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
		const db = this.db;
		const writer = conn.info.userId;
		if (found.removed.length > 0) recordRemovals(db, room.docName, writer, found.removed);
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
		for (const o of found.orphans) {
			const at = removedFieldOf(db, room.docName, o.origin.client, o.origin.clock);
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
		recordConflicts(db, room.docName, familyId, conflicts, now);
		this.notify(room);
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
		recordNarratives(this.db, room.docName, familyId, writer, narratives);
		this.notify(room);
	}
}
