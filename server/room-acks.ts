/**
 * [RM5] A room's acknowledgements: when it tells its sockets what is stored, and which sockets
 * it tells. At most one acknowledgement per `persistedAckMs` and never the last one dropped; the
 * heartbeat; a write-only socket told only its own part (NK2). What is committed comes from
 * room-commits.ts; apart from it because this is the per-socket telling, with its own timer.
 */
import * as Y from 'yjs';
import { HEARTBEAT_MS } from '../src/lib/sync/protocol.js';
import type { SyncConfig } from './config.js';
import { isSubmitter, type Connection } from './connection.js';
import * as msg from './messages.js';
import type { RoomCommits } from './room-commits.js';

/** [RM5] A socket that did not write is sent an acknowledgement at most this often. */
const READER_ACK_MS = 5_000;

/** The room as its acknowledgements see it. */
export interface AckHost {
	readonly conns: Set<Connection>;
	/** [RM16] Client id → user id: a write-only socket is told only its own ids' clocks. */
	readonly owners: Map<number, string>;
}

/** When a room last acknowledged, whether it owes one, and the sending of it. */
export class RoomAcks {
	#lastAckAt = 0;
	/**
	 * Added to this room's wait for its next acknowledgement. Rooms written to at once commit in
	 * the same persist tick, so without it they acknowledge in lockstep forever after: a burst of
	 * snapshots and frames to every socket of every busy room in one turn, every
	 * `persistedAckMs` (the bench's p99). A per-room offset lets them drift apart.
	 */
	readonly #ackJitter: number;
	#ackTimer: NodeJS.Timeout | null = null;
	#ackOwed = false;

	constructor(
		private readonly room: AckHost,
		private readonly commits: RoomCommits,
		private readonly config: SyncConfig
	) {
		this.#ackJitter = Math.floor((Math.random() * config.persistedAckMs) / 5);
	}

	/** Something was committed (here or by another node): an acknowledgement is owed. */
	owe(): void {
		this.#ackOwed = true;
		this.#maybeAck();
	}

	/** Acknowledges commits at most once per `persistedAckMs`, never dropping the last one. */
	#maybeAck(): void {
		if (!this.#ackOwed) return;
		const wait = this.#lastAckAt + this.config.persistedAckMs - Date.now();
		if (wait > 0) {
			this.#ackTimer ??= setTimeout(() => {
				this.#ackTimer = null;
				this.#maybeAck();
			}, wait + this.#ackJitter);
			return;
		}
		const snapshot = this.commits.committedNow();
		if (!this.commits.coversAll) {
			// Rows are pending or in flight (async store): acknowledge what is surely committed
			// now, and have the next drain take a snapshot so its commit acknowledges the rest.
			this.commits.snapshotNextCommit();
		}
		this.#ackOwed = false;
		this.#lastAckAt = Date.now();
		this.#broadcastPersisted(snapshot, false);
	}

	/**
	 * Heartbeat: the newest committed snapshot to every ready socket (keepalive, RM5). A room that
	 * acknowledged within half a heartbeat has just sent every socket that snapshot; sending it
	 * again in the same turn as every other room would only make a burst.
	 */
	sendPersisted(now: number): void {
		if (now - this.#lastAckAt < HEARTBEAT_MS / 2) return;
		this.#broadcastPersisted(this.commits.committedNow(), true);
	}

	/** Tells a socket that just joined what is stored. */
	greet(conn: Connection): void {
		this.#tell(conn, this.commits.committedNow(), null, Date.now());
	}

	/**
	 * Sends the snapshot to every ready socket (`all`: the heartbeat) or, for an acknowledgement,
	 * to the sockets it tells something: those that wrote since they were last told, those last
	 * told a snapshot that lacked rows they had already been sent (their device may then show
	 * "synchronizacja"), and the others at most every READER_ACK_MS, so a reader's stored snapshot
	 * (what an offline reload checks) stays recent. A reader's device never counts what others
	 * wrote as its own waiting changes (save-state.ts), so an acknowledgement of every keystroke of
	 * the one person typing, to everyone watching, told them nothing; in a meeting it was most of
	 * the acknowledgements sent.
	 */
	#broadcastPersisted(snapshot: Uint8Array, all: boolean): void {
		const now = Date.now();
		const frame = msg.encodePersisted(snapshot);
		for (const c of this.room.conns)
			if (c.ready && (all || c.wroteSinceAck || !c.toldAll || now - c.toldAt >= READER_ACK_MS))
				this.#tell(c, snapshot, frame, now);
	}

	/** Sends one socket the snapshot (its own part of it for a write-only socket, NK2). */
	#tell(c: Connection, snapshot: Uint8Array, frame: Uint8Array | null, now: number): void {
		c.send(
			isSubmitter(c)
				? msg.encodePersisted(this.#persistedFor(c, snapshot))
				: (frame ?? msg.encodePersisted(snapshot))
		);
		c.wroteSinceAck = false;
		// The committed snapshot covers every row the room holds, so every row sent to the socket.
		c.toldAll = this.commits.coversAll;
		c.toldAt = now;
	}

	/**
	 * [NK2] What a socket is told is stored: everything for readers and writers; for a write-only
	 * socket only its own client ids' clocks and no deletions, so it learns when its own writes
	 * are safe and nothing of anyone else's.
	 */
	#persistedFor(conn: Connection, snapshot: Uint8Array): Uint8Array {
		if (!isSubmitter(conn)) return snapshot;
		const full = Y.decodeSnapshot(snapshot);
		const sv = new Map<number, number>();
		for (const [client, clock] of full.sv)
			if (this.room.owners.get(client) === conn.info.userId) sv.set(client, clock);
		return Y.encodeSnapshot(Y.createSnapshot(Y.createDeleteSet(), sv));
	}

	/** Stops a waiting acknowledgement (the room is freed). */
	destroy(): void {
		if (this.#ackTimer) clearTimeout(this.#ackTimer);
	}
}
