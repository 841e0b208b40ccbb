/**
 * Whether an update a socket sent may reach the document: a reader's never does (RM7, RM18); a
 * writer's claims only client ids of its own (RM16) and passes the document kind's write policy
 * (RM17); a write-only socket changes only what its own ids created (NK2). A refusal is told
 * once per reason. Apart from room.ts because these are the rules of a write; the room applies,
 * stores and broadcasts what they let through.
 */
import * as Y from 'yjs';
import { isSubmitter, type Connection } from './connection.js';
import * as msg from './messages.js';
import type { ConcurrentFindings } from './concurrent-writes.js';
import type { NarrativeOverlap } from './narrative-conflicts.js';
import type { RoomCommits } from './room-commits.js';
import type { RoomDoc } from './room-doc.js';
import type { Refusal, WriteGuard } from './write-guard.js';

/** Why a write was refused: the write policy's reason, or an id another user holds (RM16). */
export type WriteRefusal = Refusal | { code: 'foreign-client' };

/** The room as its write rules see it: whose ids are whose, the policy and the hooks. */
export interface WritesHost {
	readonly owners: Map<number, string>;
	readonly guard: WriteGuard | null;
	readonly onRefused: ((conn: Connection, refusal: WriteRefusal) => void) | null;
	readonly onConcurrent: ((conn: Connection, found: ConcurrentFindings) => void) | null;
	readonly onNarratives: ((conn: Connection, found: NarrativeOverlap[]) => void) | null;
}

/** Admits or refuses the updates of a room's sockets. */
export class RoomWrites {
	constructor(
		private readonly room: WritesHost,
		private readonly state: RoomDoc,
		private readonly commits: RoomCommits
	) {}

	/** Applies a socket's update to the document if it may write it; `knew`: see NC1. */
	apply(conn: Connection, update: Uint8Array, knew: Map<number, number> | null = null): void {
		if (conn.info.role !== 'edit' && conn.info.role !== 'submit') {
			// Never applied, never stored (RM7). One notice, so the client can offer export — but
			// only for a change: every client answers the server's SyncStep1 with a SyncStep2, empty
			// or holding only what the server has, and that is no write to refuse (RM18).
			if (this.state.holds(update)) return;
			if (!conn.noticeSent) {
				conn.noticeSent = true;
				conn.send(msg.encodeNotice({ type: 'read-only', role: conn.info.role }));
			}
			return;
		}
		// [PF1] Every client answers the greeting with what it holds; from a fresh or up-to-date
		// device that is nothing new, and the document need not be built for it.
		if (this.state.storedHolds(update)) return;
		// A real change: the document is built now, before the write policy copies it.
		const doc = this.state.doc;
		const claimed = this.#claimClients(update, conn.info.userId);
		if (claimed === null) return this.#refuse(conn, { code: 'foreign-client' });
		const { userId, name, staffRole } = conn.info;
		// [NK2] A write-only writer changes only records its own client ids created.
		const ownsClient = isSubmitter(conn)
			? (c: number) => this.room.owners.get(c) === userId || claimed.includes(c)
			: undefined;
		if (ownsClient && !this.room.guard) return this.#refuse(conn, { code: 'submit-only' });
		// [NC1] A write-only writer has seen nothing of the document: no passage of it is examined.
		const knowledge =
			knew && !ownsClient
				? { knew, isWriters: (client: number) => this.room.owners.get(client) === userId }
				: null;
		const clients = () => [
			...claimed,
			...[...this.room.owners].filter(([, u]) => u === userId).map(([c]) => c)
		];
		const refused = this.room.guard?.check(
			update,
			{ userId, name, staffRole, clients, ownsClient },
			knowledge
		);
		if (refused) return this.#refuse(conn, refused);
		for (const clientId of claimed) this.commits.bind(clientId, userId);
		Y.applyUpdate(doc, update, conn);
		const found = this.room.guard?.concurrent;
		if (found) {
			this.room.guard!.concurrent = null;
			this.room.onConcurrent?.(conn, found);
		}
		const narratives = this.room.guard?.narratives ?? [];
		if (narratives.length > 0) {
			this.room.guard!.narratives = [];
			this.room.onNarratives?.(conn, narratives);
		}
	}

	/**
	 * [RM16] The client ids under which `update` brings structs the document lacks (items, GC or
	 * skips alike): null when one of them belongs to another user, else those not yet bound.
	 * Structs the document already holds are no-ops and claim nothing.
	 */
	#claimClients(update: Uint8Array, userId: string): number[] | null {
		// The common case, a writer's own keystroke: one client id, already bound to the writer.
		const sole = msg.soleClientOf(update);
		if (sole === undefined || (sole !== null && this.room.owners.get(sole) === userId)) return [];
		const unbound: number[] = [];
		for (const [clientId, to] of Y.parseUpdateMeta(update).to) {
			if (to <= this.state.clockOf(clientId)) continue;
			const owner = this.room.owners.get(clientId);
			if (owner === undefined) unbound.push(clientId);
			else if (owner !== userId) return null;
		}
		return unbound;
	}

	/**
	 * A refused update is dropped like a reader's: nothing applied, stored or broadcast; the
	 * writer is told once per reason (and audited once). An update that merely waits on changes
	 * the server lacks is answered with the server's state vector instead: an honest client then
	 * sends what is missing (y-protocols answers SyncStep1 with SyncStep2).
	 */
	#refuse(conn: Connection, refusal: WriteRefusal): void {
		if (refusal.code === 'incomplete') return conn.send(msg.encodeSyncStep1(this.state.doc));
		if (conn.refusalsSent.has(refusal.code)) return;
		conn.refusalsSent.add(refusal.code);
		conn.send(msg.encodeNotice({ type: 'write-refused', reason: refusal.code }));
		this.room.onRefused?.(conn, refusal);
	}
}
