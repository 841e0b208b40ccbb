/**
 * IndexedDB storage of the device audit queue: one database, one record per user. IndexedDB and
 * not localStorage, because the queue must survive as long as the documents it describes, and
 * localStorage is the first thing a browser clears.
 */
import type { QueueState, QueueStore } from './audit-queue';
import { openText, sealText } from '$lib/device/seal';

const DB_NAME = 'asysta-audit';
const STORE = 'queues';

function request<T>(r: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error ?? new Error('IndexedDB'));
	});
}

let opening: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
	opening ??= new Promise<IDBDatabase>((resolve, reject) => {
		const r = indexedDB.open(DB_NAME, 1);
		r.onupgradeneeded = () => r.result.createObjectStore(STORE);
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error ?? new Error('IndexedDB'));
	});
	opening.catch(() => (opening = null));
	return opening;
}

/** The browser's queue store. */
export const indexedDbQueueStore: QueueStore = {
	async load(key) {
		const db = await open();
		return request(db.transaction(STORE, 'readonly').objectStore(STORE).get(key));
	},
	async save(key, state: QueueState) {
		const db = await open();
		const tx = db.transaction(STORE, 'readwrite');
		tx.objectStore(STORE).put(state, key);
		// Resolve only once committed: the caller treats a resolved save as durable.
		await new Promise<void>((resolve, reject) => {
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error ?? new Error('IndexedDB'));
			tx.onabort = () => reject(tx.error ?? new Error('IndexedDB'));
		});
	}
};

/**
 * [DV4] The queue names families and what was printed or disclosed to whom: stored sealed under
 * the user's device key. A queue stored before encryption still loads (and is sealed at its next
 * save); a sealed one that does not open loads as nothing, with a warning.
 */
export function sealedQueueStore(inner: QueueStore, key: () => CryptoKey): QueueStore {
	const aad = (k: string) => `asysta-audit:${k}`;
	return {
		async load(k) {
			const v = await inner.load(k);
			if (typeof v !== 'object' || v === null || !('sealed' in v)) return v;
			try {
				return JSON.parse(await openText(key(), String(v.sealed), aad(k))) as unknown;
			} catch (e) {
				console.warn('Asysta: kolejka dziennika urządzenia jest nieczytelna', e);
				return null;
			}
		},
		async save(k, state) {
			const sealed = await sealText(key(), JSON.stringify(state), aad(k));
			await inner.save(k, { sealed } as unknown as QueueState);
		}
	};
}
