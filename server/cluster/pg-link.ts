/**
 * [CL1–CL5] The cluster link over PostgreSQL LISTEN/NOTIFY: one dedicated connection listens on
 * the deployment's channel, a small pool sends. Rows are announced by the document store's own
 * commit (pg.ts); this link sends awareness and access signals, coalesced into one statement per
 * event-loop turn. A dropped listening connection is re-opened with backoff, and the rooms then
 * read what they may have missed (`resync`).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onAccessChanged } from '../../src/lib/server/grants.js';
import { onSessionEnded } from '../../src/lib/server/session.js';
import { onDeviceLost } from '../../src/lib/server/devices.js';
import { conflictsChanged } from '../../src/lib/server/conflicts.js';
import {
	decodeMessage,
	encodeMessage,
	MAX_PAYLOAD,
	type ClusterHandlers,
	type ClusterLink,
	type ClusterSignal
} from './cluster.js';
import { ALIVE_MS, GONE_AFTER_MS } from './remote-awareness.js';

export interface PgClusterOptions {
	connectionString: string;
	log?: (msg: string) => void;
	/** This node's id in messages (default: random). */
	nodeId?: string;
}

/** The channel of the schema the URL selects: deployments in one database never mix. */
export function channelOf(schema: string): string {
	return `asysta_${schema.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}

const RETRY_MS = [100, 250, 500, 1000, 2000];

export class PgClusterLink implements ClusterLink {
	readonly nodeId: string;
	readonly channel: string;
	#handlers: ClusterHandlers | null = null;
	#listener: pg.Client | null = null;
	readonly #pool: pg.Pool;
	readonly #log: (msg: string) => void;
	#outbox: string[] = [];
	#flushing = false;
	#closed = false;
	readonly #unsubscribe: (() => void)[];
	/** [CL9] When each other node was last heard from (any message). */
	readonly #heard = new Map<string, number>();
	readonly #aliveTimer: ReturnType<typeof setInterval>;

	private constructor(opts: PgClusterOptions, channel: string, listener: pg.Client) {
		this.nodeId = opts.nodeId ?? randomBytes(6).toString('hex');
		this.channel = channel;
		this.#log = opts.log ?? ((m) => console.error(m));
		this.#pool = new pg.Pool({ connectionString: opts.connectionString, max: 2 });
		this.#pool.on('error', (err) => this.#log(`Asysta cluster: ${err.message}`));
		this.#adopt(listener, opts.connectionString);
		// [CL4] What this process's data layer signals, the other nodes hear.
		const send = (s: ClusterSignal) => this.#send(encodeMessage({ ...s, node: this.nodeId }));
		this.#unsubscribe = [
			onAccessChanged(({ userId, familyId }) => send({ kind: 'access', userId, familyId })),
			onSessionEnded((sessionId) => send({ kind: 'session', sessionId })),
			onDeviceLost((sessionIds) => send({ kind: 'lost', sessionIds })),
			conflictsChanged.on((doc) => send({ kind: 'conflicts', doc }))
		];
		// [CL9] Say this node is alive, and notice the nodes that stopped saying so.
		this.#aliveTimer = setInterval(() => {
			this.#send(encodeMessage({ kind: 'alive', node: this.nodeId }));
			const now = Date.now();
			for (const [node, at] of this.#heard)
				if (now - at > GONE_AFTER_MS) {
					this.#heard.delete(node);
					this.#log(`Asysta cluster: node ${node} went silent; its awareness entries are dropped`);
					this.#handlers?.nodeGone(node);
				}
		}, ALIVE_MS);
		this.#aliveTimer.unref();
	}

	/** Connects the listening connection; rejects when the database cannot be reached. */
	static async open(opts: PgClusterOptions): Promise<PgClusterLink> {
		const listener = new pg.Client({ connectionString: opts.connectionString });
		// Lost before it is adopted: the pending query fails instead of the process (see #adopt).
		listener.on('error', () => undefined);
		await listener.connect();
		try {
			const { rows } = await listener.query<{ s: string }>('SELECT current_schema() AS s');
			const channel = channelOf(rows[0].s ?? 'public');
			await listener.query(`LISTEN ${channel}`);
			return new PgClusterLink(opts, channel, listener);
		} catch (err) {
			await listener.end().catch(() => undefined);
			throw err;
		}
	}

	attach(handlers: ClusterHandlers): void {
		this.#handlers = handlers;
	}

	publishAwareness(doc: string, update: Uint8Array): void {
		const payload = encodeMessage({ kind: 'awareness', node: this.nodeId, doc, update });
		// Awareness is ephemeral: a state too large for one NOTIFY is shown on its own node only.
		if (payload.length <= MAX_PAYLOAD) this.#send(payload);
	}

	#adopt(listener: pg.Client, connectionString: string): void {
		this.#listener = listener;
		listener.on('notification', (n) => {
			if (n.channel !== this.channel || !n.payload) return;
			this.#dispatch(n.payload);
		});
		let lost = false;
		const onLost = (err?: Error) => {
			if (lost || this.#closed) return;
			lost = true;
			this.#log(`Asysta cluster: listening connection lost (${err?.message ?? 'ended'})`);
			void this.#reconnect(connectionString);
		};
		listener.on('error', onLost);
		listener.on('end', () => onLost());
	}

	async #reconnect(connectionString: string): Promise<void> {
		for (let attempt = 0; !this.#closed; attempt++) {
			await new Promise((r) => setTimeout(r, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]));
			const c = new pg.Client({ connectionString });
			c.on('error', () => undefined);
			try {
				await c.connect();
				await c.query(`LISTEN ${this.channel}`);
				if (this.#closed) return void (await c.end());
				this.#adopt(c, connectionString);
				this.#log('Asysta cluster: listening again');
				// The silence was this node's: the others get a fresh grace period.
				for (const node of this.#heard.keys()) this.#heard.set(node, Date.now());
				// Messages sent while nobody listened are gone: read from the store instead (CL5).
				this.#handlers?.resync();
				return;
			} catch {
				await c.end().catch(() => undefined);
			}
		}
	}

	#dispatch(payload: string): void {
		const m = decodeMessage(payload);
		const h = this.#handlers;
		if (!m || !h) return;
		const own = m.node === this.nodeId;
		if (!own) this.#heard.set(m.node, Date.now());
		if (m.kind === 'rows') return h.rows(m, own);
		if (own || m.kind === 'alive') return;
		if (m.kind === 'awareness') return h.awareness(m);
		const { node: _node, ...signal } = m;
		h.signal(signal as ClusterSignal);
	}

	/** Queues a payload; one statement per event-loop turn sends everything queued. */
	#send(payload: string): void {
		if (this.#closed) return;
		this.#outbox.push(payload);
		if (this.#outbox.length === 1 && !this.#flushing) setImmediate(() => void this.#flush());
	}

	async #flush(): Promise<void> {
		if (this.#flushing) return;
		this.#flushing = true;
		try {
			while (this.#outbox.length > 0 && !this.#closed) {
				const batch = this.#outbox;
				this.#outbox = [];
				try {
					await this.#pool.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [
						this.channel,
						batch
					]);
				} catch (err) {
					// Lost like a dropped packet: sockets still close at the next sweep (DA12).
					this.#log(`Asysta cluster: sending failed: ${String(err)}`);
				}
			}
		} finally {
			this.#flushing = false;
		}
	}

	async close(): Promise<void> {
		clearInterval(this.#aliveTimer);
		for (const off of this.#unsubscribe) off();
		await this.#flush();
		this.#closed = true;
		await this.#listener?.end().catch(() => undefined);
		await this.#pool.end().catch(() => undefined);
	}
}
