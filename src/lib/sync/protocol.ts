/**
 * The Asysta sync protocol: standard y-websocket plus two messages of our own.
 *
 * A socket speaks y-websocket's framing: every binary frame starts with a varUint message type.
 *   0 sync       – y-protocols/sync: SyncStep1 (state vector) → SyncStep2 (missing updates),
 *                  then Update for every later change. The server sends SyncStep1 only after the
 *                  document's stored state is loaded, so a client never mistakes an empty,
 *                  still-loading room for the real document and seeds it (stack.md §12.2).
 *   1 awareness  – presence. The server overwrites `user` (name, colour, role) from the session
 *                  and pins one Yjs client id per socket, so presence cannot be spoofed.
 *   3 query awareness
 *
 * Ours:
 *   100 persisted – `Y.encodeSnapshot` (delete set + state vector) of what the server has
 *                  committed to its store. A client shows "zapisane na serwerze" only when its
 *                  own document is contained in that snapshot. y-websocket's `synced` merely says
 *                  the server's state arrived, which says nothing about durability. A snapshot,
 *                  not only a state vector, because a deletion advances no clock: with a bare
 *                  state vector an offline deletion would look saved before it reached the server.
 *                  Sent after each commit that touched the document (at most a few per second)
 *                  and every HEARTBEAT_MS, which also keeps a lone client's socket alive
 *                  (the client drops sockets that stay silent for 30 s).
 *   101 notice   – a varString JSON `Notice` (see below), e.g. "your writes were refused".
 *   102 authoring – when the device made its own changes (HI1). Client → server: a varString JSON
 *                  `AuthoringBatch`, the clock ranges of the device's local transactions with the
 *                  device's time; server → client: a varString JSON `AuthoringAck` naming the batch
 *                  and the ranges to send again later (their update has not arrived yet). The
 *                  server knows only when a row arrived; for a change made offline that can be
 *                  days after it was written.
 *
 * Refusals close the socket with a 44xx code; y-websocket 3.1 stops reconnecting on 4400–4499,
 * whereas an HTTP error on the upgrade reaches the browser as an opaque 1006 and would be retried
 * forever. 45xx codes mean "try again later" and the client reconnects with backoff.
 */
import { z } from 'zod';

/** y-websocket message types, plus ours (≥ 100 so they never collide with upstream). */
export const MessageType = {
	sync: 0,
	awareness: 1,
	auth: 2,
	queryAwareness: 3,
	persisted: 100,
	notice: 101,
	authoring: 102
} as const;

/** Close codes with the reason each stands for; the client maps every one to a UI state. */
export const CloseCode = {
	/** Not signed in, or the session expired: sign in again, then reconnect. */
	unauthorized: 4401,
	/** No grant for this document, a foreign Origin, or the grant was revoked. */
	forbidden: 4403,
	/** No document of that name exists. */
	unknownDocument: 4404,
	/** A frame could not be decoded, or broke the protocol (e.g. someone else's client id). */
	malformed: 4400,
	/** The document's epoch changed (rebuilt or restored); the local copy must be discarded. */
	staleEpoch: 4409,
	/** The socket sent more messages than the per-socket rate allows. */
	rateLimited: 4429,
	/** The server is shutting down or draining this document: reconnect later. */
	draining: 4503,
	/** The socket did not read fast enough; the server dropped it to protect others. */
	slowConsumer: 4508,
	/** [DV8] This device was marked lost: the page erases the device's data now. */
	deviceLost: 4410,
	/** The same session reconnected; this older socket of it is dead and was dropped. */
	superseded: 4510
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** [DV8] Window event in the browser: a socket was closed with `deviceLost`. */
export const DEVICE_LOST_EVENT = 'asysta:device-lost';
/** [DV11] Response header of the HTTP "device lost" answer (410, body `{erase, users}`). */
export const DEVICE_LOST_HEADER = 'x-asysta-device-lost';

/** Close codes after which the client must not reconnect by itself. */
export function isTerminalClose(code: number): boolean {
	return code >= 4400 && code <= 4499;
}

/** Heartbeat period: below the client's 30 s silence timeout. */
export const HEARTBEAT_MS = 15_000;

/** Notices the server may send to one socket. */
export const Notice = z.discriminatedUnion('type', [
	/** The socket's role does not allow writing; its changes were not stored. */
	z.object({ type: z.literal('read-only'), role: z.enum(['comment', 'read']) }),
	/** A write the document's rules refuse (e.g. changing someone else's remark); not stored. */
	z.object({ type: z.literal('write-refused'), reason: z.string().max(64) }),
	/** [CF4] The document's field conflicts changed (found or acknowledged): read them again. */
	z.object({ type: z.literal('conflicts'), seq: z.number().int().nonnegative() })
]);
export type Notice = z.infer<typeof Notice>;
/** Notices that tell the device its writes were not stored (shown in the refused-changes tray). */
export type WriteNotice = Exclude<Notice, { type: 'conflicts' }>;

/**
 * Access a grant gives to one document. `submit` is write-only (NK2): the family's assistant
 * starts a Niebieska Karta procedure in the violence compartment without being in the diagnostic
 * group; the server sends such a socket nothing of the document and accepts only new procedure
 * records and changes to the writer's own. No grant row carries it: the server derives it.
 */
export const DocRole = z.enum(['edit', 'comment', 'read', 'submit']);
export type DocRole = z.infer<typeof DocRole>;

/** Path prefix of the sync websocket: `/sync/<document name>`. */
export const SYNC_PATH = '/sync/';

/** Document names: ASCII, no slashes, bounded; anything else is refused before any lookup. */
export const DocName = z
	.string()
	.min(1)
	.max(128)
	.regex(/^[A-Za-z0-9._-]+$/);

/** Most ranges one authoring message may carry (the client sends more in further batches). */
export const MAX_AUTHORING_RANGES = 500;
/** Longest authoring message text the server will parse (500 ranges fit well below it). */
export const MAX_AUTHORING_CHARS = 64 * 1024;

/**
 * [HI1] One local transaction (or several merged: same client, adjacent clocks, same minute) of a
 * device: the Yjs client id, the clocks it wrote, `from` inclusive and `to` exclusive, and the
 * device's time in ms when it wrote the first of them.
 */
export const AuthoringRange = z
	.object({
		client: z.number().int().min(0).max(0xffffffff),
		from: z
			.number()
			.int()
			.min(0)
			.max(2 ** 40),
		to: z
			.number()
			.int()
			.min(1)
			.max(2 ** 40),
		at: z
			.number()
			.int()
			.min(0)
			.max(2 ** 45)
	})
	.refine((r) => r.to > r.from, { message: 'empty range' });
export type AuthoringRange = z.infer<typeof AuthoringRange>;

/** Client → server: a numbered batch of authoring ranges. */
export const AuthoringBatch = z.object({
	id: z
		.number()
		.int()
		.min(0)
		.max(2 ** 31),
	ranges: z.array(AuthoringRange).min(1).max(MAX_AUTHORING_RANGES)
});
export type AuthoringBatch = z.infer<typeof AuthoringBatch>;

/**
 * Server → client: batch `id` is settled except the ranges at the indexes in `later`, whose
 * clocks the server does not hold yet (send them again after the next sync). Settled means stored,
 * or dropped because the client id is not the sender's: either way the device may forget them.
 */
export const AuthoringAck = z.object({
	id: z.number().int().min(0),
	later: z.array(z.number().int().min(0)).max(MAX_AUTHORING_RANGES)
});
export type AuthoringAck = z.infer<typeof AuthoringAck>;
