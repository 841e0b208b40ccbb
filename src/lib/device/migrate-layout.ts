/**
 * [DV13] The previous encrypted layout kept one database per document,
 * `asysta-y-<hash of user>-<hash of user, document, epoch>`, with its sealed records in `updates`.
 * At the first unlock after the update, each one's records move into the user's store under that
 * same document hash (the records are moved as they are, still sealed, never decrypted: their
 * additional data is the document name and epoch, which do not change), and only then is the old
 * database deleted. A move interrupted between the two is done again at the next unlock: the
 * records are then stored twice, which Yjs applies as once, and the next compaction folds away.
 */
import { deleteLocalDatabase } from '$lib/sync/local-copy';
import { copyMark, req, userDbName, userStoreOf } from './user-store';

const OLD_STORE = 'updates';

/** Every sealed record of one old per-document database, oldest first (none if it has none). */
async function readOld(name: string): Promise<unknown[]> {
	let aborted = false;
	const db = await new Promise<IDBDatabase | null>((resolve, reject) => {
		const r = indexedDB.open(name);
		// The name was listed, then deleted meanwhile: not made again by this open.
		r.onupgradeneeded = () => {
			aborted = true;
			r.transaction?.abort();
		};
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => (aborted ? resolve(null) : reject(r.error ?? new Error('IndexedDB')));
	});
	if (!db) return [];
	try {
		if (!db.objectStoreNames.contains(OLD_STORE)) return [];
		return await req(db.transaction(OLD_STORE, 'readonly').objectStore(OLD_STORE).getAll());
	} finally {
		db.close();
	}
}

/**
 * Moves this user's per-document databases into their store; returns how many documents moved
 * and how many could not be (left in place for the next unlock).
 */
export async function migrateLayout(userId: string): Promise<{ moved: number; failed: number }> {
	const prefix = `${await userDbName(userId)}-`;
	const list = (await indexedDB.databases?.().catch(() => [])) ?? [];
	const old = list.map((d) => d.name ?? '').filter((n) => n.startsWith(prefix));
	if (old.length === 0) return { moved: 0, failed: 0 };
	const store = await userStoreOf(userId);
	let moved = 0;
	let failed = 0;
	for (const name of old) {
		try {
			const records = await readOld(name);
			// An old database with no record still said the copy exists: the mark says it now.
			await store.append(name.slice(prefix.length), records.length > 0 ? records : [copyMark()]);
			await deleteLocalDatabase(name);
			moved++;
		} catch (e) {
			console.warn('Asysta: przeniesienie kopii na urządzeniu nie powiodło się', e);
			failed++;
		}
	}
	return { moved, failed };
}
