/**
 * One loaded document and its sockets: greets them, dispatches their frames, logs each accepted
 * update as a row and broadcasts it. Lifecycle (load, unload) is driven by rooms.ts; rules RM1..
 * are in server/SPEC.md. A room composes the parts beside it: its document and sync-step answers
 * (room-doc.ts), the rules a write passes (room-writes.ts), awareness (room-awareness.ts), rows
 * and commits (room-commits.ts) and acknowledgements (room-acks.ts).
 */
import * as Y from 'yjs';
import { CloseCode } from '../src/lib/sync/protocol.js';
import type { SyncConfig } from './config.js';
import { Connection, isSubmitter } from './connection.js';
import * as msg from './messages.js';
import type { PendingBatch, Persistable, PersistQueue } from './persist-queue.js';
import type { LoadedDoc } from './store/doc-store.js';
import type { WriteGuard } from './write-guard.js';
import type { NarrativeOverlap } from './narrative-conflicts.js';
import type { ConcurrentFindings } from './concurrent-writes.js';
import type { Coverage } from './cluster/cluster.js';
import { REMOTE_ORIGIN } from '../src/lib/sync/origins.js';
import type { CheckpointFacts } from './stored-state.js';
import { EMPTY_DOC, RoomDoc } from './room-doc.js';
import { RoomCommits } from './room-commits.js';
import { RoomAcks } from './room-acks.js';
import { RoomAwareness } from './room-awareness.js';
import { RoomWrites, type WriteRefusal } from './room-writes.js';

/** Owner of a stored client id no user is bound to: matches no user, so nobody continues it. */
const UNOWNED = '';

/** A live document with its sockets. */
export class Room implements Persistable {
	/** The document; each of its changes is either a socket's accepted update or another node's. */
	readonly #state = new RoomDoc((update, origin, tr) => {
		if (origin instanceof Connection) this.#onUpdate(update, origin, tr);
		else if (origin === REMOTE_ORIGIN) {
			const frame = msg.encodeUpdate(update);
			for (const c of this.conns) if (c.ready && !isSubmitter(c)) c.send(frame);
		}
	});
	readonly conns = new Set<Connection>();
	/** Called after each commit of this room's rows (e.g. the case projection of core files). */
	onCommit: (() => void) | null = null;
	/** The document kind's write policy (RM17); null for documents without a schema. */
	guard: WriteGuard | null = null;
	/** Called once per socket and refusal code, for the audit (RM16, RM17). */
	onRefused: ((conn: Connection, refusal: WriteRefusal) => void) | null = null;
	/** [RM16] Who each Yjs client id of this document belongs to: client id → user id. */
	readonly owners = new Map<number, string>();
	/** [HI1] Handles a socket's authoring ranges (server/authoring.ts); null ignores them. */
	onAuthoring: ((conn: Connection, text: string) => void) | null = null;
	/** [CF2] Called after an accepted update that overwrote values it never saw. */
	onConcurrent: ((conn: Connection, found: ConcurrentFindings) => void) | null = null;
	/** [NC1] A reconnect update merged offline passages into passages others changed meanwhile. */
	onNarratives: ((conn: Connection, found: NarrativeOverlap[]) => void) | null = null;
	/** [CL2] With other nodes: which stored seqs the document holds. Null on a single node. */
	coverage: Coverage | null = null;
	/** [CL3] With other nodes: this node's awareness changes go to them. Null on a single node. */
	onAwarenessOut: ((update: Uint8Array) => void) | null = null;
	readonly #commits: RoomCommits;
	readonly #acks: RoomAcks;
	readonly #awareness: RoomAwareness;
	/** [CL3][CL9] Other nodes' awareness: their changes applied, a silent node's entries dropped. */
	readonly remoteAwareness: Pick<RoomAwareness, 'applyRemote' | 'dropRemote'>;
	readonly #writes: RoomWrites;

	constructor(
		readonly docName: string,
		readonly epoch: number,
		config: SyncConfig,
		queue: PersistQueue
	) {
		this.#commits = new RoomCommits(this, config, queue);
		this.#acks = new RoomAcks(this, this.#commits, config);
		this.#awareness = new RoomAwareness(this.#state.docObject, this, this.#commits, config);
		this.remoteAwareness = this.#awareness;
		this.#writes = new RoomWrites(this, this.#state, this.#commits);
	}

	/** Takes the stored state (RM1); see `RoomDoc.load` for which part waits as bytes (PF1). */
	applyLoaded(loaded: LoadedDoc, known: CheckpointFacts | null = null): void {
		const snapshot = this.#state.load(loaded, known);
		for (const c of loaded.clients) this.owners.set(c.clientId, c.userId);
		// Ids in the stored state that nobody owns (written before bindings, or by a tool): nobody
		// may continue them, or a writer could sign in their name what they never wrote.
		for (const clientId of this.#state.clientIds)
			if (!this.owners.has(clientId)) this.owners.set(clientId, UNOWNED);
		this.#commits.loaded(loaded.lastSeq, loaded.checkpoint?.uptoSeq ?? 0, snapshot);
	}

	/** [PF1] The newest checkpoint's facts for the next cold open, if it holds the whole document. */
	checkpointFacts(): CheckpointFacts | null {
		// [CL2] With other nodes the room's own row numbers are not the stored seqs.
		if (this.coverage) return null;
		const { checkpointSeq, rowsBeyondCheckpoint } = this.#commits;
		return this.#state.checkpointFacts(this.epoch, checkpointSeq, rowsBeyondCheckpoint);
	}

	/** The live document, its stored state applied first if it was still kept as bytes (PF1). */
	get doc(): Y.Doc {
		return this.#state.doc;
	}

	/** False while the stored state is still kept as bytes (PF1; tests and metrics). */
	get built(): boolean {
		return this.#state.built;
	}

	/** The document object, a kept stored state not applied (see `RoomDoc.docObject`). */
	get docObject(): Y.Doc {
		return this.#state.docObject;
	}

	/** The clock the document holds for a client id, without building it if still bytes. */
	clockOf(clientId: number): number {
		return this.#state.clockOf(clientId);
	}

	/** True when rows exist that no checkpoint covers yet. */
	get hasUncheckpointedRows(): boolean {
		return this.#commits.hasUncheckpointedRows;
	}

	/** Greets a socket once the document is loaded, then replays what it sent meanwhile (RM2). */
	attach(conn: Connection): void {
		this.conns.add(conn);
		// [NK2] A write-only socket learns nothing, not even the state vector: asked with an empty
		// one, it sends all it holds, and what the server already has is a no-op.
		conn.send(isSubmitter(conn) ? msg.encodeSyncStep1(EMPTY_DOC) : this.#state.syncStep1());
		this.#awareness.greet(conn);
		this.#acks.greet(conn);
		const buffered = conn.buffered ?? [];
		conn.buffered = null;
		for (const frame of buffered) {
			if (conn.closed) break;
			this.handle(conn, frame);
		}
	}

	/** Removes a socket and its awareness state. */
	detach(conn: Connection): void {
		if (!this.conns.delete(conn)) return;
		this.#awareness.remove(conn);
	}

	/** Handles one frame of a ready socket. */
	handle(conn: Connection, frame: Uint8Array): void {
		const m = msg.decodeClientMessage(frame);
		if (!m) return conn.close(CloseCode.malformed, 'malformed message');
		try {
			switch (m.type) {
				case 'sync-step1':
					// [NK2] Nothing of the document goes to a write-only socket.
					if (isSubmitter(conn)) return conn.send(msg.encodeSyncStep2(EMPTY_DOC, m.stateVector));
					// [NC1] What the device had seen when it wrote its offline changes.
					conn.knewAtSync = Y.decodeStateVector(m.stateVector);
					return conn.send(this.#state.syncStep2(m.stateVector));
				case 'sync-step2':
					return this.#writes.apply(conn, m.update, conn.knewAtSync);
				case 'update':
					return this.#writes.apply(conn, m.update);
				case 'awareness':
					// [NK2] A write-only socket neither shows itself nor sees who is in the document.
					if (isSubmitter(conn)) return;
					return this.#awareness.apply(conn, m.update);
				case 'query-awareness':
					if (isSubmitter(conn)) return;
					return this.#awareness.answerQuery(conn);
				case 'authoring':
					return this.onAuthoring?.(conn, m.text);
			}
		} catch {
			// Yjs throws on undecodable updates and state vectors: the sender broke the protocol.
			conn.close(CloseCode.malformed, 'malformed payload');
		}
	}

	/** Tells every socket of the room something changed beside the document (CF4). */
	broadcastNotice(notice: Parameters<typeof msg.encodeNotice>[0]): void {
		const frame = msg.encodeNotice(notice);
		for (const c of this.conns) if (c.ready && !isSubmitter(c)) c.send(frame);
	}

	/** [CF3] When a struct arrived (see `RoomCommits.arrivalOf`); null if before the load. */
	arrivalOf(client: number, clock: number): number | null {
		return this.#commits.arrivalOf(client, clock);
	}

	#onUpdate(update: Uint8Array, conn: Connection, tr: Y.Transaction): void {
		conn.wroteSinceAck = true;
		this.#commits.append(conn, update, tr);
		const frame = msg.encodeUpdate(update);
		for (const c of this.conns) if (c !== conn && c.ready && !isSubmitter(c)) c.send(frame);
	}

	/**
	 * [CL1] Rows another node stored (or the stored state read again after a gap, CL5): applied in
	 * one transaction and sent to this room's sockets (only what the document lacked), never stored
	 * again. Their client-id bindings are taken as stored (RM16). Since they are stored, the
	 * room's committed snapshot may cover them: clients are acknowledged as after a commit.
	 */
	applyRemote(updates: Uint8Array[], clients: readonly (readonly [number, string])[] = []): void {
		for (const [clientId, userId] of clients)
			if (!this.owners.has(clientId)) this.owners.set(clientId, userId);
		if (updates.length === 0) return;
		if (!this.#state.applyRemote(updates)) return;
		// The write policy's shadow copy no longer equals the live document: rebuilt on next write.
		this.guard?.release();
		// Ids that arrive without a binding (stored before bindings existed) belong to nobody.
		for (const clientId of this.#state.clientIds)
			if (!this.owners.has(clientId)) this.owners.set(clientId, UNOWNED);
		this.#commits.countRemote();
		this.#acks.owe();
	}

	/** Requests a checkpoint with the next commit, even below the row threshold (unload). */
	requestCheckpoint(): void {
		this.#commits.requestCheckpoint();
	}

	takePending(): PendingBatch | null {
		return this.#commits.take();
	}

	onCommitted(batch: PendingBatch): void {
		this.#commits.committed(batch);
		this.#acks.owe();
		if (batch.updates.length > 0) this.onCommit?.();
	}

	onCommitFailed(batch: PendingBatch): void {
		this.#commits.failed(batch);
	}

	/** Heartbeat: the newest committed snapshot to every ready socket (keepalive, RM5). */
	sendPersisted(now = Date.now()): void {
		this.#acks.sendPersisted(now);
	}

	/** Frees the document; the room must hold no sockets and no pending rows. */
	destroy(): void {
		this.#acks.destroy();
		this.guard?.release();
		this.#awareness.destroy();
		this.#state.destroy();
	}
}
