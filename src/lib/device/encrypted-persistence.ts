/**
 * [DV2] Yjs persistence in IndexedDB with every stored update sealed (AES-GCM, random IV, the
 * document name and epoch as additional data) under the user's device data key. It replaces
 * y-indexeddb for the family documents and keeps what connect.ts relies on: `whenSynced`, the
 * `synced` event, `_dbsize`, updates applied with the persistence itself as origin, and
 * compaction (one sealed state record in place of many updates).
 *
 * The database name is `asysta-y-<user tag>-<document tag>`: hashes, no personal data, and per
 * user, so two staff on one browser profile never open each other's databases (and could not
 * decrypt them: each user has their own key). A record that fails to decrypt (damaged, truncated,
 * moved from another document) is skipped and counted; the others still load.
 */
import * as Y from 'yjs';
import { Observable } from 'lib0/observable';
import { opaqueTag } from './crypto.js';
import { open, seal } from './seal.js';

const STORE = 'updates';
/** Fold the stored updates into one record past this many (y-indexeddb trims at 500). */
export const COMPACT_ABOVE = 100;

/** The IndexedDB name of one user's copy of one document epoch. */
export async function encryptedDbName(
	userId: string,
	docName: string,
	epoch: number
): Promise<string> {
	return `asysta-y-${await opaqueTag(`user:${userId}`, 16)}-${await opaqueTag(
		`doc:${userId}:${docName}:e${epoch}`,
		24
	)}`;
}

/** Prefix of every encrypted document database of one user. */
export async function encryptedDbPrefix(userId: string): Promise<string> {
	return `asysta-y-${await opaqueTag(`user:${userId}`, 16)}-`;
}

function req<T>(r: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error ?? new Error('IndexedDB'));
	});
}

function done(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error ?? new Error('IndexedDB'));
		tx.onabort = () => reject(tx.error ?? new Error('IndexedDB'));
	});
}

function openDb(name: string): Promise<{ db: IDBDatabase; created: boolean }> {
	return new Promise((resolve, reject) => {
		const r = indexedDB.open(name, 1);
		let created = false;
		r.onupgradeneeded = () => {
			created = true;
			r.result.createObjectStore(STORE, { autoIncrement: true });
		};
		r.onsuccess = () => resolve({ db: r.result, created });
		r.onerror = () => reject(r.error ?? new Error('IndexedDB'));
		r.onblocked = () => reject(new Error('IndexedDB blocked'));
	});
}

/** Copies open in this page, so an erase can close them first (a deletion waits for them). */
const live = new Set<EncryptedPersistence>();

/** [DV11] Closes every open copy whose database name starts with `prefix`. */
export async function closeCopies(prefix: string): Promise<void> {
	await Promise.all([...live].filter((p) => p.name.startsWith(prefix)).map((p) => p.close()));
}

export class EncryptedPersistence extends Observable<'synced'> {
	readonly doc: Y.Doc;
	readonly name: string;
	readonly whenSynced: Promise<this>;
	synced = false;
	/** Records stored now (as y-indexeddb's `_dbsize`). */
	_dbsize = 0;
	/** Records that could not be decrypted and were skipped. */
	damaged = 0;
	/** [DV10] The database did not exist and was created by this open (new, or evicted). */
	created = false;
	#key: CryptoKey;
	#aad: string;
	#db: IDBDatabase | null = null;
	#chain: Promise<void> = Promise.resolve();
	#destroyed = false;

	/** `aad`: the document name and epoch, bound into every record. */
	constructor(name: string, doc: Y.Doc, key: CryptoKey, aad: string) {
		super();
		this.name = name;
		this.doc = doc;
		this.#key = key;
		this.#aad = aad;
		live.add(this);
		this.whenSynced = this.#init();
	}

	async #init(): Promise<this> {
		const { db, created } = await openDb(this.name);
		this.created = created;
		if (this.#destroyed) {
			db.close();
			return this;
		}
		this.#db = db;
		const tx = db.transaction(STORE, 'readonly');
		const values = (await req(tx.objectStore(STORE).getAll())) as unknown[];
		// Every record decrypted at once: WebCrypto works them off its own thread, and the page
		// waits once instead of once per record (the open's largest cost after the apply).
		const opened = await Promise.all(
			values.map((v) => open(this.#key, v as Uint8Array, this.#aad).catch(() => null))
		);
		const updates: Uint8Array[] = [];
		for (const u of opened) {
			if (u) updates.push(u);
			else this.damaged++;
		}
		this._dbsize = values.length;
		if (this.#destroyed) {
			db.close();
			this.#db = null;
			return this;
		}
		Y.transact(
			this.doc,
			() => {
				for (const u of updates) {
					try {
						Y.applyUpdate(this.doc, u);
					} catch {
						this.damaged++;
					}
				}
			},
			this,
			false
		);
		this.doc.on('update', this.#onUpdate);
		this.synced = true;
		this.emit('synced', [this]);
		return this;
	}

	#onUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin !== this) void this.storeUpdate(update);
	};

	/** Seals and stores one update; writes are kept in order. */
	storeUpdate(update: Uint8Array): Promise<void> {
		this.#chain = this.#chain
			.then(async () => {
				const db = this.#db;
				if (!db) return;
				const sealed = await seal(this.#key, update, this.#aad);
				const tx = db.transaction(STORE, 'readwrite');
				tx.objectStore(STORE).add(sealed);
				await done(tx);
				this._dbsize++;
				if (this._dbsize > COMPACT_ABOVE && this.damaged === 0) await this.#compactNow();
			})
			.catch((e: unknown) => console.warn('Asysta: zapis na urządzeniu nie powiódł się', e));
		return this.#chain;
	}

	/** Folds every stored record into one sealed state record. */
	compact(): Promise<void> {
		this.#chain = this.#chain.then(() => this.#compactNow()).catch(() => {});
		return this.#chain;
	}

	async #compactNow(): Promise<void> {
		const db = this.#db;
		if (!db) return;
		const sealed = await seal(this.#key, Y.encodeStateAsUpdate(this.doc), this.#aad);
		const tx = db.transaction(STORE, 'readwrite');
		const store = tx.objectStore(STORE);
		const cursor = await req(store.openKeyCursor(null, 'prev'));
		const last = cursor?.key;
		store.add(sealed);
		if (last !== undefined) store.delete(IDBKeyRange.upperBound(last));
		await done(tx);
		this._dbsize = 1;
	}

	/** Stops listening; the database closes once pending writes are stored (see `close`). */
	override destroy(): void {
		void this.close();
		super.destroy();
	}

	/** Stops listening and closes the database once pending writes are stored. */
	async close(): Promise<void> {
		this.#destroyed = true;
		live.delete(this);
		this.doc.off('update', this.#onUpdate);
		await this.#chain;
		this.#db?.close();
		this.#db = null;
	}
}
