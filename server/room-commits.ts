/**
 * The persist side of a room (RM4, RM5, RM16): the rows and client-id bindings waiting for the
 * store, the seqs of what is stored and checkpointed, and the committed snapshot. The persist
 * queue takes batches through the room; room-acks.ts reads from here what is surely committed.
 * Apart from room.ts because this bookkeeping never sees a socket's frames, only rows.
 */
import * as Y from 'yjs';
import type { SyncConfig } from './config.js';
import type { Connection } from './connection.js';
import type { PendingBatch, Persistable, PersistQueue } from './persist-queue.js';
import type { ClientBinding, UpdateRow } from './store/doc-store.js';
import type { Coverage } from './cluster/cluster.js';

/** The room as its commits see it: what a batch is made of, and whom the queue is told of. */
export interface CommitHost extends Persistable {
	readonly epoch: number;
	/** [RM16] Client id → user id; a new binding is stored with the next commit. */
	readonly owners: Map<number, string>;
	readonly coverage: Coverage | null;
	/** The live document, built from stored bytes on first access (PF1). */
	readonly doc: Y.Doc;
}

/** A room's rows on their way to the store, and what the store has already committed. */
export class RoomCommits {
	/** The last committed snapshot, sent on join, after commits and as heartbeat (RM5). */
	committedSnapshot: Uint8Array = new Uint8Array();
	#pending: UpdateRow[] = [];
	#lastSeq = 0;
	#checkpointSeq = 0;
	#forceCheckpoint = false;
	/** Batches handed to the store and not yet committed or failed. */
	#inFlight = 0;
	/** The next drain takes a snapshot: an acknowledgement waits for that commit. */
	#snapshotNext = false;
	/** Row seq that `committedSnapshot` covers; `#batchSeq` the same for the batch in flight. */
	#snapshotSeq = 0;
	#batchSeq = 0;
	/** Bindings made since the last commit; they go to the store with the next one. */
	#newBindings: ClientBinding[] = [];
	/** See `arrivalOf`. */
	#arrivals = new Map<number, number[]>();

	constructor(
		private readonly room: CommitHost,
		private readonly config: SyncConfig,
		private readonly queue: PersistQueue
	) {}

	/** After a load: every stored row is committed, and `snapshot` covers them all. */
	loaded(lastSeq: number, checkpointSeq: number, snapshot: Uint8Array): void {
		this.committedSnapshot = snapshot;
		this.#lastSeq = lastSeq;
		this.#checkpointSeq = checkpointSeq;
		this.#snapshotSeq = this.#lastSeq;
	}

	/**
	 * Queues a socket's accepted update as the room's next row, and notes when the structs it
	 * brought arrived (see `arrivalOf`).
	 */
	append(conn: Connection, update: Uint8Array, tr: Y.Transaction): void {
		// The transaction already knows which clocks moved: no second decode via parseUpdateMeta.
		const clientIds: number[] = [];
		const createdAt = Date.now();
		for (const [client, clock] of tr.afterState) {
			if ((tr.beforeState.get(client) ?? 0) < clock) {
				clientIds.push(client);
				const list = this.#arrivals.get(client);
				if (list) list.push(clock, createdAt);
				else this.#arrivals.set(client, [clock, createdAt]);
			}
		}
		this.#pending.push({
			docName: this.room.docName,
			seq: ++this.#lastSeq,
			createdAt,
			userId: conn.info.userId,
			sessionId: conn.info.sessionId,
			clientIds,
			bytes: update
		});
		this.queue.markDirty(this.room);
	}

	/**
	 * [CF3] When a struct arrived, for a conflict's earlier value: known for what arrived since
	 * the room was loaded (null before). Pairs of (clock after the update, arrival) per client.
	 */
	arrivalOf(client: number, clock: number): number | null {
		const list = this.#arrivals.get(client);
		if (!list) return null;
		for (let i = 0; i < list.length; i += 2) if (clock < list[i]) return list[i + 1];
		return null;
	}

	/** [CL1] Rows another node stored reached the document: the room holds one row more. */
	countRemote(): void {
		this.#lastSeq++;
	}

	/** [RM16] Binds a client id to a user, unless bound already; stored with the next commit. */
	bind(clientId: number, userId: string): void {
		if (this.room.owners.has(clientId)) return;
		this.room.owners.set(clientId, userId);
		this.#newBindings.push({ docName: this.room.docName, clientId, userId, boundAt: Date.now() });
		this.queue.markDirty(this.room);
	}

	/** True when rows exist that no checkpoint covers yet. */
	get hasUncheckpointedRows(): boolean {
		return this.#lastSeq > this.#checkpointSeq || this.#pending.length > 0;
	}

	/** The room's own row seq the newest checkpoint covers. */
	get checkpointSeq(): number {
		return this.#checkpointSeq;
	}

	/** True when rows lie beyond the newest checkpoint, stored or pending. */
	get rowsBeyondCheckpoint(): boolean {
		return this.#lastSeq !== this.#checkpointSeq || this.#pending.length > 0;
	}

	/** Requests a checkpoint with the next commit, even below the row threshold (unload). */
	requestCheckpoint(): void {
		this.#forceCheckpoint = true;
		this.queue.markDirty(this.room);
	}

	/** The rows, bindings and (when due) checkpoint for the next commit; null if none. */
	take(): PendingBatch | null {
		const due =
			this.#lastSeq - this.#checkpointSeq >= this.config.checkpointEvery ||
			(this.#forceCheckpoint && this.#lastSeq > this.#checkpointSeq);
		this.#forceCheckpoint = false;
		if (this.#pending.length === 0 && !due && this.#newBindings.length === 0) return null;
		const updates = this.#pending;
		this.#pending = [];
		const clients = this.#newBindings;
		this.#newBindings = [];
		this.#inFlight++;
		// Only when an acknowledgement waits for this commit (async stores): the document then
		// holds exactly the stored rows plus these, so its snapshot is what the commit makes
		// durable, whatever arrives while the commit runs (RM5).
		let snapshot: Uint8Array | null = null;
		if (this.#snapshotNext) {
			this.#snapshotNext = false;
			snapshot = Y.encodeSnapshot(Y.snapshot(this.room.doc));
			this.#batchSeq = this.#lastSeq;
		}
		const checkpoint = due
			? {
					docName: this.room.docName,
					epoch: this.room.epoch,
					// [CL2] With other nodes: only the stored rows this document is known to hold.
					uptoSeq: this.room.coverage ? this.room.coverage.upto : this.#lastSeq,
					createdAt: Date.now(),
					state: Y.encodeStateAsUpdate(this.room.doc)
				}
			: null;
		return { updates, checkpoint, snapshot, clients, localSeq: this.#lastSeq };
	}

	/** The batch is durable: what it checkpointed and the snapshot it carried now count. */
	committed(batch: PendingBatch): void {
		this.#inFlight--;
		if (batch.checkpoint) this.#checkpointSeq = Math.max(this.#checkpointSeq, batch.localSeq);
		if (batch.snapshot) {
			this.committedSnapshot = batch.snapshot;
			this.#snapshotSeq = this.#batchSeq;
		}
	}

	/** The commit failed: its rows and bindings go back to the front, to be taken again. */
	failed(batch: PendingBatch): void {
		this.#inFlight--;
		this.#pending = [...batch.updates, ...this.#pending];
		this.#newBindings = [...batch.clients, ...this.#newBindings];
		if (batch.checkpoint) this.#forceCheckpoint = true;
		if (batch.snapshot) this.#snapshotNext = true;
	}

	/** True when the store holds everything the document holds (nothing pending or in flight). */
	get #settled(): boolean {
		return this.#pending.length === 0 && this.#inFlight === 0;
	}

	/**
	 * The newest committed snapshot. While settled, the live document IS the committed state, so
	 * its snapshot is taken now (at most once per row); otherwise the last one a commit brought.
	 */
	committedNow(): Uint8Array {
		if (this.#settled && this.#snapshotSeq !== this.#lastSeq) {
			this.committedSnapshot = Y.encodeSnapshot(Y.snapshot(this.room.doc));
			this.#snapshotSeq = this.#lastSeq;
		}
		return this.committedSnapshot;
	}

	/** True when the committed snapshot covers every row the room holds. */
	get coversAll(): boolean {
		return this.#snapshotSeq === this.#lastSeq;
	}

	/** Has the next drain take a snapshot, so its commit can acknowledge the rows held now. */
	snapshotNextCommit(): void {
		this.#snapshotNext = true;
		this.queue.markDirty(this.room);
	}
}
