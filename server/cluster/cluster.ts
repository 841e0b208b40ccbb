/**
 * Many nodes (issue 16): what one node tells the others about the documents they may also hold.
 * Rules CL1.. in server/SPEC.md. A single node has no link at all (`Rooms` then does no cluster
 * work per update); with PostgreSQL, `PgClusterLink` (pg-link.ts) carries the messages over
 * LISTEN/NOTIFY, and the PostgreSQL document store announces every commit's rows in the same
 * transaction (pg.ts), so a peer hears of exactly the rows that were stored, in commit order.
 */

/** [CL1] Rows of one document one commit stored, announced by the committing transaction. */
export interface RowsMessage {
	kind: 'rows';
	/** The node that stored them. */
	node: string;
	doc: string;
	/** Seqs `from..to` (inclusive) were stored; absent when the commit held only bindings. */
	from?: number;
	to?: number;
	/** The rows' bytes in seq order when they fit the NOTIFY payload; else peers read them. */
	bytes?: Uint8Array[];
	/** [RM16] Client ids bound to users with these rows: [clientId, userId]. */
	clients?: [number, string][];
	/** Bytes or bindings did not fit the payload: peers read the document's stored state. */
	more?: boolean;
}

/** [CL3] A room's awareness change on one node, for the same room on the others. */
export interface AwarenessMessage {
	kind: 'awareness';
	node: string;
	doc: string;
	update: Uint8Array;
}

/** [CL9] A node saying it is alive (every ALIVE_MS), so the others notice when it goes silent. */
export interface AliveMessage {
	kind: 'alive';
	node: string;
}

/** [CL4] An access or session change one node's data layer signalled in its own process. */
export type ClusterSignal =
	| { kind: 'access'; userId: string; familyId: string }
	| { kind: 'session'; sessionId: string }
	| { kind: 'lost'; sessionIds: string[] }
	| { kind: 'conflicts'; doc: string };

export type SignalMessage = ClusterSignal & { node: string };

export type ClusterMessage = RowsMessage | AwarenessMessage | AliveMessage | SignalMessage;

/** What the rooms of one node do with what other nodes say. */
export interface ClusterHandlers {
	/** Rows stored by any node, this one included (its own only move the coverage, CL2). */
	rows(m: RowsMessage, own: boolean): void;
	awareness(m: AwarenessMessage): void;
	signal(s: ClusterSignal): void;
	/** The link was down: messages may be lost, so every loaded room reads what it missed. */
	resync(): void;
	/** [CL9] A node went silent (killed, cut off): drop the awareness entries it sent. */
	nodeGone(node: string): void;
}

/** One node's link to the others. */
export interface ClusterLink {
	readonly nodeId: string;
	/** Rooms register here once; messages before that are dropped (nothing is loaded yet). */
	attach(handlers: ClusterHandlers): void;
	/** [CL3] Sends a local awareness change (coalesced per event-loop turn). */
	publishAwareness(doc: string, update: Uint8Array): void;
	/** Stops listening and sending. */
	close(): Promise<void>;
}

/** NOTIFY payloads are limited to 8000 bytes; a message stays below this. */
export const MAX_PAYLOAD = 7800;

const b64 = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64');
const unb64 = (s: string) => {
	const b = Buffer.from(s, 'base64');
	return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
};

/** The wire form (JSON, bytes as base64) of a message; short keys keep payloads small. */
export function encodeMessage(m: ClusterMessage): string {
	switch (m.kind) {
		case 'rows':
			return JSON.stringify({
				k: 'r',
				n: m.node,
				d: m.doc,
				f: m.from,
				t: m.to,
				b: m.bytes?.map(b64),
				c: m.clients,
				m: m.more ? 1 : undefined
			});
		case 'awareness':
			return JSON.stringify({ k: 'a', n: m.node, d: m.doc, u: b64(m.update) });
		case 'alive':
			return JSON.stringify({ k: 'h', n: m.node });
		default: {
			const { node, ...signal } = m;
			return JSON.stringify({ k: 's', n: node, s: signal });
		}
	}
}

/** The message of a payload, or null for anything malformed (peers are trusted, not parsers). */
export function decodeMessage(payload: string): ClusterMessage | null {
	try {
		const o = JSON.parse(payload) as Record<string, unknown>;
		if (typeof o.n !== 'string') return null;
		if (o.k === 'r' && typeof o.d === 'string') {
			return {
				kind: 'rows',
				node: o.n,
				doc: o.d,
				from: typeof o.f === 'number' ? o.f : undefined,
				to: typeof o.t === 'number' ? o.t : undefined,
				bytes: Array.isArray(o.b) ? (o.b as string[]).map(unb64) : undefined,
				clients: Array.isArray(o.c) ? (o.c as [number, string][]) : undefined,
				more: o.m === 1
			};
		}
		if (o.k === 'a' && typeof o.d === 'string' && typeof o.u === 'string')
			return { kind: 'awareness', node: o.n, doc: o.d, update: unb64(o.u) };
		if (o.k === 'h') return { kind: 'alive', node: o.n };
		if (o.k === 's' && typeof o.s === 'object' && o.s !== null)
			return { ...(o.s as ClusterSignal), node: o.n };
		return null;
	} catch {
		return null;
	}
}

/**
 * The rows message of one document of a commit: bytes and bindings inline while the payload
 * stays below MAX_PAYLOAD, otherwise seqs only and `more` (peers read the stored state, CL5).
 * A document name is at most a few hundred characters, so the short form always fits.
 */
export function rowsPayload(m: RowsMessage): string {
	const full = encodeMessage(m);
	if (full.length <= MAX_PAYLOAD) return full;
	return encodeMessage({ ...m, bytes: undefined, clients: undefined, more: true });
}

/**
 * [CL2] Which stored seqs of a document a room holds: every seq up to `upto`, plus the ones
 * above it in `above`. A checkpoint a room writes covers rows only up to `upto`, so rows another
 * node stored that this room has not applied are never hidden behind it.
 */
export class Coverage {
	readonly above = new Set<number>();
	constructor(public upto: number) {}

	/** Notes seqs `from..to` as held; true when they left a gap below them. */
	add(from: number, to: number): boolean {
		for (let s = Math.max(from, this.upto + 1); s <= to; s++) this.above.add(s);
		while (this.above.delete(this.upto + 1)) this.upto++;
		return this.above.size > 0;
	}

	/** Every seq up to `upto` is held (the stored state was read and applied). */
	raise(upto: number): void {
		if (upto <= this.upto) return;
		this.upto = upto;
		for (const s of this.above) if (s <= upto) this.above.delete(s);
		while (this.above.delete(this.upto + 1)) this.upto++;
	}
}
