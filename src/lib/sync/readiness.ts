/**
 * [SY7] Is a document on this device, and as of when? A document is "on the device" once the
 * server's state has arrived here at least once (y-websocket's sync step 2 applied) or the local
 * copy holds content (written here). Until then an empty Y.Doc is not "a plan with no goals" but
 * "a plan this device has never seen": pages must not offer it for editing, and the indicator must
 * not call it saved.
 *
 * The time the device last held the server's state ("stan z …") is kept per user, document and
 * epoch, like the save record, in a small key-value store (localStorage in the browser), so the
 * "Moje rodziny" cards can say which families are ready offline without opening anything.
 *
 * Pure over an injected storage; runs in unit tests under Node.
 */
import type { KeyValueStorage } from './save-state.js';

const PREFIX = 'asysta:ready:';

/** Storage key of a document's readiness time. */
export function readyKey(userId: string, docName: string, epoch: number): string {
	return `${PREFIX}u:${userId}:d:${docName}:e${epoch}`;
}

/** When the device last held the server's state of this document (ms), or null: never. */
export function readReadyAt(storage: KeyValueStorage | null, key: string): number | null {
	let raw: string | null;
	try {
		raw = storage?.getItem(key) ?? null;
	} catch {
		return null;
	}
	if (raw === null) return null;
	const n = Number(raw);
	return Number.isFinite(n) && n > 0 ? n : null;
}

/** Records that the device holds the server's state as of `at`. */
export function writeReadyAt(storage: KeyValueStorage | null, key: string, at: number): void {
	try {
		storage?.setItem(key, String(Math.floor(at)));
	} catch {
		// A full or blocked storage costs only the card's wording, never the document.
	}
}

/** Readiness of a group of documents (one family's), for its card. */
export interface Readiness {
	/** Every document of the group is on the device. */
	ready: boolean;
	/** The oldest "as of" among them (the family is as current as its stalest document). */
	asOf: number | null;
	/** How many of them are on the device. */
	onDevice: number;
	total: number;
}

/**
 * Combines the documents' readiness times. A document counts as on the device when it has a time
 * or `live(i)` says it is on the device now (open, synced or written here).
 */
export function combineReadiness(
	times: readonly (number | null)[],
	live: (i: number) => boolean = () => false
): Readiness {
	let onDevice = 0;
	let asOf: number | null = null;
	times.forEach((t, i) => {
		if (t === null && !live(i)) return;
		onDevice++;
		if (t !== null) asOf = asOf === null ? t : Math.min(asOf, t);
	});
	return {
		ready: times.length > 0 && onDevice === times.length,
		asOf,
		onDevice,
		total: times.length
	};
}
