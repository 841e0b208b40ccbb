/**
 * One socket in one room, seen through `WebSocketLike` so rooms.ts never imports `ws`: the
 * identity fixed at the upgrade, its rate limit and backpressure bound, and its pinned Yjs
 * client id for awareness.
 */
import type { DocRole } from '../src/lib/sync/protocol.js';
import { CloseCode } from '../src/lib/sync/protocol.js';
import { TokenBucket } from './rate-limit.js';

/** The part of a websocket the rooms need. */
export interface WebSocketLike {
	send(data: Uint8Array): void;
	close(code: number, reason?: string): void;
	/** Bytes queued but not yet written to the network. */
	readonly bufferedAmount: number;
}

/** Who is on the socket and what they may do, decided at the upgrade. */
export interface ConnectionInfo {
	docName: string;
	familyId: string | null;
	epoch: number;
	role: DocRole;
	userId: string;
	sessionId: string;
	name: string;
	color: string;
	staffRole: string;
}

/** A socket's state inside the sync server. */
export class Connection {
	/** The Yjs client id this socket speaks for in awareness, once announced (RM8). */
	clientId: number | null = null;
	/** Messages received before the room finished loading (RM2). */
	buffered: Uint8Array[] | null = [];
	bufferedBytes = 0;
	/** The read-only notice goes out once per socket (RM7). */
	noticeSent = false;
	/** Refusal codes this socket was already told of (and audited for) (RM17). */
	readonly refusalsSent = new Set<string>();
	closed = false;
	/** [NC1] The device's state vector from its last SyncStep1: what its offline writes saw. */
	knewAtSync: Map<number, number> | null = null;
	/** [RM5] The socket wrote since it was last sent a persisted snapshot. */
	wroteSinceAck = false;
	/** [RM5] That snapshot covered everything the room held when it was sent. */
	toldAll = false;
	/** [RM5] When it was sent (ms). */
	toldAt = 0;
	/** Why the server closed the socket, if it did (for the audit of offenders). */
	closedWith: { code: number; reason: string } | null = null;
	readonly bucket: TokenBucket;
	#onClose: (conn: Connection) => void = () => {};

	constructor(
		readonly socket: WebSocketLike,
		public info: ConnectionInfo,
		limits: { perSecond: number; burst: number; maxBufferedBytes: number }
	) {
		this.bucket = new TokenBucket(limits.perSecond, limits.burst);
		this.maxBufferedBytes = limits.maxBufferedBytes;
	}

	readonly maxBufferedBytes: number;

	/** True once the room sent its SyncStep1 and handles this socket's messages directly. */
	get ready(): boolean {
		return this.buffered === null;
	}

	/** Registers the room's leave hook; called once, on whichever close comes first. */
	onClose(fn: (conn: Connection) => void): void {
		this.#onClose = fn;
	}

	/** Sends a frame; a reader too slow to drain its buffer is dropped (RM10). */
	send(frame: Uint8Array): void {
		if (this.closed) return;
		try {
			this.socket.send(frame);
		} catch {
			this.close(CloseCode.draining, 'send failed');
			return;
		}
		if (this.socket.bufferedAmount > this.maxBufferedBytes) {
			this.close(CloseCode.slowConsumer, 'slow consumer');
		}
	}

	/** Closes the socket with a named code and leaves the room at once. */
	close(code: number, reason = ''): void {
		if (!this.closed) {
			this.closedWith = { code, reason };
			try {
				this.socket.close(code, reason);
			} catch {
				// Already closing: the transport's own close event will follow.
			}
		}
		this.closed = true;
		this.closedByTransport();
	}

	/** The transport reports the socket closed (by either side). */
	closedByTransport(): void {
		this.closed = true;
		const fn = this.#onClose;
		this.#onClose = () => {};
		fn(this);
	}
}

/** [NK2] A write-only socket: the family's assistant outside the diagnostic group. */
export const isSubmitter = (conn: Connection): boolean => conn.info.role === 'submit';
