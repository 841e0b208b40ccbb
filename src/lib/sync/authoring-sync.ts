/**
 * [HI1] Sends the device's authoring log (authoring-log.ts) to the server over the document's sync
 * socket as message 102, and forgets what the server acknowledges.
 *
 * Ranges go out only after `sync`: by then the client has answered the server's SyncStep1 with
 * its offline changes, so the server holds the clocks the ranges name (and knows they are this
 * user's). Live edits are batched: one message at most every SEND_DELAY_MS.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebsocketProvider } from 'y-websocket';
import { AuthoringLog } from './authoring-log.js';
import { AuthoringAck, MessageType, type AuthoringRange } from './protocol.js';

const SEND_DELAY_MS = 2_000;
/** Ranges the server could not place yet are offered again this often while connected. */
const RETRY_MS = 30_000;

export interface AuthoringSyncOptions {
	doc: Y.Doc;
	provider: WebsocketProvider;
	log: AuthoringLog;
	/** True for transactions that are not this device's own writing (sync, IndexedDB, replay). */
	isRemoteOrigin: (origin: unknown) => boolean;
	now?: () => number;
}

/** Encodes a client → server authoring message. */
export function encodeAuthoringBatch(id: number, ranges: readonly AuthoringRange[]): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MessageType.authoring);
	encoding.writeVarString(e, JSON.stringify({ id, ranges }));
	return encoding.toUint8Array(e);
}

/** Starts recording and sending; returns the function that stops both. */
export function startAuthoringSync(o: AuthoringSyncOptions): () => void {
	const now = o.now ?? (() => Date.now());
	let nextId = 1;
	const inFlight = new Map<number, AuthoringRange[]>();
	let timer: ReturnType<typeof setTimeout> | null = null;
	let retry: ReturnType<typeof setInterval> | null = null;

	const onTransaction = (tr: Y.Transaction) => {
		if (o.isRemoteOrigin(tr.origin)) return;
		const client = o.doc.clientID;
		const from = tr.beforeState.get(client) ?? 0;
		const to = tr.afterState.get(client) ?? 0;
		if (to <= from) return;
		o.log.record(client, from, to, now());
		schedule();
	};

	function send(): void {
		timer = null;
		const ws = o.provider.ws;
		if (!o.provider.synced || !ws || ws.readyState !== 1 /* OPEN */) return;
		const ranges = o.log.pending();
		if (ranges.length === 0) return;
		const id = nextId++;
		inFlight.set(id, ranges);
		try {
			ws.send(encodeAuthoringBatch(id, ranges) as Uint8Array<ArrayBuffer>);
		} catch {
			inFlight.delete(id);
		}
	}

	function schedule(delay = SEND_DELAY_MS): void {
		timer ??= setTimeout(send, delay);
	}

	o.provider.messageHandlers[MessageType.authoring] = (_encoder, decoder) => {
		try {
			const ack = AuthoringAck.parse(JSON.parse(decoding.readVarString(decoder)));
			const sent = inFlight.get(ack.id);
			inFlight.delete(ack.id);
			if (!sent) return;
			const later = new Set(ack.later);
			o.log.settle(sent.filter((_, i) => !later.has(i)));
			// More than one batch waiting (a long offline stretch): go on with the next one.
			if (later.size < sent.length && o.log.size > later.size) schedule(0);
		} catch {
			// An unreadable acknowledgement settles nothing; the ranges go out again later.
		}
	};
	const onSync = (synced: boolean) => {
		if (!synced) return;
		inFlight.clear();
		schedule(0);
	};
	o.provider.on('sync', onSync);
	o.doc.on('afterTransaction', onTransaction);
	retry = setInterval(() => {
		if (o.log.size > 0) schedule(0);
	}, RETRY_MS);

	return () => {
		o.doc.off('afterTransaction', onTransaction);
		o.provider.off('sync', onSync);
		if (timer) clearTimeout(timer);
		if (retry) clearInterval(retry);
		delete o.provider.messageHandlers[MessageType.authoring];
	};
}
