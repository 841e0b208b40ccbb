/**
 * What one open document reports about its connection and its local copy (connect.ts fills it).
 * Facts and codes only: state puts them into words (state/labels/sync-text.ts).
 */
import type { SaveFacts } from './save-state.js';
import { CloseCode, type WriteNotice } from './protocol.js';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** A refusal by the server (socket closed with 44xx); state puts it into words. */
export interface Refusal {
	code: number;
	/** The user must sign in again (4401); `reconnect()` afterwards. */
	needsLogin: boolean;
}

/** The refusal a terminal close code means. */
export function refusalFor(code: number): Refusal {
	return { code, needsLogin: code === CloseCode.unauthorized };
}

/**
 * Why the local copy could not be used as it is (edits may then live only in memory); state puts
 * it into words. `damaged`: records that do not decrypt; `copy-gone` [DV10]: the copy this device
 * held vanished, with `pending` changes that had not reached the server.
 */
export type LocalCopyProblem =
	| { kind: 'open-failed' }
	| { kind: 'unsupported' }
	| { kind: 'damaged'; count: number }
	| { kind: 'copy-gone'; pending: number };

/** Everything the UI state needs to know about one open document's connection. */
export interface DocStatusSnapshot {
	connection: ConnectionStatus;
	refused: Refusal | null;
	save: SaveFacts;
	/** Why the local copy could not be used as it is, or null. */
	localProblem: LocalCopyProblem | null;
	/** Last notice from the server, e.g. read-only. */
	notice: WriteNotice | null;
	/**
	 * [SY7] The server's state reached this device at least once, or the copy holds content
	 * written here. False: an empty document that must not be shown as an empty editable one.
	 */
	onDevice: boolean;
	/** When the device last held the server's state (ms), or null: never. */
	readyAt: number | null;
	/** [CF4] Number of the server's last `conflicts` notice: the field conflicts changed. */
	conflictsSeq: number | null;
}
