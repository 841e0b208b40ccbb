/**
 * Room lifecycle: load on first join, unload after the last leave, one persist queue for all.
 *
 * Per document the phases run strictly in order, loading → live → unloading → (gone), and a
 * socket that arrives while a room unloads waits for the unload to finish and then loads the
 * document afresh from the store. Removing a room from the map before its final write would
 * let a quick rejoin load stale state (stack.md pitfall 8), so the map entry goes last (RM6).
 * What a loaded room is given (room-hooks.ts), the checks that close sockets (socket-checks.ts)
 * and the steps other nodes add (room-cluster.ts) sit beside this file.
 */
import { SqliteAccountStore, type AccountStore } from '../src/lib/server/account-store.js';
import type { Db } from '../src/lib/server/db.js';
import { sqliteSqlOf, type Sql } from '../src/lib/server/sql.js';
import { CloseCode, HEARTBEAT_MS } from '../src/lib/sync/protocol.js';
import type { SyncConfig } from './config.js';
import { Connection, type ConnectionInfo, type WebSocketLike } from './connection.js';
import { PersistQueue } from './persist-queue.js';
import { CaseProjector } from './projection.js';
import { Room } from './room.js';
import { ClusterRooms, type ClusterEntry } from './room-cluster.js';
import { ConflictRecorder } from './room-conflicts.js';
import { RoomHooks } from './room-hooks.js';
import { onLocalSignals, SocketChecks } from './socket-checks.js';
import { RememberedCheckpoints } from './stored-state.js';
import type { DocStore } from './store/doc-store.js';
import { SyncAudit } from './sync-audit.js';
import type { ClusterLink, ClusterSignal } from './cluster/cluster.js';

interface Entry extends ClusterEntry {
	/** Resolves when the room is live (or failed); rejects never. */
	ready: Promise<boolean>;
	/** Set while unloading: resolves once the room is gone from the map. */
	gone?: Promise<void>;
	graceTimer?: NodeJS.Timeout;
}

/** Options of the room registry. */
export interface RoomsOptions {
	db: Db;
	/** The data layer of projections, conflicts and authoring times; default SQLite on `db`. */
	sql?: Sql;
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
	#shuttingDown = false;
	readonly #unsubscribe: () => void;
	readonly #projector: CaseProjector;
	readonly #conflicts: ConflictRecorder;
	readonly #audit: SyncAudit;
	readonly #hooks: RoomHooks;
	readonly #checks: SocketChecks;
	readonly #cluster: ClusterRooms | null;
	readonly #checkpoints = new RememberedCheckpoints();

	constructor(private readonly opts: RoomsOptions) {
		this.#log = opts.log ?? ((m) => console.error(m));
		const accounts = opts.accounts ?? new SqliteAccountStore(opts.db);
		this.queue = new PersistQueue(opts.store, opts.config.persistIntervalMs, this.#log);
		const sql = opts.sql ?? sqliteSqlOf(opts.db);
		this.#projector = new CaseProjector(sql, this.#log);
		this.#conflicts = new ConflictRecorder(sql, this.#log);
		this.#audit = new SyncAudit(accounts, this.#log);
		this.#hooks = new RoomHooks(
			opts.db,
			sql,
			this.#log,
			this.#projector,
			this.#conflicts,
			this.#audit
		);
		this.#checks = new SocketChecks(this.#conns, opts.db, accounts, this.#log);
		this.#timers = [
			// Heartbeat: the committed snapshot doubles as keepalive (RM5).
			setInterval(() => this.#forLive((r) => r.sendPersisted()), HEARTBEAT_MS),
			setInterval(() => this.#checks.recheck(), opts.config.sessionRecheckMs)
		];
		for (const t of this.#timers) t.unref();
		const signal = (s: ClusterSignal) => this.#signal(s);
		this.#unsubscribe = onLocalSignals(signal);
		this.#cluster = opts.cluster
			? new ClusterRooms(this.#rooms, opts.cluster, opts.store, this.#log)
			: null;
		this.#cluster?.attach(signal);
	}

	/** A change signalled here or by another node (CL4): sockets re-checked, or conflicts told. */
	#signal(s: ClusterSignal): void {
		if (s.kind !== 'conflicts') return this.#checks.signal(s);
		const entry = this.#rooms.get(s.doc);
		if (entry?.phase === 'live') this.#conflicts.notify(entry.room);
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
		return this.#checks.closeSockets(filter, code, reason);
	}

	/** Closes sockets whose session ended or whose grant is gone (RM11); see `SocketChecks`. */
	recheckSessions(now?: number, filter?: (conn: Connection) => boolean): Promise<void> {
		return this.#checks.recheckSessions(now, filter);
	}

	/** The loaded room of a document, if any (tests and metrics). */
	loaded(docName: string): Room | undefined {
		return this.#rooms.get(docName)?.room;
	}

	/** Number of loaded rooms (tests and metrics). */
	get size(): number {
		return this.#rooms.size;
	}

	/**
	 * Runs every scheduled projection now instead of after its debounce, and waits for the
	 * projections' and conflicts' writes under way (shutdown, tests).
	 */
	async flushProjections(): Promise<void> {
		await this.#projector.flushAll();
		await this.#conflicts.settled();
	}

	/** Drains: closes all sockets with 4503, commits everything, checkpoints every room. */
	async shutdown(code: number = CloseCode.draining): Promise<void> {
		this.#shuttingDown = true;
		for (const t of this.#timers) clearInterval(t);
		this.#unsubscribe();
		this.closeSockets(() => true, code, 'shutting down');
		await Promise.all([...this.#rooms.keys()].map((name) => this.#unload(name)));
		await this.queue.flush();
		await this.flushProjections();
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
				const cluster = this.#cluster;
				room.applyLoaded(loaded, cluster ? null : this.#checkpoints.recall(name));
				cluster?.loaded(room, name, loaded.lastSeq);
				this.#hooks.equip(room);
				entry.phase = 'live';
				cluster?.live(entry);
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

	#leave(conn: Connection): void {
		this.#conns.delete(conn);
		this.#audit.offender(conn);
		const entry = this.#rooms.get(conn.info.docName);
		if (!entry) return;
		entry.room.detach(conn);
		entry.room.conns.delete(conn);
		if (entry.room.conns.size === 0 && entry.phase === 'live')
			this.#scheduleUnload(conn.info.docName, entry);
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
				await this.#projector.flush(name);
				this.#checkpoints.remember(name, entry.room.checkpointFacts());
				entry.room.destroy();
				this.#rooms.delete(name);
				this.#cluster?.unloaded(name);
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
