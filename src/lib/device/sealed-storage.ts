/**
 * [DV4] A key-value store over localStorage whose entries are sealed under the user's device
 * key. Reads are synchronous from memory (the entries are decrypted once, at unlock), writes
 * update memory at once and reach localStorage sealed a moment later (WebCrypto is
 * asynchronous). The stored name is `asysta:s:<user tag>:<hash of the key>`: neither the key
 * (which names documents) nor the value is readable; the value's additional data is its stored
 * name, so an entry copied under another name does not open. Another tab's writes arrive through
 * the `storage` event.
 */
import type { KeyValueStorage } from '../sync/save-state.js';
import { openText, sealText } from './seal.js';

/** cyrb53: a fast 53-bit string hash (names only; the content is sealed). */
function hash(str: string, seed = 0): string {
	let h1 = 0xdeadbeef ^ seed;
	let h2 = 0x41c6ce57 ^ seed;
	for (let i = 0; i < str.length; i++) {
		const ch = str.charCodeAt(i);
		h1 = Math.imul(h1 ^ ch, 2654435761);
		h2 = Math.imul(h2 ^ ch, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export class SealedStorage implements KeyValueStorage {
	readonly #prefix: string;
	readonly #key: CryptoKey;
	readonly #backing: Storage | null;
	readonly #map = new Map<string, string>();
	#writes = new Map<string, number>();
	#chain: Promise<void> = Promise.resolve();
	#listeners = new Set<(key: string) => void>();
	#onStorage = (e: StorageEvent) => {
		if (!e.key?.startsWith(this.#prefix)) return;
		if (e.newValue === null) {
			for (const [k] of this.#map) if (this.#nameOf(k) === e.key) this.#map.delete(k);
			return;
		}
		void this.#decode(e.key, e.newValue).then((entry) => {
			if (!entry) return;
			this.#map.set(entry.k, entry.v);
			for (const fn of this.#listeners) fn(entry.k);
		});
	};

	constructor(userTag: string, key: CryptoKey, backing: Storage | null) {
		this.#prefix = `asysta:s:${userTag}:`;
		this.#key = key;
		this.#backing = backing;
	}

	/** Decrypts every entry of this user; damaged ones are dropped and counted. */
	async load(): Promise<{ damaged: number }> {
		let damaged = 0;
		const b = this.#backing;
		if (!b) return { damaged };
		const names: string[] = [];
		for (let i = 0; i < b.length; i++) {
			const n = b.key(i);
			if (n?.startsWith(this.#prefix)) names.push(n);
		}
		for (const n of names) {
			const entry = await this.#decode(n, b.getItem(n) ?? '');
			if (entry) this.#map.set(entry.k, entry.v);
			else damaged++;
		}
		if (typeof window !== 'undefined') window.addEventListener('storage', this.#onStorage);
		return { damaged };
	}

	async #decode(name: string, raw: string): Promise<{ k: string; v: string } | null> {
		try {
			const e = JSON.parse(await openText(this.#key, raw, name)) as { k: unknown; v: unknown };
			return typeof e.k === 'string' && typeof e.v === 'string' && this.#nameOf(e.k) === name
				? { k: e.k, v: e.v }
				: null;
		} catch {
			return null;
		}
	}

	#nameOf(key: string): string {
		return `${this.#prefix}${hash(key)}${hash(key, 7)}`;
	}

	getItem(key: string): string | null {
		return this.#map.get(key) ?? null;
	}

	setItem(key: string, value: string): void {
		this.#map.set(key, value);
		const seq = (this.#writes.get(key) ?? 0) + 1;
		this.#writes.set(key, seq);
		const name = this.#nameOf(key);
		this.#chain = this.#chain
			.then(async () => {
				const sealed = await sealText(this.#key, JSON.stringify({ k: key, v: value }), name);
				// A later write or a removal of the same key wins.
				if (this.#writes.get(key) !== seq) return;
				this.#backing?.setItem(name, sealed);
			})
			.catch(() => {
				// quota or blocked storage: memory still has it for this page
			});
	}

	removeItem(key: string): void {
		this.#map.delete(key);
		this.#writes.set(key, (this.#writes.get(key) ?? 0) + 1);
		try {
			this.#backing?.removeItem(this.#nameOf(key));
		} catch {
			// nothing to do
		}
	}

	/** Every key (decrypted) starting with `prefix`. */
	keys(prefix = ''): string[] {
		return [...this.#map.keys()].filter((k) => k.startsWith(prefix));
	}

	/** Resolves when every write so far reached localStorage. */
	flushed(): Promise<void> {
		return this.#chain;
	}

	/** Called with the key when another tab changed an entry. */
	subscribe(fn: (key: string) => void): () => void {
		this.#listeners.add(fn);
		return () => this.#listeners.delete(fn);
	}

	/** Forgets everything in memory (lock). */
	close(): void {
		if (typeof window !== 'undefined') window.removeEventListener('storage', this.#onStorage);
		this.#map.clear();
		this.#listeners.clear();
	}
}
