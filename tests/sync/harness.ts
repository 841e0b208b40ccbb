/**
 * A deterministic rooms harness: `Rooms` over an in-memory socket and a gated DocStore, so a test
 * can stop a load or a commit half-way and see exactly what the server does meanwhile. The gate
 * wraps the real MemoryDocStore (the only fake the style guide allows); frames are real
 * y-protocols messages decoded by a real Y.Doc on the client side.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { vi } from 'vitest';
import * as Y from 'yjs';
import { loadSyncConfig, type SyncConfig } from '../../server/config.js';
import type { ConnectionInfo, WebSocketLike } from '../../server/connection.js';
import { Rooms } from '../../server/rooms.js';
import type { CommitBatch, DocStore, LoadedDoc } from '../../server/store/doc-store.js';
import { MemoryDocStore } from '../../server/store/memory.js';
import { openDatabase } from '../../src/lib/server/db.js';
import { MessageType } from '../../src/lib/sync/protocol.js';

/** A promise the test opens by hand. */
export function gate() {
	let open!: () => void;
	const opened = new Promise<void>((r) => (open = r));
	return { opened, open };
}

/** MemoryDocStore whose load/commit wait for `hold` gates while set, and count calls. */
export class GatedStore implements DocStore {
	readonly inner = new MemoryDocStore();
	holdLoad: Promise<void> | null = null;
	holdCommit: Promise<void> | null = null;
	loads = 0;
	commits: CommitBatch[] = [];
	/** Every committed row applied in order: what a crash right now would keep. */
	readonly durable = new Y.Doc();

	async load(name: string): Promise<LoadedDoc> {
		this.loads++;
		if (this.holdLoad) await this.holdLoad;
		return this.inner.load(name);
	}
	async commit(batch: CommitBatch): Promise<void> {
		if (this.holdCommit) await this.holdCommit;
		await this.inner.commit(batch);
		this.commits.push(batch);
		for (const u of batch.updates) Y.applyUpdate(this.durable, u.bytes);
	}
	compact: DocStore['compact'] = (...args) => this.inner.compact(...args);
	close = () => this.inner.close();
}

/** A client end: a Y.Doc fed by the frames the server sends to its socket. */
export class TestClient implements WebSocketLike {
	/** False after `leave`: edits stay local (offline) until a new client re-joins with the doc. */
	online = true;
	readonly frames: Uint8Array[] = [];
	persisted: Y.Snapshot[] = [];
	/** Notices (JSON text) the server sent, e.g. a refused write (RM17). */
	readonly notices: string[] = [];
	/** Runs as each persisted message arrives, before anything else can happen. */
	onPersisted: (snap: Y.Snapshot) => void = () => {};
	closeCode: number | null = null;
	bufferedAmount = 0;
	conn!: ReturnType<Rooms['join']>;

	constructor(
		private readonly rooms: Rooms,
		readonly doc = new Y.Doc()
	) {}

	send(data: Uint8Array): void {
		this.frames.push(data);
		const d = decoding.createDecoder(data);
		const type = decoding.readVarUint(d);
		if (type === MessageType.sync) {
			const reply = encoding.createEncoder();
			encoding.writeVarUint(reply, MessageType.sync);
			syncProtocol.readSyncMessage(d, reply, this.doc, 'server');
			if (encoding.length(reply) > 1) queueMicrotask(() => this.push(encoding.toUint8Array(reply)));
		} else if (type === MessageType.notice) {
			this.notices.push(decoding.readVarString(d));
		} else if (type === MessageType.persisted) {
			const snap = Y.decodeSnapshot(decoding.readVarUint8Array(d));
			this.persisted.push(snap);
			this.onPersisted(snap);
		}
	}
	close(code: number): void {
		this.closeCode = code;
	}

	/** Delivers a frame to the server as if it came off the wire. */
	push(frame: Uint8Array): void {
		if (this.online && this.closeCode === null) this.rooms.message(this.conn, frame);
	}
	/** Sends a local edit as an Update message. */
	edit(fn: (doc: Y.Doc) => void): Uint8Array {
		let update: Uint8Array = new Uint8Array();
		const grab = (u: Uint8Array) => (update = u);
		this.doc.once('update', grab);
		fn(this.doc);
		// An edit that changed nothing (the same value written again) sends nothing, as y-websocket.
		this.doc.off('update', grab);
		if (update.length === 0) return update;
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, MessageType.sync);
		syncProtocol.writeUpdate(e, update);
		this.push(encoding.toUint8Array(e));
		return update;
	}
	/** Opens the conversation like y-websocket does: SyncStep1 first. */
	hello(): void {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, MessageType.sync);
		syncProtocol.writeSyncStep1(e, this.doc);
		this.push(encoding.toUint8Array(e));
	}
	leave(): void {
		this.online = false;
		this.conn.closedByTransport();
	}
}

const info: ConnectionInfo = {
	docName: 'doc',
	familyId: null,
	epoch: 1,
	role: 'edit',
	userId: 'u1',
	sessionId: 's1',
	name: 'Test',
	color: '#123456',
	staffRole: 'asystent'
};

/**
 * Rooms over a gated memory store; `connect` joins a new TestClient. With `fakeClock` the caller
 * has installed vitest's fake timers: `tick` advances them (running every due persist tick,
 * unload and microtask in order), so a seeded run replays exactly.
 */
export function createHarness(
	config: Partial<SyncConfig> = {},
	db = openDatabase(':memory:'),
	{ fakeClock = false } = {}
) {
	const store = new GatedStore();
	const rooms = new Rooms({
		db,
		store,
		config: loadSyncConfig(
			{},
			{ unloadGraceMs: 0, persistIntervalMs: 5, persistedAckMs: 0, ...config }
		),
		log: () => {}
	});
	const connect = (
		role: ConnectionInfo['role'] = 'edit',
		doc?: Y.Doc,
		who: Partial<ConnectionInfo> = {}
	) => {
		const c = new TestClient(rooms, doc);
		c.conn = rooms.join(c, { ...info, ...who, role });
		c.hello();
		return c;
	};
	const tick = (ms = 20): Promise<unknown> =>
		fakeClock ? vi.advanceTimersByTimeAsync(ms) : new Promise((r) => setTimeout(r, ms));
	return { store, rooms, connect, tick, close: async () => (await rooms.shutdown(), db.close()) };
}
