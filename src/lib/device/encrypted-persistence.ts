/**
 * [DV2] Yjs persistence with every stored update sealed (AES-GCM, random IV, the document name
 * and epoch as additional data) under the user's device data key. It replaces y-indexeddb for the
 * family documents and keeps what connect.ts relies on: `whenSynced`, the `synced` event,
 * `_dbsize`, updates applied with the persistence itself as origin, and compaction (one sealed
 * state record in place of many updates, of this document only).
 *
 * The records live in the user's one database (user-store.ts), keyed by the document's tag (a
 * hash of user, document and epoch: a new epoch is a fresh copy, and no personal data is in a
 * name or key). A record that fails to decrypt (damaged, truncated, moved from another document)
 * is skipped and counted; the others still load.
 */
import * as Y from 'yjs';
import { Observable } from 'lib0/observable';
import { seal } from './seal.js';
import { discardOf, holdCopy, whenCopyFree } from './copy-lock.js';
import { copyMark, detachUserStores, openUserStore, type UserStore } from './user-store.js';
import { dropAhead, openRecords, takeAhead } from './copy-records.js';

/** Fold the stored updates into one record past this many (y-indexeddb trims at 500). */
export const COMPACT_ABOVE = 100;

/** Where one document's copy lives: the user's database and the document's tag in it. */
export interface CopyPlace {
	dbName: string;
	tag: string;
}

function warn(e: unknown): void {
	console.warn('Asysta: zapis na urządzeniu nie powiódł się', e);
}

/** Copies open in this page, so an erase can close them first. */
const live = new Set<EncryptedPersistence>();

/**
 * [DV11] Closes every open copy, then the stores, whose database name starts with `prefix`; a
 * copy opened after the call uses a new connection.
 */
export async function closeCopies(prefix: string): Promise<void> {
	const stores = detachUserStores(prefix);
	dropAhead(prefix);
	await Promise.all([...live].filter((p) => p.name.startsWith(prefix)).map((p) => p.close()));
	for (const s of await Promise.all(stores)) s?.close();
}

/**
 * [RM7] Deletes one document's copy once no tab holds it open (`blocked`: another tab does; the
 * deletion then follows when it closes the copy).
 */
export function discardCopy(place: CopyPlace): Promise<'deleted' | 'blocked'> {
	return whenCopyFree(place.dbName, place.tag, async () =>
		(await openUserStore(place.dbName)).clear(place.tag)
	);
}

export class EncryptedPersistence extends Observable<'synced'> {
	readonly doc: Y.Doc;
	/** The user's database. */
	readonly name: string;
	/** The document's tag in it. */
	readonly tag: string;
	readonly whenSynced: Promise<this>;
	synced = false;
	/** Records stored now (as y-indexeddb's `_dbsize`). */
	_dbsize = 0;
	/** Records that could not be decrypted and were skipped. */
	damaged = 0;
	/** [DV10] The store held no record of this document: a new copy, or one evicted. */
	created = false;
	#key: CryptoKey;
	#aad: string;
	#store: UserStore | null = null;
	#chain: Promise<void> = Promise.resolve();
	#destroyed = false;
	#release: () => Promise<void>;

	/** `aad`: the document name and epoch, bound into every record. */
	constructor(opts: CopyPlace & { doc: Y.Doc; key: CryptoKey; aad: string }) {
		super();
		if (typeof indexedDB === 'undefined') throw new Error('IndexedDB unsupported');
		this.name = opts.dbName;
		this.tag = opts.tag;
		this.doc = opts.doc;
		this.#key = opts.key;
		this.#aad = opts.aad;
		live.add(this);
		this.#release = holdCopy(this.name, this.tag);
		this.whenSynced = this.#init();
	}

	async #init(): Promise<this> {
		await discardOf(this.name, this.tag);
		const store = await openUserStore(this.name);
		const opened = this.#destroyed
			? null
			: await (takeAhead(store, this.#key, this.tag, this.#aad) ??
					store.read(this.tag).then((stored) => openRecords(this.#key, this.#aad, stored)));
		this.created = opened?.entries === 0;
		if (!opened || this.#destroyed) return this;
		this.#store = store;
		// [DV10] A new copy is marked at once, so a later open tells "empty" from "gone".
		if (this.created) this.#chain = store.append(this.tag, [copyMark()]).catch(warn);
		const { updates } = opened;
		this.damaged = opened.damaged;
		this._dbsize = opened.records;
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
				const store = this.#store;
				if (!store) return;
				await store.append(this.tag, [await seal(this.#key, update, this.#aad)]);
				this._dbsize++;
				if (this._dbsize > COMPACT_ABOVE && this.damaged === 0) await this.#compactNow();
			})
			.catch(warn);
		return this.#chain;
	}

	/** Folds every stored record of this document into one sealed state record. */
	compact(): Promise<void> {
		this.#chain = this.#chain.then(() => this.#compactNow()).catch(() => {});
		return this.#chain;
	}

	async #compactNow(): Promise<void> {
		const store = this.#store;
		if (!store) return;
		const sealed = await seal(this.#key, Y.encodeStateAsUpdate(this.doc), this.#aad);
		await store.compact(this.tag, sealed);
		this._dbsize = 1;
	}

	/** Stops listening; pending writes are still stored (see `close`). */
	override destroy(): void {
		void this.close();
		super.destroy();
	}

	/** Stops listening and lets go of the copy once pending writes are stored. */
	async close(): Promise<void> {
		this.#destroyed = true;
		live.delete(this);
		this.doc.off('update', this.#onUpdate);
		await this.#chain;
		this.#store = null;
		await this.#release();
	}
}
