/**
 * [DV2] One IndexedDB database per user, `asysta-y-<hash of user>`, holding the sealed records of
 * every document that user keeps on the device, keyed by `[document tag, seq]`. It is opened once
 * (at unlock, or by the first document that needs it) and shared by every open document of the
 * page, so opening a document costs one keyed range read, not a database open plus a read: the
 * fixed ~2.5–4 ms per document the per-document layout paid (tests/bench/BASELINE.md).
 *
 * Names and keys are hashes (no personal data); each user has their own database and key, so two
 * staff on one profile never open each other's records. The seq of a new record is read inside
 * the writing transaction, so two tabs appending to one document never collide. A deletion of the
 * database (an erase in another tab) is never blocked by an idle connection here: it closes on
 * `versionchange`, and later writes through it fail (they are not redirected into a new database
 * an erase just deleted).
 */
import { opaqueTag } from './crypto.js';

const STORE = 'records';
const VERSION = 1;

/** The IndexedDB name of one user's encrypted store. */
export async function userDbName(userId: string): Promise<string> {
	return userDbNameOf(await opaqueTag(`user:${userId}`, 16));
}

/** The same from the user's tag (lost.ts `userTag`), without hashing again. */
export function userDbNameOf(userTag: string): string {
	return `asysta-y-${userTag}`;
}

/**
 * Prefix of every encrypted database of one user: their store and the per-document databases of
 * the previous layout (`asysta-y-<user>-<document>`). User tags have one length, so no other
 * user's name starts with it.
 */
export const encryptedDbPrefix = userDbName;

/** The opaque tag of one document epoch inside its user's store (the old layout's name part). */
export function docTag(userId: string, docName: string, epoch: number): Promise<string> {
	return opaqueTag(`doc:${userId}:${docName}:e${epoch}`, 24);
}

/**
 * [DV10] The record saying a document's copy exists though it holds no update yet (an empty
 * document stores none): what a database made for the document said in the per-document layout.
 * No content, so nothing to seal; readers skip it.
 */
export function copyMark(): Uint8Array {
	return new Uint8Array(0);
}

/** Whether a stored value is the mark above. */
export function isCopyMark(v: unknown): boolean {
	return v instanceof Uint8Array && v.length === 0;
}

/** Every key of one document: `[tag, seq]` for any seq. */
function range(tag: string): IDBKeyRange {
	return IDBKeyRange.bound([tag, -Infinity], [tag, Infinity]);
}

function seqAfter(key: IDBValidKey | undefined): number {
	return Array.isArray(key) && typeof key[1] === 'number' ? key[1] + 1 : 1;
}

export function req<T>(r: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error ?? new Error('IndexedDB'));
	});
}

export function done(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error ?? new Error('IndexedDB'));
		tx.onabort = () => reject(tx.error ?? new Error('IndexedDB'));
	});
}

/**
 * How long records read ahead wait for their document's open. The caseload opens right after the
 * unlock that read them; past this they are dropped (memory) and read again.
 */
const AHEAD_MS = 30_000;

/** One user's open store; see the module comment. */
export class UserStore {
	readonly name: string;
	#db: IDBDatabase;
	/** The read transaction of the current task: reads started together share it. */
	#reading: IDBTransaction | null = null;
	/** Records read ahead (still sealed), by document tag, until that document's open takes them. */
	#ahead = new Map<string, Promise<unknown[]>>();
	#aheadTimer: ReturnType<typeof setTimeout> | undefined;
	/** Tells this user's store in other tabs which document was written (their read-ahead is stale). */
	#written: BroadcastChannel | null = null;

	constructor(name: string, db: IDBDatabase) {
		this.name = name;
		this.#db = db;
		db.onversionchange = () => this.close();
		db.onclose = () => forget(this);
		try {
			this.#written = new BroadcastChannel(`asysta-store:${name}`);
			this.#written.onmessage = (e: MessageEvent<unknown>) => {
				if (typeof e.data === 'string') this.#changed(e.data, false);
			};
		} catch {
			// no BroadcastChannel: nothing is read ahead (see readAhead)
		}
	}

	/**
	 * Starts reading the records of these documents in one transaction, for their opens to take
	 * (the caseload opens them right after the unlock); resolves with the tags that have records.
	 * A write to one of them here or in another tab drops what was read of it.
	 */
	async readAhead(tags: string[]): Promise<Set<string>> {
		const s = this.#db.transaction(STORE, 'readonly').objectStore(STORE);
		const reads = tags.map((t) => req(s.getAll(range(t))));
		if (this.#written) {
			tags.forEach((t, i) => {
				this.#ahead.set(t, reads[i]);
				// A failed read is not handed to the open: it reads again.
				reads[i].catch(() => {
					if (this.#ahead.get(t) === reads[i]) this.#ahead.delete(t);
				});
			});
			clearTimeout(this.#aheadTimer);
			this.#aheadTimer = setTimeout(() => this.#ahead.clear(), AHEAD_MS);
		}
		const records = await Promise.all(reads);
		return new Set(tags.filter((_, i) => records[i].length > 0));
	}

	/** Whether writes in other tabs are seen (`changesOf`): without it nothing is kept ahead. */
	get seesOtherTabs(): boolean {
		return this.#written !== null;
	}

	/** Writes to each document seen here (this page's, and other tabs' through the channel). */
	#changes = new Map<string, number>();

	/** A counter that moves with every write to the document seen here (to tell a stale read). */
	changesOf(tag: string): number {
		return this.#changes.get(tag) ?? 0;
	}

	#changed(tag: string, here = true): void {
		this.#ahead.delete(tag);
		this.#changes.set(tag, this.changesOf(tag) + 1);
		if (here) this.#written?.postMessage(tag);
	}

	/** Every record of one document, oldest first. */
	read(tag: string): Promise<unknown[]> {
		const ahead = this.#ahead.get(tag);
		if (ahead) {
			this.#ahead.delete(tag);
			return ahead;
		}
		let r: IDBRequest<unknown[]>;
		try {
			r = this.#reading!.objectStore(STORE).getAll(range(tag));
		} catch {
			// No read transaction yet, or it is no longer active (its task ended).
			this.#reading = this.#db.transaction(STORE, 'readonly');
			r = this.#reading.objectStore(STORE).getAll(range(tag));
		}
		return req(r);
	}

	/** Appends records to one document in one transaction, after its last one. */
	append(tag: string, values: unknown[]): Promise<void> {
		return this.#write(tag, (s, last) => {
			let seq = seqAfter(last);
			for (const v of values) s.add(v, [tag, seq++]);
		});
	}

	/** Replaces every record of one document stored so far by `value` (compaction). */
	compact(tag: string, value: unknown): Promise<void> {
		return this.#write(tag, (s, last) => {
			s.add(value, [tag, seqAfter(last)]);
			if (last !== undefined) s.delete(IDBKeyRange.bound([tag, -Infinity], last));
		});
	}

	/** Deletes every record of one document. */
	clear(tag: string): Promise<void> {
		this.#changed(tag);
		const tx = this.#db.transaction(STORE, 'readwrite');
		tx.objectStore(STORE).delete(range(tag));
		return done(tx);
	}

	/** One write transaction that first reads the document's last key. */
	#write(tag: string, fn: (s: IDBObjectStore, last: IDBValidKey | undefined) => void) {
		this.#changed(tag);
		const tx = this.#db.transaction(STORE, 'readwrite');
		const s = tx.objectStore(STORE);
		const c = s.openKeyCursor(range(tag), 'prev');
		c.onsuccess = () => fn(s, c.result?.key);
		return done(tx);
	}

	/** Closes the connection (its transactions finish first) and forgets it. */
	close(): void {
		forget(this);
		this.#ahead.clear();
		clearTimeout(this.#aheadTimer);
		this.#written?.close();
		this.#db.close();
	}
}

/** Open (or opening) stores by database name: one connection per page and user. */
const stores = new Map<string, Promise<UserStore>>();
const opened = new Map<string, UserStore>();

function forget(store: UserStore): void {
	if (opened.get(store.name) !== store) return;
	opened.delete(store.name);
	stores.delete(store.name);
}

/** The page's connection to the store `name`, opened on first use and then shared. */
export function openUserStore(name: string): Promise<UserStore> {
	let p = stores.get(name);
	if (p) return p;
	p = new Promise<UserStore>((resolve, reject) => {
		const r = indexedDB.open(name, VERSION);
		r.onupgradeneeded = () => r.result.createObjectStore(STORE);
		r.onsuccess = () => {
			const store = new UserStore(name, r.result);
			opened.set(name, store);
			resolve(store);
		};
		r.onerror = () => reject(r.error ?? new Error('IndexedDB'));
		r.onblocked = () => reject(new Error('IndexedDB blocked'));
	});
	stores.set(name, p);
	p.catch(() => {
		if (stores.get(name) === p) stores.delete(name);
	});
	return p;
}

/** The store of one user. */
export async function userStoreOf(userId: string): Promise<UserStore> {
	return openUserStore(await userDbName(userId));
}

/**
 * Takes the page's connections to the stores whose names start with `prefix` out of use at once
 * (a store opened from now on is a new connection) and returns them, for the caller to close once
 * the copies writing through them are done.
 */
export function detachUserStores(prefix: string): Promise<UserStore | null>[] {
	const out: Promise<UserStore | null>[] = [];
	for (const [name, p] of [...stores]) {
		if (!name.startsWith(prefix)) continue;
		stores.delete(name);
		opened.delete(name);
		out.push(p.catch(() => null));
	}
	return out;
}
