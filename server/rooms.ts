/**
 * Room lifecycle: load on first join, unload after the last leave, one persist queue for all.
 *
 * Per document the phases run strictly in order, loading → live → unloading → (gone), and a
 * socket that arrives while a room unloads waits for the unload to finish and then loads the
 * document afresh from the store. Removing a room from the map before its final write would
 * let a quick rejoin load stale state (stack.md pitfall 8), so the map entry goes last (RM6).
 */
import { recordAudit } from '../src/lib/server/audit.js';
import { documentAccess } from '../src/lib/server/families.js';
import { onAccessChanged } from '../src/lib/server/grants.js';
import { onSessionEnded } from '../src/lib/server/session.js';
import { SqliteAccountStore, type AccountStore } from '../src/lib/server/account-store.js';
import {
	documentLookups,
	type DocumentInfo,
	type ProjectedDocument
} from '../src/lib/server/documents.js';
import { onDeviceLost } from '../src/lib/server/devices.js';
import type { Db } from '../src/lib/server/db.js';
import { CloseCode, HEARTBEAT_MS } from '../src/lib/sync/protocol.js';
import type { SyncConfig } from './config.js';
import { Connection, type ConnectionInfo, type WebSocketLike } from './connection.js';
import { PersistQueue } from './persist-queue.js';
import {
	CaseProjector,
	projectAssessmentsDoc,
	projectCoreDoc,
	projectViolenceDoc
} from './projection.js';
import { attachAuthoring } from './authoring.js';
import { Room } from './room.js';
import type { CheckpointFacts } from './stored-state.js';
import type { DocStore } from './store/doc-store.js';
import { WriteGuard, type Refusal } from './write-guard.js';
import { caseContextOf } from '../src/lib/server/caseload.js';
import { Compartment, DocKind } from '../src/lib/domain/compartments.js';
import { writePolicyOf } from '../src/lib/sync/write-policy.js';
import {
	conflictsChanged,
	recordConflicts,
	type FoundConflict,
	type FoundValue
} from '../src/lib/server/conflicts.js';
import { recordNarratives, type FoundNarrative } from '../src/lib/server/narrative-conflicts.js';
import { recordRemovals, removedFieldOf } from '../src/lib/server/removed-records.js';
import type { ConcurrentFindings, WrittenValue } from './concurrent-writes.js';
import type { NarrativeOverlap } from './narrative-conflicts.js';
import {
	Coverage,
	type ClusterLink,
	type ClusterSignal,
	type RowsMessage
} from './cluster/cluster.js';

/** Close codes caused by what the socket itself sent or failed to read. */
/**
 * Checkpoint facts kept for unloaded documents (PF1): a few hundred bytes each (the vector and
 * the deletions), so a whole office's documents fit.
 */
const REMEMBERED_CHECKPOINTS = 2000;

const OFFENCES = new Set<number>([
	CloseCode.malformed,
	CloseCode.rateLimited,
	CloseCode.slowConsumer
]);

type Entry = {
	room: Room;
	phase: 'loading' | 'live' | 'unloading';
	/** Resolves when the room is live (or failed); rejects never. */
	ready: Promise<boolean>;
	/** Set while unloading: resolves once the room is gone from the map. */
	gone?: Promise<void>;
	graceTimer?: NodeJS.Timeout;
	/** [CL1] Rows messages that arrived while the room loaded, handled once it is live. */
	early?: [RowsMessage, boolean][];
	/** [CL5] A read of the stored state is running (`again`: one more is due after it). */
	catchingUp?: { again: boolean };
};

/** Options of the room registry. */
export interface RoomsOptions {
	db: Db;
	store: DocStore;
	config: SyncConfig;
	log?: (msg: string) => void;
	/** Sessions (issue 16); default the SQLite engine on `db`. */
	accounts?: AccountStore;
	/** [CL1] Other nodes serve the same documents; absent on a single node (no work per update). */
	cluster?: ClusterLink;
}

/** All rooms of one server process. */
export class Rooms {
	readonly #rooms = new Map<string, Entry>();
	readonly #conns = new Set<Connection>();
	readonly queue: PersistQueue;
	readonly #timers: NodeJS.Timeout[];
	readonly #log: (msg: string) => void;
	readonly #accounts: AccountStore;
	#shuttingDown = false;
	/** Numbers the `conflicts` notices, so a client sees each one as new. */
	#conflictSeq = 0;
	readonly #unsubscribe: () => void;
	readonly #projector: CaseProjector;
	readonly #projectedDoc: (name: string) => ProjectedDocument | undefined;
	readonly #docInfo: (name: string) => DocumentInfo | undefined;

	constructor(private readonly opts: RoomsOptions) {
		this.#log = opts.log ?? ((m) => console.error(m));
		this.#accounts = opts.accounts ?? new SqliteAccountStore(opts.db);
		this.queue = new PersistQueue(opts.store, opts.config.persistIntervalMs, this.#log);
		this.#projector = new CaseProjector(opts.db, this.#log);
		const lookups = documentLookups(opts.db);
		this.#projectedDoc = lookups.projected;
		this.#docInfo = lookups.info;
		this.#timers = [
			// Heartbeat: the committed snapshot doubles as keepalive (RM5).
			setInterval(() => this.#forLive((r) => r.sendPersisted()), HEARTBEAT_MS),
			setInterval(() => this.#recheck(), opts.config.sessionRecheckMs)
		];
		for (const t of this.#timers) t.unref();
		const offAccess = onAccessChanged(({ userId, familyId }) =>
			this.#signal({ kind: 'access', userId, familyId })
		);
		const offSession = onSessionEnded((sessionId) => this.#signal({ kind: 'session', sessionId }));
		const offLost = onDeviceLost((sessionIds) => this.#signal({ kind: 'lost', sessionIds }));
		const offConflicts = conflictsChanged.on((doc) => this.#signal({ kind: 'conflicts', doc }));
		// [CL1–CL5] What other nodes store, see and signal reaches this node's rooms.
		opts.cluster?.attach({
			rows: (m, own) => this.#clusterRows(m, own),
			awareness: (m) => {
				const entry = this.#rooms.get(m.doc);
				if (entry && entry.phase !== 'loading') entry.room.applyRemoteAwareness(m.update);
			},
			signal: (sig) => this.#signal(sig),
			resync: () => {
				for (const name of this.#rooms.keys()) this.#catchUp(name);
			}
		});
		this.#unsubscribe = () => {
			offAccess();
			offSession();
			offLost();
			offConflicts();
		};
	}

	/**
	 * An access or session change, signalled in this process or by another node (CL4): a
	 * revocation re-checks that user's sockets of that family, a logout closes that session's
	 * sockets now rather than at the next periodic re-check (RM11), a lost device's sockets say
	 * so (DV8), a conflict acknowledgement clears the marker on the document's sockets (CF4).
	 */
	#signal(s: ClusterSignal): void {
		switch (s.kind) {
			case 'access':
				return this.#recheck(
					Date.now(),
					(c) => c.info.userId === s.userId && c.info.familyId === s.familyId
				);
			case 'session':
				return this.#recheck(Date.now(), (c) => c.info.sessionId === s.sessionId);
			case 'lost': {
				const ids = new Set(s.sessionIds);
				this.closeSockets((c) => ids.has(c.info.sessionId), CloseCode.deviceLost, 'device lost');
				return;
			}
			case 'conflicts': {
				const entry = this.#rooms.get(s.doc);
				if (entry?.phase === 'live')
					entry.room.broadcastNotice({ type: 'conflicts', seq: ++this.#conflictSeq });
			}
		}
	}

	/**
	 * [CL1][CL2] Rows some node stored for a document loaded here: another node's are applied and
	 * sent to the room's sockets (never stored again); this node's own only extend the coverage.
	 * A gap — a message missed, or rows too large to travel inline — reads the stored state (CL5).
	 */
	#clusterRows(m: RowsMessage, own: boolean): void {
		const entry = this.#rooms.get(m.doc);
		if (!entry) return;
		if (entry.phase === 'loading') {
			(entry.early ??= []).push([m, own]);
			return;
		}
		const room = entry.room;
		const coverage = room.coverage;
		if (!coverage) return;
		const seqs = m.from !== undefined && m.to !== undefined ? { from: m.from, to: m.to } : null;
		if (own) {
			if (seqs && coverage.add(seqs.from, seqs.to)) this.#catchUp(m.doc);
			return;
		}
		if (m.more) return this.#catchUp(m.doc);
		if (m.clients) room.applyRemote([], m.clients);
		if (!seqs || seqs.to <= coverage.upto) return;
		if (!m.bytes) return this.#catchUp(m.doc);
		room.applyRemote(m.bytes);
		if (coverage.add(seqs.from, seqs.to)) this.#catchUp(m.doc);
	}

	/**
	 * [CL5] Reads a loaded document's stored state and applies what the room lacks: after a gap
	 * in the seqs it heard of, or when the link was down. One read at a time per room.
	 */
	#catchUp(name: string): void {
		const entry = this.#rooms.get(name);
		if (!entry || entry.phase === 'loading' || !entry.room.coverage) return;
		if (entry.catchingUp) {
			entry.catchingUp.again = true;
			return;
		}
		const state = (entry.catchingUp = { again: false });
		// [DS16] Only what is newer than the seqs the room holds without a gap: a missed message
		// costs its rows, not a read of the whole document.
		void this.opts.store
			.load(name, { after: entry.room.coverage.upto })
			.then(
				(loaded) => {
					const room = entry.room;
					const coverage = room.coverage;
					if (!coverage || this.#rooms.get(name) !== entry) return;
					room.applyRemote(
						[
							...(loaded.checkpoint ? [loaded.checkpoint.state] : []),
							...loaded.updates.map((u) => u.bytes)
						],
						loaded.clients.map((c) => [c.clientId, c.userId] as const)
					);
					coverage.raise(loaded.lastSeq);
				},
				(err: unknown) => this.#log(`Asysta cluster: reading ${name} failed: ${String(err)}`)
			)
			.finally(() => {
				entry.catchingUp = undefined;
				if (state.again) this.#catchUp(name);
			});
	}

	/** Adds an authenticated socket to its document's room; its frames go to `message`. */
	join(socket: WebSocketLike, info: ConnectionInfo): Connection {
		const c = this.opts.config;
		const conn = new Connection(socket, info, {
			perSecond: c.rateLimitPerS,
			burst: c.rateLimitBurst,
			maxBufferedBytes: c.maxBufferedBytes
		});
		this.#conns.add(conn);
		conn.onClose(() => this.#leave(conn));
		if (this.#shuttingDown) conn.close(CloseCode.draining, 'shutting down');
		else void this.#attach(conn);
		return conn;
	}

	/** Handles one frame from a socket (rate limit first, then buffer or room) (RM2, RM10). */
	message(conn: Connection, frame: Uint8Array): void {
		if (conn.closed) return;
		if (!conn.bucket.take()) return conn.close(CloseCode.rateLimited, 'rate limit');
		if (conn.buffered) {
			// Bounded while the document loads: the rate limit counts frames, not bytes.
			conn.bufferedBytes += frame.byteLength;
			if (conn.bufferedBytes > this.opts.config.maxPayloadBytes) {
				return conn.close(CloseCode.rateLimited, 'too much before load');
			}
			conn.buffered.push(frame);
		} else this.#rooms.get(conn.info.docName)?.room.handle(conn, frame);
	}

	/** Closes every socket the filter selects, e.g. after a grant was revoked. */
	closeSockets(filter: (conn: Connection) => boolean, code: number, reason = ''): number {
		let n = 0;
		for (const conn of [...this.#conns]) {
			if (filter(conn)) {
				conn.close(code, reason);
				n++;
			}
		}
		return n;
	}

	/** `recheckSessions` from a timer or a signal: a failure is logged, not thrown. */
	#recheck(now?: number, filter?: (conn: Connection) => boolean): void {
		this.recheckSessions(now, filter).catch((err: unknown) =>
			this.#log(`Asysta sync: session re-check failed: ${String(err)}`)
		);
	}

	/**
	 * Closes sockets whose session ended (4401) or whose grant is gone (4403); a changed role
	 * applies in place (RM11). Runs periodically over all sockets, and at once over one user's
	 * sockets of one family when the data layer reports an access change.
	 */
	recheckSessions(
		now = Date.now(),
		filter: (conn: Connection) => boolean = () => true
	): Promise<void> {
		const conns = [...this.#conns].filter(filter);
		// SQLite answers without I/O: every socket is decided before this returns, so a
		// revocation or a logout closes its sockets at once (RM11), as before issue 16.
		const liveNow = this.#accounts.sessionLiveNow?.bind(this.#accounts);
		if (liveNow) {
			for (const conn of conns) this.#recheck1(conn, liveNow(conn.info.sessionId, now), now);
			return Promise.resolve();
		}
		return (async () => {
			for (const conn of conns) {
				const live = await this.#accounts.isSessionLive(conn.info.sessionId, now);
				// Closed meanwhile: nothing left to decide.
				if (this.#conns.has(conn)) this.#recheck1(conn, live, now);
			}
		})();
	}

	#recheck1(conn: Connection, live: boolean, now: number): void {
		if (!live) {
			conn.close(CloseCode.unauthorized, 'session ended');
			return;
		}
		const access = documentAccess(this.opts.db, conn.info.userId, conn.info.docName, now, {
			writeOnly: true
		});
		if (!access.ok) conn.close(CloseCode.forbidden, 'access revoked');
		else if ((access.role === 'submit') !== (conn.info.role === 'submit'))
			// [NK2] Into or out of write-only: the socket must sync afresh (it held all, or nothing).
			conn.close(CloseCode.draining, 'access changed');
		else conn.info = { ...conn.info, role: access.role };
	}

	/** The loaded room of a document, if any (tests and metrics). */
	loaded(docName: string): Room | undefined {
		return this.#rooms.get(docName)?.room;
	}

	/** Number of loaded rooms (tests and metrics). */
	get size(): number {
		return this.#rooms.size;
	}

	/** Runs every scheduled projection now instead of after its debounce (shutdown, tests). */
	flushProjections(): void {
		this.#projector.flushAll();
	}

	/** Drains: closes all sockets with 4503, commits everything, checkpoints every room. */
	async shutdown(code: number = CloseCode.draining): Promise<void> {
		this.#shuttingDown = true;
		for (const t of this.#timers) clearInterval(t);
		this.#unsubscribe();
		this.closeSockets(() => true, code, 'shutting down');
		await Promise.all([...this.#rooms.keys()].map((name) => this.#unload(name)));
		await this.queue.flush();
		this.#projector.flushAll();
	}

	/** [PF1] The facts of an unloaded document's last checkpoint, newest last, at most a bound. */
	readonly #checkpoints = new Map<string, CheckpointFacts>();

	#remember(name: string, facts: CheckpointFacts | null): void {
		this.#checkpoints.delete(name);
		if (!facts) return;
		this.#checkpoints.set(name, facts);
		if (this.#checkpoints.size > REMEMBERED_CHECKPOINTS)
			this.#checkpoints.delete(this.#checkpoints.keys().next().value!);
	}

	#recall(name: string): CheckpointFacts | null {
		const facts = this.#checkpoints.get(name) ?? null;
		this.#checkpoints.delete(name);
		return facts;
	}

	#forLive(fn: (room: Room) => void): void {
		for (const e of this.#rooms.values()) if (e.phase === 'live') fn(e.room);
	}

	async #attach(conn: Connection): Promise<void> {
		const name = conn.info.docName;
		let entry = this.#rooms.get(name);
		while (entry?.gone) {
			await entry.gone;
			entry = this.#rooms.get(name);
		}
		if (conn.closed) return;
		if (!entry) entry = this.#load(name, conn.info.epoch);
		clearTimeout(entry.graceTimer);
		entry.room.conns.add(conn); // counted from now, so an unload cannot start under it
		const ok = await entry.ready;
		if (!ok) return conn.close(CloseCode.draining, 'load failed');
		if (!conn.closed) entry.room.attach(conn);
	}

	#load(name: string, epoch: number): Entry {
		const room = new Room(name, epoch, this.opts.config, this.queue);
		const entry: Entry = { room, phase: 'loading', ready: Promise.resolve(false) };
		entry.ready = this.opts.store.load(name).then(
			(loaded) => {
				const cluster = this.opts.cluster;
				room.applyLoaded(loaded, cluster ? null : this.#recall(name));
				if (cluster) {
					room.coverage = new Coverage(loaded.lastSeq);
					room.onAwarenessOut = (update) => cluster.publishAwareness(name, update);
				}
				this.#guard(room);
				attachAuthoring(room, this.opts.db);
				this.#watchCase(room);
				entry.phase = 'live';
				for (const [m, own] of entry.early?.splice(0) ?? []) this.#clusterRows(m, own);
				// Everyone may have left while the load ran: nobody else would start the unload.
				if (room.conns.size === 0) this.#scheduleUnload(name, entry);
				return true;
			},
			(err: unknown) => {
				this.#log(`Asysta sync: loading ${name} failed: ${String(err)}`);
				this.#rooms.delete(name);
				room.destroy();
				return false;
			}
		);
		this.#rooms.set(name, entry);
		return entry;
	}

	/**
	 * [RM17] Every document of a known kind gets its write policy; the case log's guards read the
	 * family's assistant, social worker, caseload and settings when a transition is appended.
	 * Refusals are audited once per socket and reason.
	 */
	#guard(room: Room): void {
		room.onRefused = (conn, refusal) => this.#auditRefusal(conn, refusal);
		const doc = this.#docInfo(room.docName);
		const kind = DocKind.safeParse(doc?.kind);
		const compartment = Compartment.safeParse(doc?.compartment);
		if (!doc || !kind.success || !compartment.success) return;
		const policy = writePolicyOf(kind.data, compartment.data);
		if (!policy) return;
		const familyId = doc.family_id;
		room.guard = new WriteGuard(room.docObject, policy, () =>
			caseContextOf(this.opts.db, familyId)
		);
		room.onConcurrent = (conn, found) => this.#recordConcurrent(room, familyId, conn, found);
		room.onNarratives = (conn, found) => this.#recordNarratives(room, familyId, conn, found);
	}

	/**
	 * [CF2] Stores what an accepted update overwrote without seeing it, when someone else wrote
	 * it (a person's own two devices are one writer), and tells the room (CF4).
	 */
	#recordConcurrent(
		room: Room,
		familyId: string | null,
		conn: Connection,
		found: ConcurrentFindings
	): void {
		const db = this.opts.db;
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
		room.broadcastNotice({ type: 'conflicts', seq: ++this.#conflictSeq });
	}

	/**
	 * [NC1] Stores the passages a reconnecting device merged into others' unseen changes (its own
	 * other devices are not another person), and tells the room (CF4).
	 */
	#recordNarratives(
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
		recordNarratives(this.opts.db, room.docName, familyId, writer, narratives);
		room.broadcastNotice({ type: 'conflicts', seq: ++this.#conflictSeq });
	}

	#auditRefusal(conn: Connection, refusal: Refusal | { code: 'foreign-client' }): void {
		this.#auditRefused(conn, `refused a write (${refusal.code})`, {
			write: refusal.code,
			...('detail' in refusal && refusal.detail ? { detail: refusal.detail } : {})
		});
	}

	/** One `refused` audit row naming the socket's user, document and session. */
	#auditRefused(conn: Connection, what: string, detail: Record<string, unknown>): void {
		const { userId, staffRole, docName, familyId, sessionId } = conn.info;
		this.#log(`Asysta sync: ${what} user ${userId} doc ${docName}`);
		recordAudit(this.opts.db, {
			actorId: userId,
			actorRole: staffRole,
			action: 'refused',
			object: docName,
			familyId,
			detail: { ...detail, session: sessionId.slice(0, 12) }
		});
	}

	/**
	 * [CS4][CS5] A family's core and assessments documents are projected after every commit of
	 * their rows, and once on load (documents stored before projections existed). Other documents
	 * pay nothing.
	 */
	#watchCase(room: Room): void {
		const found = this.#projectedDoc(room.docName);
		if (!found) return;
		const projection =
			found.compartment === 'core'
				? projectCoreDoc
				: found.compartment === 'violence'
					? projectViolenceDoc
					: projectAssessmentsDoc;
		const project = () =>
			this.#projector.schedule(room.docName, found.family_id, room.doc, room.owners, projection);
		room.onCommit = project;
		project();
	}

	#leave(conn: Connection): void {
		this.#conns.delete(conn);
		this.#auditOffender(conn);
		const entry = this.#rooms.get(conn.info.docName);
		if (!entry) return;
		entry.room.detach(conn);
		entry.room.conns.delete(conn);
		if (entry.room.conns.size === 0 && entry.phase === 'live')
			this.#scheduleUnload(conn.info.docName, entry);
	}

	/** Sockets closed for what they sent are audited: crafted input must leave a trace (RM10). */
	#auditOffender(conn: Connection): void {
		const w = conn.closedWith;
		if (!w || !OFFENCES.has(w.code)) return;
		this.#auditRefused(conn, `closed ${w.code} (${w.reason})`, { code: w.code, reason: w.reason });
	}

	#scheduleUnload(name: string, entry: Entry): void {
		if (this.#shuttingDown) return;
		clearTimeout(entry.graceTimer);
		entry.graceTimer = setTimeout(() => void this.#unload(name), this.opts.config.unloadGraceMs);
	}

	async #unload(name: string): Promise<void> {
		const entry = this.#rooms.get(name);
		if (!entry) return;
		if (entry.gone) return entry.gone;
		if (!(await entry.ready)) return;
		if (entry.room.conns.size > 0 && !this.#shuttingDown) return;
		clearTimeout(entry.graceTimer);
		entry.phase = 'unloading';
		entry.gone = (async () => {
			try {
				if (entry.room.hasUncheckpointedRows) entry.room.requestCheckpoint();
				await this.queue.flush();
				this.#projector.flush(name);
				this.#remember(name, entry.room.checkpointFacts());
				entry.room.destroy();
				this.#rooms.delete(name);
			} catch (err) {
				// The store refused: keep the document (and its pending rows) loaded and retry.
				this.#log(`Asysta sync: unloading ${name} failed: ${String(err)}`);
				entry.phase = 'live';
				entry.gone = undefined;
				this.#scheduleUnload(name, entry);
			}
		})();
		return entry.gone;
	}
}
