/**
 * Step 4 of opening a document (connect.ts): our own messages on the sync socket, 100 persisted
 * and 101 notice (protocol.ts). They are registered before connecting, else y-websocket logs
 * "Unable to compute message" and drops them. A message that does not read changes nothing.
 */
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import { MessageType, Notice } from './protocol.js';

export interface ServerMessageHandlers {
	/** The server stored updates up to this state vector. Throws on one it cannot apply. */
	persisted(stateVector: Uint8Array): void;
	notice(notice: Notice): void;
}

/** Hands the server's persisted and notice messages on a provider to `on`. */
export function handleServerMessages(provider: WebsocketProvider, on: ServerMessageHandlers): void {
	provider.messageHandlers[MessageType.persisted] = (_encoder, decoder) => {
		try {
			on.persisted(decoding.readVarUint8Array(decoder));
		} catch (e) {
			console.warn('Asysta: unreadable "persisted" message', e);
		}
	};
	provider.messageHandlers[MessageType.notice] = (_encoder, decoder) => {
		try {
			const parsed = Notice.safeParse(JSON.parse(decoding.readVarString(decoder)));
			if (parsed.success) on.notice(parsed.data);
		} catch {
			// A notice we cannot read changes nothing.
		}
	};
}
