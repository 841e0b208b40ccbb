/**
 * One loaded document and its sockets: applies editors' updates, logs each one as a row,
 * broadcasts it, keeps awareness honest and acknowledges commits. Lifecycle (load, unload) is
 * driven by rooms.ts; rules RM1.. are in server/SPEC.md.
 */
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode, HEARTBEAT_MS } from '../src/lib/sync/protocol.js';
import { decodeAwarenessUpdate, encodeAwarenessUpdate } from './awareness-guard.js';
import type { SyncConfig } from './config.js';
import { Connection } from './connection.js';
import * as msg from './messages.js';
import type { PendingBatch, Persistable, PersistQueue } from './persist-queue.js';
import type { ClientBinding, LoadedDoc, UpdateRow } from './store/doc-store.js';
import type { Refusal, WriteGuard } from './write-guard.js';
import type { NarrativeOverlap } from './narrative-conflicts.js';
import type { ConcurrentFindings } from './concurrent-writes.js';
import type { Coverage } from './cluster/cluster.js';
import { LOAD_ORIGIN, REMOTE_ORIGIN } from '../src/lib/sync/origins.js';

/** Owner of a stored client id no user is bound to: matches no user, so nobody continues it. */
const UNOWNED = '';

/** [NK2] A write-only socket: the family's assistant outside the diagnostic group. */
const isSubmitter = (conn: Connection): boolean => conn.info.role === 'submit';
/** An empty document: a SyncStep1/SyncStep2 that tells and gives nothing. */
const EMPTY_DOC = new Y.Doc();

/** Applies a document's stored state — checkpoint, then the rows after it — in one transaction. */
export function applyStoredState(doc: Y.Doc, loaded: LoadedDoc, origin: unknown = null): void {
	Y.transact(
		doc,
		() => {
			if (loaded.checkpoint) Y.applyUpdate(doc, loaded.checkpoint.state, origin);
			for (const u of loaded.updates) Y.applyUpdate(doc, u.bytes, origin);
		},
		origin
	);
}

/**
 * [PF1] A document's stored state before anyone needed the document itself: a cold open is
 * answered from these bytes (state vector, full state, diff, committed snapshot) without building
 * a `Y.Doc`, which costs more than everything else of an open together. The first access to
 * `room.doc` — a write, a projection, a history or policy read — applies it.
 */
interface StoredState extends CheckpointFacts {
	state: Uint8Array;
}

/**
 * What a cold open needs of a checkpoint besides its bytes: its encoded state vector, the vector
 * decoded, and its snapshot. Reading them from the bytes costs a full decode; a room that unloads
 * knows them already, so rooms.ts keeps them for the next load of the same checkpoint.
 */
export interface CheckpointFacts {
	epoch: number;
	uptoSeq: number;
	vector: Uint8Array;
	clocks: Map<number, number>;
	snapshot: Y.Snapshot;
}

/** Reads a checkpoint's facts from its bytes: one pass for the vector, one for the deletions. */
function factsOf(epoch: number, uptoSeq: number, state: Uint8Array): CheckpointFacts {
	const vector = Y.encodeStateVectorFromUpdate(state);
	const clocks = Y.decodeStateVector(vector);
	return {
		epoch,
		uptoSeq,
		vector,
		clocks,
		snapshot: Y.createSnapshot(Y.decodeUpdate(state).ds, clocks)
	};
}

/** A live document with its sockets. */
export class Room implements Persistable {
	readonly #doc = new Y.Doc({ gc: true });
	readonly awareness = new awarenessProtocol.Awareness(this.#doc);
	/** See `StoredState`: non-null until the document is first needed. */
	#stored: StoredState | null = null;
	readonly conns = new Set<Connection>();
	/** The last committed snapshot, sent on join, after commits and as heartbeat (RM5). */
	committedSnapshot: Uint8Array = new Uint8Array();
	#pending: UpdateRow[] = [];
	/** `encodeStateAsUpdate(doc)` while no update has arrived since it was taken. */
	#fullState: Uint8Array | null = null;
	#lastSeq = 0;
	#checkpointSeq = 0;
	#forceCheckpoint = false;
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
	/** Batches handed to the store and not yet committed or failed. */
	#inFlight = 0;
	/** The next drain takes a snapshot: an acknowledgement waits for that commit. */
	#snapshotNext = false;
	/** Row seq that `committedSnapshot` covers; `#batchSeq` the same for the batch in flight. */
	#snapshotSeq = 0;
	#batchSeq = 0;
	/** Called after each commit of this room's rows (e.g. the case projection of core files). */
	onCommit: (() => void) | null = null;
	/** The document kind's write policy (RM17); null for documents without a schema. */
	guard: WriteGuard | null = null;
	/** Called once per socket and refusal code, for the audit (RM16, RM17). */
	onRefused: ((conn: Connection, refusal: Refusal | { code: 'foreign-client' }) => void) | null =
		null;
	/** [RM16] Who each Yjs client id of this document belongs to: client id → user id. */
	readonly owners = new Map<number, string>();
	/** Bindings made since the last commit; they go to the store with the next one. */
	#newBindings: ClientBinding[] = [];
	/** See `arrivalOf`. */
	#arrivals = new Map<number, number[]>();
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

	constructor(
		readonly docName: string,
		readonly epoch: number,
		private readonly config: SyncConfig,
		private readonly queue: PersistQueue
	) {
		this.#ackJitter = Math.floor((Math.random() * config.persistedAckMs) / 5);
		// The server speaks for nobody in awareness.
		this.awareness.setLocalState(null);
		this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
			const changed = [...added, ...updated, ...removed];
			const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed);
			const frame = msg.encodeAwareness(update);
			// Echoed to the sender too: it keeps a lone client's socket alive (stack.md §5).
			for (const c of this.conns) if (c.ready && !isSubmitter(c)) c.send(frame);
			// [CL3] Each node times out the entries it holds itself; only what happened here goes out.
			if (this.onAwarenessOut && origin !== REMOTE_ORIGIN && origin !== 'timeout')
				this.onAwarenessOut(update);
		});
	}

	/**
	 * Takes the stored state (RM1). A checkpoint alone (what an unload leaves) is kept as bytes
	 * until the document is needed (PF1); rows after it are applied at once, since merging rows
	 * as bytes costs more than applying them.
	 */
	applyLoaded(loaded: LoadedDoc, known: CheckpointFacts | null = null): void {
		let clientIds: Iterable<number>;
		const cp = loaded.checkpoint;
		if (cp && loaded.updates.length === 0) {
			const state = cp.state;
			const facts =
				known && known.epoch === cp.epoch && known.uptoSeq === cp.uptoSeq
					? known
					: factsOf(cp.epoch, cp.uptoSeq, state);
			this.#stored = { ...facts, state };
			this.committedSnapshot = Y.encodeSnapshot(facts.snapshot);
			clientIds = facts.clocks.keys();
		} else {
			applyStoredState(this.#doc, loaded, LOAD_ORIGIN);
			this.#listen();
			this.committedSnapshot = Y.encodeSnapshot(Y.snapshot(this.#doc));
			clientIds = this.#doc.store.clients.keys();
		}
		for (const c of loaded.clients) this.owners.set(c.clientId, c.userId);
		// Ids in the stored state that nobody owns (written before bindings, or by a tool): nobody
		// may continue them, or a writer could sign in their name what they never wrote.
		for (const clientId of clientIds)
			if (!this.owners.has(clientId)) this.owners.set(clientId, UNOWNED);
		this.#lastSeq = loaded.lastSeq;
		this.#checkpointSeq = loaded.checkpoint?.uptoSeq ?? 0;
		this.#snapshotSeq = this.#lastSeq;
		// A checkpoint alone IS the document's full state: fresh clients get it without re-encoding.
		if (loaded.checkpoint && loaded.updates.length === 0) this.#fullState = loaded.checkpoint.state;
	}

	/**
	 * The facts of the newest checkpoint when it holds the whole document (after the unload's
	 * commit), for the next cold open; null when rows or unresolved structs lie beyond it.
	 */
	checkpointFacts(): CheckpointFacts | null {
		// [CL2] With other nodes the room's own row numbers are not the stored seqs.
		if (this.coverage) return null;
		if (this.#stored) {
			const { epoch, uptoSeq, vector, clocks, snapshot } = this.#stored;
			return { epoch, uptoSeq, vector, clocks, snapshot };
		}
		const doc = this.#doc;
		if (this.#lastSeq !== this.#checkpointSeq || this.#pending.length > 0) return null;
		if (doc.store.pendingStructs || doc.store.pendingDs) return null;
		const vector = Y.encodeStateVector(doc);
		return {
			epoch: this.epoch,
			uptoSeq: this.#checkpointSeq,
			vector,
			clocks: Y.decodeStateVector(vector),
			snapshot: Y.snapshot(doc)
		};
	}

	/** The live document, its stored state applied first if it was still kept as bytes (PF1). */
	get doc(): Y.Doc {
		if (this.#stored) {
			const { state } = this.#stored;
			this.#stored = null;
			Y.applyUpdate(this.#doc, state, LOAD_ORIGIN);
			this.#listen();
		}
		return this.#doc;
	}

	/** False while the stored state is still kept as bytes (PF1; tests and metrics). */
	get built(): boolean {
		return this.#stored === null;
	}

	/**
	 * The document object without applying a kept stored state: for holders that read it only
	 * after a write, which goes through `doc` first (the write policy's shadow copy).
	 */
	get docObject(): Y.Doc {
		return this.#doc;
	}

	/**
	 * Subscribed only once the stored state is in: with a listener, Yjs would encode the whole
	 * loaded state as an 'update' event (a full extra encode per cold load) for us to ignore.
	 */
	#listen(): void {
		this.#doc.on(
			'update',
			(update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
				this.#fullState = null;
				if (origin instanceof Connection) this.#onUpdate(update, origin, tr);
				else if (origin === REMOTE_ORIGIN) {
					const frame = msg.encodeUpdate(update);
					for (const c of this.conns) if (c.ready && !isSubmitter(c)) c.send(frame);
				}
			}
		);
	}

	/** The clock the document holds for a client id, without building it if still bytes. */
	clockOf(clientId: number): number {
		return this.#stored
			? (this.#stored.clocks.get(clientId) ?? 0)
			: Y.getState(this.#doc.store, clientId);
	}

	/** SyncStep2 for a client's state vector; an empty vector reuses the cached full state. */
	#syncStep2(stateVector: Uint8Array): Uint8Array {
		const empty = stateVector.length === 1 && stateVector[0] === 0;
		if (!empty && this.#stored)
			return msg.encodeSyncStep2FromUpdate(Y.diffUpdate(this.#stored.state, stateVector));
		if (!empty) return msg.encodeSyncStep2(this.doc, stateVector);
		this.#fullState ??= Y.encodeStateAsUpdate(this.doc);
		return msg.encodeSyncStep2FromUpdate(this.#fullState);
	}

	/** True when rows exist that no checkpoint covers yet. */
	get hasUncheckpointedRows(): boolean {
		return this.#lastSeq > this.#checkpointSeq || this.#pending.length > 0;
	}

	/** Greets a socket once the document is loaded, then replays what it sent meanwhile (RM2). */
	attach(conn: Connection): void {
		this.conns.add(conn);
		// [NK2] A write-only socket learns nothing, not even the state vector: asked with an empty
		// one, it sends all it holds, and what the server already has is a no-op.
		conn.send(
			isSubmitter(conn)
				? msg.encodeSyncStep1(EMPTY_DOC)
				: this.#stored
					? msg.encodeSyncStep1FromVector(this.#stored.vector)
					: msg.encodeSyncStep1(this.#doc)
		);
		const states = [...this.awareness.getStates().keys()];
		if (states.length > 0 && !isSubmitter(conn)) {
			conn.send(
				msg.encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, states))
			);
		}
		this.#tell(conn, this.#committedNow(), null, Date.now());
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
		if (conn.clientId !== null && !this.#ownerOf(conn.clientId, conn)) {
			awarenessProtocol.removeAwarenessStates(this.awareness, [conn.clientId], null);
		}
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
					return conn.send(this.#syncStep2(m.stateVector));
				case 'sync-step2':
					return this.#applyUpdate(conn, m.update, conn.knewAtSync);
				case 'update':
					return this.#applyUpdate(conn, m.update);
				case 'awareness':
					// [NK2] A write-only socket neither shows itself nor sees who is in the document.
					if (isSubmitter(conn)) return;
					return this.#applyAwareness(conn, m.update);
				case 'query-awareness': {
					if (isSubmitter(conn)) return;
					const ids = [...this.awareness.getStates().keys()];
					const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids);
					return conn.send(msg.encodeAwareness(update));
				}
				case 'authoring':
					return this.onAuthoring?.(conn, m.text);
			}
		} catch {
			// Yjs throws on undecodable updates and state vectors: the sender broke the protocol.
			conn.close(CloseCode.malformed, 'malformed payload');
		}
	}

	#applyUpdate(
		conn: Connection,
		update: Uint8Array,
		knew: Map<number, number> | null = null
	): void {
		if (conn.info.role !== 'edit' && conn.info.role !== 'submit') {
			// Never applied, never stored (RM7). One notice, so the client can offer export — but
			// only for a change: every client answers the server's SyncStep1 with a SyncStep2, empty
			// or holding only what the server has, and that is no write to refuse (RM18).
			if (Y.snapshotContainsUpdate(this.#stored?.snapshot ?? Y.snapshot(this.doc), update)) return;
			if (!conn.noticeSent) {
				conn.noticeSent = true;
				conn.send(msg.encodeNotice({ type: 'read-only', role: conn.info.role }));
			}
			return;
		}
		// [PF1] Every client answers the greeting with what it holds; from a fresh or up-to-date
		// device that is nothing new, and the document need not be built for it.
		if (this.#stored && Y.snapshotContainsUpdate(this.#stored.snapshot, update)) return;
		// A real change: the document is built now, before the write policy copies it.
		const doc = this.doc;
		const claimed = this.#claimClients(update, conn.info.userId);
		if (claimed === null) return this.#refuse(conn, { code: 'foreign-client' });
		const { userId, name, staffRole } = conn.info;
		// [NK2] A write-only writer changes only records its own client ids created.
		const ownsClient = isSubmitter(conn)
			? (c: number) => this.owners.get(c) === userId || claimed.includes(c)
			: undefined;
		if (ownsClient && !this.guard) return this.#refuse(conn, { code: 'submit-only' });
		// [NC1] A write-only writer has seen nothing of the document: no passage of it is examined.
		const knowledge =
			knew && !ownsClient
				? { knew, isWriters: (client: number) => this.owners.get(client) === userId }
				: null;
		const clients = () => [
			...claimed,
			...[...this.owners].filter(([, u]) => u === userId).map(([c]) => c)
		];
		const refused = this.guard?.check(
			update,
			{ userId, name, staffRole, clients, ownsClient },
			knowledge
		);
		if (refused) return this.#refuse(conn, refused);
		for (const clientId of claimed) this.#bind(clientId, userId);
		Y.applyUpdate(doc, update, conn);
		const found = this.guard?.concurrent;
		if (found) {
			this.guard!.concurrent = null;
			this.onConcurrent?.(conn, found);
		}
		const narratives = this.guard?.narratives ?? [];
		if (narratives.length > 0) {
			this.guard!.narratives = [];
			this.onNarratives?.(conn, narratives);
		}
	}

	/** Tells every socket of the room something changed beside the document (CF4). */
	broadcastNotice(notice: Parameters<typeof msg.encodeNotice>[0]): void {
		const frame = msg.encodeNotice(notice);
		for (const c of this.conns) if (c.ready && !isSubmitter(c)) c.send(frame);
	}

	/**
	 * [RM16] The client ids under which `update` brings structs the document lacks (items, GC or
	 * skips alike): null when one of them belongs to another user, else those not yet bound.
	 * Structs the document already holds are no-ops and claim nothing.
	 */
	#claimClients(update: Uint8Array, userId: string): number[] | null {
		// The common case, a writer's own keystroke: one client id, already bound to the writer.
		const sole = msg.soleClientOf(update);
		if (sole === undefined || (sole !== null && this.owners.get(sole) === userId)) return [];
		const unbound: number[] = [];
		for (const [clientId, to] of Y.parseUpdateMeta(update).to) {
			if (to <= this.clockOf(clientId)) continue;
			const owner = this.owners.get(clientId);
			if (owner === undefined) unbound.push(clientId);
			else if (owner !== userId) return null;
		}
		return unbound;
	}

	#bind(clientId: number, userId: string): void {
		if (this.owners.has(clientId)) return;
		this.owners.set(clientId, userId);
		this.#newBindings.push({ docName: this.docName, clientId, userId, boundAt: Date.now() });
		this.queue.markDirty(this);
	}

	/**
	 * A refused update is dropped like a reader's: nothing applied, stored or broadcast; the
	 * writer is told once per reason (and audited once). An update that merely waits on changes
	 * the server lacks is answered with the server's state vector instead: an honest client then
	 * sends what is missing (y-protocols answers SyncStep1 with SyncStep2).
	 */
	#refuse(conn: Connection, refusal: Refusal | { code: 'foreign-client' }): void {
		if (refusal.code === 'incomplete') return conn.send(msg.encodeSyncStep1(this.doc));
		if (conn.refusalsSent.has(refusal.code)) return;
		conn.refusalsSent.add(refusal.code);
		conn.send(msg.encodeNotice({ type: 'write-refused', reason: refusal.code }));
		this.onRefused?.(conn, refusal);
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

	#onUpdate(update: Uint8Array, conn: Connection, tr: Y.Transaction): void {
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
		conn.wroteSinceAck = true;
		this.#pending.push({
			docName: this.docName,
			seq: ++this.#lastSeq,
			createdAt,
			userId: conn.info.userId,
			sessionId: conn.info.sessionId,
			clientIds,
			bytes: update
		});
		this.queue.markDirty(this);
		const frame = msg.encodeUpdate(update);
		for (const c of this.conns) if (c !== conn && c.ready && !isSubmitter(c)) c.send(frame);
	}

	#ownerOf(clientId: number, except: Connection): Connection | null {
		for (const c of this.conns) if (c !== except && c.clientId === clientId) return c;
		return null;
	}

	/** A socket whose session opened `conn` later: the same device, reconnected. */
	#isStaleSocketOf(owner: Connection, conn: Connection): boolean {
		return owner.info.sessionId === conn.info.sessionId;
	}

	#applyAwareness(conn: Connection, update: Uint8Array): void {
		const entries = decodeAwarenessUpdate(update, this.config.maxAwarenessBytes);
		if (!entries) return conn.close(CloseCode.malformed, 'malformed awareness');
		const accepted = [];
		for (const e of entries) {
			let owner = this.#ownerOf(e.clientId, conn);
			if (conn.clientId === null && owner && this.#isStaleSocketOf(owner, conn)) {
				// The same session reconnected after a network drop the server has not noticed yet
				// (no TCP close arrives when the network is simply gone): its old socket is dead
				// and must not make the new one look like a spoofer (RM9).
				owner.close(CloseCode.superseded, 'superseded by a newer connection');
				owner = null;
			}
			const boundTo = this.owners.get(e.clientId);
			if (conn.clientId === null && !owner && (boundTo ?? conn.info.userId) === conn.info.userId) {
				// [RM16] Announcing an id binds it: awareness shows every id to the whole room, so
				// binding on first write alone would let a reader squat an id it has seen.
				conn.clientId = e.clientId;
				this.#bind(e.clientId, conn.info.userId);
			}
			if (e.clientId === conn.clientId) {
				const { name, color, staffRole: role } = conn.info;
				accepted.push({ ...e, state: e.state && { ...e.state, user: { name, color, role } } });
			} else if (owner && e.clock > (this.awareness.meta.get(e.clientId)?.clock ?? 0)) {
				// Honest clients echo others' entries with clocks the server sent them; a higher
				// clock for another live socket's id is an attempt to speak for it (RM9).
				return conn.close(CloseCode.malformed, 'foreign client id');
			}
		}
		if (accepted.length > 0) {
			awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(accepted), conn);
		}
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
		const doc = this.doc;
		let changed = false;
		const mark = () => (changed = true);
		doc.on('update', mark);
		try {
			Y.transact(
				doc,
				() => {
					for (const u of updates) Y.applyUpdate(doc, u, REMOTE_ORIGIN);
				},
				REMOTE_ORIGIN
			);
		} finally {
			doc.off('update', mark);
		}
		if (!changed) return;
		// The write policy's shadow copy no longer equals the live document: rebuilt on next write.
		this.guard?.release();
		// Ids that arrive without a binding (stored before bindings existed) belong to nobody.
		for (const clientId of doc.store.clients.keys())
			if (!this.owners.has(clientId)) this.owners.set(clientId, UNOWNED);
		this.#lastSeq++;
		this.#ackOwed = true;
		this.#maybeAck();
	}

	/** [CL3] An awareness change of another node: applied here and sent to this room's sockets. */
	applyRemoteAwareness(update: Uint8Array): void {
		awarenessProtocol.applyAwarenessUpdate(this.awareness, update, REMOTE_ORIGIN);
	}

	/**
	 * [CL9] The entries of a node that went silent: dropped here and on this room's sockets —
	 * unless a socket of this node now speaks for the id (its client reconnected here).
	 */
	dropRemoteAwareness(clientIds: readonly number[]): void {
		const here = new Set<number>();
		for (const c of this.conns) if (c.clientId !== null) here.add(c.clientId);
		const ids = clientIds.filter((id) => !here.has(id) && this.awareness.states.has(id));
		if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, REMOTE_ORIGIN);
	}

	/** Requests a checkpoint with the next commit, even below the row threshold (unload). */
	requestCheckpoint(): void {
		this.#forceCheckpoint = true;
		this.queue.markDirty(this);
	}

	takePending(): PendingBatch | null {
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
			snapshot = Y.encodeSnapshot(Y.snapshot(this.doc));
			this.#batchSeq = this.#lastSeq;
		}
		const checkpoint = due
			? {
					docName: this.docName,
					epoch: this.epoch,
					// [CL2] With other nodes: only the stored rows this document is known to hold.
					uptoSeq: this.coverage ? this.coverage.upto : this.#lastSeq,
					createdAt: Date.now(),
					state: Y.encodeStateAsUpdate(this.doc)
				}
			: null;
		return { updates, checkpoint, snapshot, clients, localSeq: this.#lastSeq };
	}

	onCommitted(batch: PendingBatch): void {
		this.#inFlight--;
		if (batch.checkpoint) this.#checkpointSeq = Math.max(this.#checkpointSeq, batch.localSeq);
		if (batch.snapshot) {
			this.committedSnapshot = batch.snapshot;
			this.#snapshotSeq = this.#batchSeq;
		}
		this.#ackOwed = true;
		this.#maybeAck();
		if (batch.updates.length > 0) this.onCommit?.();
	}

	onCommitFailed(batch: PendingBatch): void {
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
	#committedNow(): Uint8Array {
		if (this.#settled && this.#snapshotSeq !== this.#lastSeq) {
			this.committedSnapshot = Y.encodeSnapshot(Y.snapshot(this.doc));
			this.#snapshotSeq = this.#lastSeq;
		}
		return this.committedSnapshot;
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
		const snapshot = this.#committedNow();
		if (this.#snapshotSeq !== this.#lastSeq) {
			// Rows are pending or in flight (async store): acknowledge what is surely committed
			// now, and have the next drain take a snapshot so its commit acknowledges the rest.
			this.#snapshotNext = true;
			this.queue.markDirty(this);
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
	sendPersisted(now = Date.now()): void {
		if (now - this.#lastAckAt < HEARTBEAT_MS / 2) return;
		this.#broadcastPersisted(this.#committedNow(), true);
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
		for (const c of this.conns)
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
		c.toldAll = this.#snapshotSeq === this.#lastSeq;
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
			if (this.owners.get(client) === conn.info.userId) sv.set(client, clock);
		return Y.encodeSnapshot(Y.createSnapshot(Y.createDeleteSet(), sv));
	}

	/** Frees the document; the room must hold no sockets and no pending rows. */
	destroy(): void {
		if (this.#ackTimer) clearTimeout(this.#ackTimer);
		this.guard?.release();
		this.awareness.destroy();
		this.#doc.destroy();
	}
}

/** [RM5] A socket that did not write is sent an acknowledgement at most this often. */
const READER_ACK_MS = 5_000;

type AwarenessChange = { added: number[]; updated: number[]; removed: number[] };
