/**
 * Save state of one document: is everything this device holds durably stored on the server?
 *
 * The server sends a `persisted` message (protocol.ts, type 100) carrying `Y.encodeSnapshot` of
 * what it has committed. The document counts as saved only when that snapshot contains the whole
 * local document: `Y.snapshotContainsUpdate(serverSnapshot, Y.encodeStateAsUpdate(localDoc))`.
 * A snapshot has the delete set as well as the state vector, so an offline deletion (which moves
 * no clock) is not "saved" until the server has it. y-websocket's `synced` only says the server's
 * state arrived and is never used here.
 *
 * Checking costs a full encode of the document, so it runs on `persisted` messages (a few per
 * second at most) and once at open, never per keystroke. Between checks a local update simply
 * makes the document unsaved and bumps a counter: the number of local updates since the last
 * check that found everything saved — counted as changes (a field, a record added or removed;
 * change-keys.ts, SY8), not as updates, which are keystrokes. Keys and last server snapshot are kept in a small
 * key-value store (localStorage in the browser) so that after an offline reload the device still
 * knows "N zmian czeka". The counter is an upper bound: some of those updates may already be on
 * the server while a later one is not.
 *
 * Pure over a Y.Doc and an injected storage, so it runs in unit tests under Node.
 */
import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { recordChanges } from './change-keys.js';

/** At most this many change keys are stored; beyond, the count stays as an upper bound. */
const MAX_STORED_KEYS = 2000;

/** The subset of `Storage` the tracker needs; `localStorage` satisfies it. */
export interface KeyValueStorage {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
	removeItem(key: string): void;
}

/** What is stored per document between page loads. */
export interface SaveRecord {
	/** Local changes since the last check that found the document saved. */
	pending: number;
	/** Keys of those changes (change-keys.ts), so a reload goes on counting the same fields. */
	changes: string[];
	/** Whether the last check (or local edit since) left the document saved. */
	saved: boolean;
	/** base64 of `Y.encodeSnapshot` of the last server snapshot seen, or null. */
	snapshot: string | null;
	/** When the server last confirmed everything (ms since epoch), or null. */
	savedAt: number | null;
}

const PREFIX = 'asysta:save:';

/** Storage key of a document's save record; user, document and epoch, like the IndexedDB name. */
export function saveRecordKey(userId: string, docName: string, epoch: number): string {
	return `${PREFIX}u:${userId}:d:${docName}:e${epoch}`;
}

/** Prefix of all save records of one user (to sum pending changes across documents). */
export function saveRecordPrefix(userId: string): string {
	return `${PREFIX}u:${userId}:`;
}

/** Reads a save record; a missing or malformed one reads as null. */
export function readSaveRecord(storage: KeyValueStorage, key: string): SaveRecord | null {
	let raw: string | null;
	try {
		raw = storage.getItem(key);
	} catch {
		return null;
	}
	if (raw === null) return null;
	try {
		const v: unknown = JSON.parse(raw);
		if (typeof v !== 'object' || v === null) return null;
		const r = v as Record<string, unknown>;
		const pending =
			typeof r.pending === 'number' && Number.isInteger(r.pending) && r.pending >= 0
				? r.pending
				: 0;
		const changes =
			Array.isArray(r.changes) && r.changes.every((c) => typeof c === 'string')
				? (r.changes as string[]).slice(0, MAX_STORED_KEYS)
				: [];
		return {
			pending,
			changes,
			saved: r.saved === true && pending === 0,
			snapshot: typeof r.snapshot === 'string' ? r.snapshot : null,
			savedAt: typeof r.savedAt === 'number' ? r.savedAt : null
		};
	} catch {
		return null;
	}
}

/** True when the server snapshot contains everything in `doc` (inserts and deletions). */
export function isContainedIn(snapshot: Y.Snapshot, doc: Y.Doc): boolean {
	return Y.snapshotContainsUpdate(snapshot, Y.encodeStateAsUpdate(doc));
}

/** A document with no content at all has nothing to save. */
function isEmpty(doc: Y.Doc): boolean {
	return doc.store.clients.size === 0;
}

export interface SaveTrackerOptions {
	storage: KeyValueStorage | null;
	key: string;
	/** True for transaction origins that are not edits made on this device (provider, IndexedDB). */
	isRemoteOrigin: (origin: unknown) => boolean;
	now?: () => number;
}

/** Current save facts of one document. */
export interface SaveFacts {
	pending: number;
	saved: boolean;
	/** A server snapshot has been seen (now or in an earlier session). */
	known: boolean;
	savedAt: number | null;
}

/**
 * Tracks whether a document is saved on the server. Construct it after local content has been
 * loaded (IndexedDB), so those loads do not count as new local changes.
 */
export class SaveTracker {
	#doc: Y.Doc;
	#opts: SaveTrackerOptions;
	#snapshot: Y.Snapshot | null = null;
	#snapshotB64: string | null = null;
	#pending = 0;
	/** Keys of the changes waiting; `#pending` is their number (or more, from an older record). */
	#changes = new Set<string>();
	#saved = false;
	#savedAt: number | null = null;
	#listeners = new Set<(facts: SaveFacts) => void>();
	#onUpdate = (_update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
		if (this.#opts.isRemoteOrigin(origin)) return;
		// An older record counted updates: keep that excess until the next save clears it.
		const excess = Math.max(this.#pending - this.#changes.size, 0);
		recordChanges(this.#changes, tr);
		this.#pending = excess + this.#changes.size;
		this.#saved = false;
		this.#store();
		this.#emit();
	};

	/** The last snapshot of what the server committed, if one was seen. */
	get serverSnapshot(): Y.Snapshot | null {
		return this.#snapshot;
	}

	constructor(doc: Y.Doc, opts: SaveTrackerOptions) {
		this.#doc = doc;
		this.#opts = opts;
		const rec = opts.storage ? readSaveRecord(opts.storage, opts.key) : null;
		if (rec) {
			this.#pending = rec.pending;
			this.#changes = new Set(rec.changes);
			this.#savedAt = rec.savedAt;
			if (rec.snapshot) {
				try {
					this.#snapshot = Y.decodeSnapshot(fromBase64(rec.snapshot));
					this.#snapshotB64 = rec.snapshot;
				} catch {
					this.#snapshot = null;
				}
			}
		}
		// One check at open: an offline reload can then say "wszystko zapisane" honestly.
		this.#saved =
			this.#pending === 0 &&
			(this.#snapshot === null ? isEmpty(doc) : isContainedIn(this.#snapshot, doc));
		doc.on('update', this.#onUpdate);
	}

	/** Handles a `persisted` message: the encoded snapshot of what the server has committed. */
	applyPersisted(encodedSnapshot: Uint8Array): void {
		const snapshot = Y.decodeSnapshot(encodedSnapshot);
		this.#snapshot = snapshot;
		this.#snapshotB64 = toBase64(encodedSnapshot);
		if (isContainedIn(snapshot, this.#doc)) {
			this.#pending = 0;
			this.#changes.clear();
			this.#saved = true;
			this.#savedAt = (this.#opts.now ?? Date.now)();
		} else {
			this.#saved = false;
		}
		this.#store();
		this.#emit();
	}

	/** The facts as of now. */
	get facts(): SaveFacts {
		return {
			pending: this.#pending,
			saved: this.#saved,
			known: this.#snapshot !== null,
			savedAt: this.#savedAt
		};
	}

	/** Calls `fn` on every change; returns the unsubscribe function. */
	subscribe(fn: (facts: SaveFacts) => void): () => void {
		this.#listeners.add(fn);
		return () => this.#listeners.delete(fn);
	}

	/** Stops tracking (the stored record stays). */
	destroy(): void {
		this.#doc.off('update', this.#onUpdate);
		this.#listeners.clear();
	}

	#store(): void {
		if (!this.#opts.storage) return;
		const rec: SaveRecord = {
			pending: this.#pending,
			changes: [...this.#changes].slice(0, MAX_STORED_KEYS),
			saved: this.#saved,
			snapshot: this.#snapshotB64,
			savedAt: this.#savedAt
		};
		try {
			this.#opts.storage.setItem(this.#opts.key, JSON.stringify(rec));
		} catch {
			// Storage full or blocked: the in-memory state stays right for this session.
		}
	}

	#emit(): void {
		const f = this.facts;
		for (const fn of this.#listeners) fn(f);
	}
}
