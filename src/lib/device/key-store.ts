/**
 * [DV1][DV4] Where the device keeps the wrapped keys (IndexedDB `asysta-keys`, one record per
 * user, keyed by a hash of the user id) and how it erases one user's local data.
 */
import { deleteLocalDatabase } from '$lib/sync/local-copy';
import { closeCopies } from './encrypted-persistence';
import { encryptedDbPrefix } from './user-store';

const DB_NAME = 'asysta-keys';
const STORE = 'records';

function openDb(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const r = indexedDB.open(DB_NAME, 1);
		r.onupgradeneeded = () => r.result.createObjectStore(STORE);
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error ?? new Error('IndexedDB'));
	});
}

async function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>) {
	const db = await openDb();
	try {
		return await new Promise<T>((resolve, reject) => {
			const tx = db.transaction(STORE, mode);
			const r = fn(tx.objectStore(STORE));
			tx.oncomplete = () => resolve(r.result);
			tx.onerror = () => reject(tx.error ?? new Error('IndexedDB'));
			tx.onabort = () => reject(tx.error ?? new Error('IndexedDB'));
		});
	} finally {
		db.close();
	}
}

/** The stored (unparsed) key record of a user tag, or undefined. */
export function loadKeyRecord(tag: string): Promise<unknown> {
	return run('readonly', (s) => s.get(tag));
}

export async function saveKeyRecord(tag: string, record: unknown): Promise<void> {
	await run('readwrite', (s) => s.put(record, tag));
}

export async function deleteKeyRecord(tag: string): Promise<void> {
	await run('readwrite', (s) => s.delete(tag));
}

/** Per-user plaintext bookkeeping in localStorage (no content, but bound to the erased copy). */
function plainPrefixes(userId: string): string[] {
	return ['save', 'ready', 'authoring', 'wal'].map((p) => `asysta:${p}:u:${userId}:`);
}

/**
 * Erases one user's local data: the encrypted store (and any per-document database of the
 * previous layout) and sealed entries, and unless `keepPlaintext`, also the plaintext bookkeeping
 * and any store left from before encryption.
 */
export async function eraseUserData(
	userId: string,
	tag: string,
	opts: { keepPlaintext?: boolean } = {}
): Promise<void> {
	const prefix = await encryptedDbPrefix(userId);
	const legacy = `u:${userId}:d:`;
	// A deletion waits (blocked) while a copy is open in this page: close ours first.
	await closeCopies(prefix);
	const list = (await indexedDB.databases?.().catch(() => [])) ?? [];
	for (const { name } of list) {
		if (!name) continue;
		if (name.startsWith(prefix) || (!opts.keepPlaintext && name.startsWith(legacy)))
			await deleteLocalDatabase(name).catch(() => 'blocked');
	}
	const s = window.localStorage;
	const drop: string[] = [];
	const sealed = `asysta:s:${tag}:`;
	const plain = opts.keepPlaintext ? [] : [...plainPrefixes(userId), `asysta:families:u:${userId}`];
	for (let i = 0; i < s.length; i++) {
		const k = s.key(i);
		if (k && (k.startsWith(sealed) || plain.some((p) => k.startsWith(p)))) drop.push(k);
	}
	for (const k of drop) s.removeItem(k);
}
