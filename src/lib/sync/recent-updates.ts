/**
 * A write-ahead copy of the last few seconds of local updates, in localStorage.
 *
 * y-indexeddb writes each update in an asynchronous IndexedDB transaction, and a page that is
 * reloaded or closed right after a keystroke aborts the transactions still in flight: the last
 * characters typed would be gone after an offline reload. localStorage writes are synchronous and
 * survive the unload, so each local update is also appended here and kept for a short window
 * (long enough for IndexedDB to have committed it). On open, after IndexedDB has loaded, the
 * buffered updates are applied again: Yjs updates are idempotent, so those IndexedDB already had
 * change nothing, and the lost ones come back (and are then stored in IndexedDB and synced).
 */
import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { REPLAY_ORIGIN } from './origins.js';
import type { KeyValueStorage } from './save-state.js';

/** Storage key of a document's buffer; user, document and epoch, like the IndexedDB name. */
export function recentUpdatesKey(userId: string, docName: string, epoch: number): string {
	return `asysta:wal:u:${userId}:d:${docName}:e${epoch}`;
}

interface Entry {
	t: number;
	u: string;
}

export interface RecentUpdatesOptions {
	/** How long an update is kept: far longer than an IndexedDB commit takes. */
	windowMs?: number;
	/** Upper bound on the stored characters; the oldest entries go first. */
	maxChars?: number;
}

/** The buffer of one document. */
export class RecentLocalUpdates {
	#storage: KeyValueStorage | null;
	#key: string;
	#windowMs: number;
	#maxChars: number;
	#entries: Entry[];

	constructor(storage: KeyValueStorage | null, key: string, opts: RecentUpdatesOptions = {}) {
		this.#storage = storage;
		this.#key = key;
		this.#windowMs = opts.windowMs ?? 15_000;
		this.#maxChars = opts.maxChars ?? 400_000;
		this.#entries = this.#read();
	}

	/** Appends a local update (and drops entries older than the window). */
	add(update: Uint8Array, now = Date.now()): void {
		const u = toBase64(update);
		if (u.length > this.#maxChars) return; // a huge paste: IndexedDB alone must carry it
		this.#entries.push({ t: now, u });
		this.#prune(now);
		this.#write();
	}

	/** The buffered updates, oldest first. */
	updates(): Uint8Array[] {
		const out: Uint8Array[] = [];
		for (const e of this.#entries) {
			try {
				out.push(fromBase64(e.u));
			} catch {
				// a damaged entry is skipped; the rest still helps
			}
		}
		return out;
	}

	/** Applies the buffered updates to `doc` again, as a replay (not a new local edit). */
	replayInto(doc: Y.Doc): void {
		for (const u of this.updates()) {
			try {
				Y.applyUpdate(doc, u, REPLAY_ORIGIN);
			} catch {
				// a damaged entry must not stop the document from opening
			}
		}
	}

	#prune(now: number): void {
		const cutoff = now - this.#windowMs;
		let start = 0;
		while (start < this.#entries.length && this.#entries[start].t < cutoff) start++;
		let chars = 0;
		for (let i = this.#entries.length - 1; i >= start; i--) {
			chars += this.#entries[i].u.length;
			if (chars > this.#maxChars) {
				start = i + 1;
				break;
			}
		}
		if (start > 0) this.#entries = this.#entries.slice(start);
	}

	#read(): Entry[] {
		try {
			const raw = this.#storage?.getItem(this.#key);
			if (!raw) return [];
			const v: unknown = JSON.parse(raw);
			if (!Array.isArray(v)) return [];
			return v.filter(
				(e): e is Entry =>
					typeof e === 'object' &&
					e !== null &&
					typeof (e as Entry).t === 'number' &&
					typeof (e as Entry).u === 'string'
			);
		} catch {
			return [];
		}
	}

	#write(): void {
		try {
			if (this.#entries.length === 0) this.#storage?.removeItem(this.#key);
			else this.#storage?.setItem(this.#key, JSON.stringify(this.#entries));
		} catch {
			// quota or blocked storage: IndexedDB still has (almost) everything
		}
	}
}
