/**
 * Frames of the sync protocol (src/lib/sync/protocol.ts) as pure encode/decode functions, so
 * rooms.ts never touches lib0 directly. Decoding is strict: anything an honest y-websocket client
 * would not send (unknown type, trailing bytes, truncated data) is `null`, and the room closes the
 * socket with CloseCode.malformed.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
	MAX_AUTHORING_CHARS,
	MessageType,
	type AuthoringAck,
	type Notice
} from '../src/lib/sync/protocol.js';

/** A decoded message from a client. */
export type ClientMessage =
	| { type: 'sync-step1'; stateVector: Uint8Array }
	| { type: 'sync-step2' | 'update'; update: Uint8Array }
	| { type: 'awareness'; update: Uint8Array }
	| { type: 'query-awareness' }
	/** [HI1] The device's authoring ranges, as sent (JSON text; server/authoring.ts parses it). */
	| { type: 'authoring'; text: string };

function decodeUnsafe(frame: Uint8Array): ClientMessage | null {
	const d = decoding.createDecoder(frame);
	const type = decoding.readVarUint(d);
	let msg: ClientMessage | null = null;
	if (type === MessageType.sync) {
		const sub = decoding.readVarUint(d);
		const payload = decoding.readVarUint8Array(d);
		if (sub === syncProtocol.messageYjsSyncStep1)
			msg = { type: 'sync-step1', stateVector: payload };
		else if (sub === syncProtocol.messageYjsSyncStep2)
			msg = { type: 'sync-step2', update: payload };
		else if (sub === syncProtocol.messageYjsUpdate) msg = { type: 'update', update: payload };
	} else if (type === MessageType.awareness) {
		msg = { type: 'awareness', update: decoding.readVarUint8Array(d) };
	} else if (type === MessageType.queryAwareness) {
		msg = { type: 'query-awareness' };
	} else if (type === MessageType.authoring) {
		const text = decoding.readVarString(d);
		if (text.length <= MAX_AUTHORING_CHARS) msg = { type: 'authoring', text };
	}
	return msg && !decoding.hasContent(d) ? msg : null;
}

/** Decodes one client frame; null when it is not a well-formed message a client may send. */
export function decodeClientMessage(frame: Uint8Array): ClientMessage | null {
	try {
		return decodeUnsafe(frame);
	} catch {
		// lib0 throws on truncated varints and lengths past the end.
		return null;
	}
}

function frame(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, type);
	write(e);
	return encoding.toUint8Array(e);
}

/** SyncStep1: the server's state vector, asking the client for what the server lacks. */
export const encodeSyncStep1 = (doc: Y.Doc): Uint8Array =>
	frame(MessageType.sync, (e) => syncProtocol.writeSyncStep1(e, doc));

/** SyncStep1 from an already encoded state vector (a room answering from its stored state). */
export const encodeSyncStep1FromVector = (stateVector: Uint8Array): Uint8Array =>
	frame(MessageType.sync, (e) => {
		encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
		encoding.writeVarUint8Array(e, stateVector);
	});

/** SyncStep2: everything the client lacks, given its state vector. Throws on a bad vector. */
export const encodeSyncStep2 = (doc: Y.Doc, stateVector: Uint8Array): Uint8Array =>
	frame(MessageType.sync, (e) => syncProtocol.writeSyncStep2(e, doc, stateVector));

/** SyncStep2 carrying an already encoded full state (same bytes a fresh client would get). */
export const encodeSyncStep2FromUpdate = (update: Uint8Array): Uint8Array =>
	frame(MessageType.sync, (e) => {
		encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
		encoding.writeVarUint8Array(e, update);
	});

/** An incremental document update, as broadcast to the other sockets of a room. */
export const encodeUpdate = (update: Uint8Array): Uint8Array =>
	frame(MessageType.sync, (e) => syncProtocol.writeUpdate(e, update));

/** An awareness message carrying an encoded awareness update. */
export const encodeAwareness = (update: Uint8Array): Uint8Array =>
	frame(MessageType.awareness, (e) => encoding.writeVarUint8Array(e, update));

/** Our persisted message: the encoded snapshot of what the store has committed. */
export const encodePersisted = (snapshot: Uint8Array): Uint8Array =>
	frame(MessageType.persisted, (e) => encoding.writeVarUint8Array(e, snapshot));

/** Our notice message: one JSON `Notice`. */
export const encodeNotice = (notice: Notice): Uint8Array =>
	frame(MessageType.notice, (e) => encoding.writeVarString(e, JSON.stringify(notice)));

/** [HI1] Our authoring acknowledgement: one JSON `AuthoringAck`. */
export const encodeAuthoringAck = (ack: AuthoringAck): Uint8Array =>
	frame(MessageType.authoring, (e) => encoding.writeVarString(e, JSON.stringify(ack)));

/**
 * [RM16] The one client id under which a Yjs (v1) update carries structs, read from its header
 * alone: `undefined` when it carries none (a deletion only), null when it names several clients or
 * the header does not read. A v1 update lists its structs client by client (count of clients, then
 * per client: struct count, client id, first clock, structs), so a single-client update holds no
 * struct under any other id, and a keystroke need not be parsed whole to learn whose it is.
 */
export function soleClientOf(update: Uint8Array): number | null | undefined {
	try {
		const d = decoding.createDecoder(update);
		const clients = decoding.readVarUint(d);
		if (clients === 0) return undefined;
		if (clients !== 1) return null;
		decoding.readVarUint(d); // struct count
		return decoding.readVarUint(d);
	} catch {
		return null;
	}
}
