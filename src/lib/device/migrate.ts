/**
 * [DV6] A device that used Asysta before encryption holds its data in clear: a y-indexeddb
 * database per document (`u:<user>:d:<doc>:e<epoch>`), the write-ahead buffers and the family
 * list in localStorage. At the first unlock each is sealed under the user's key and the plaintext
 * deleted, the plaintext only once the sealed copy is stored, so no edit is lost.
 */
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { deleteLocalDatabase } from '$lib/sync/local-copy';
import { EncryptedPersistence } from './encrypted-persistence';
import { docTag, userDbName } from './user-store';
import type { SealedStorage } from './sealed-storage';

/** Parses `u:<user>:d:<doc>:e<epoch>` for this user. */
export function parseLegacyName(
	name: string,
	userId: string
): { docName: string; epoch: number } | null {
	const prefix = `u:${userId}:d:`;
	if (!name.startsWith(prefix)) return null;
	const rest = name.slice(prefix.length);
	const at = rest.lastIndexOf(':e');
	if (at <= 0) return null;
	const epoch = Number(rest.slice(at + 2));
	if (!Number.isInteger(epoch) || epoch < 0) return null;
	return { docName: rest.slice(0, at), epoch };
}

async function migrateDoc(
	name: string,
	docName: string,
	epoch: number,
	userId: string,
	key: CryptoKey
) {
	const plain = new Y.Doc();
	const legacy = new IndexeddbPersistence(name, plain);
	await legacy.whenSynced;
	const target = new EncryptedPersistence({
		dbName: await userDbName(userId),
		tag: await docTag(userId, docName, epoch),
		doc: new Y.Doc(),
		key,
		aad: `${docName}:e${epoch}`
	});
	await target.whenSynced;
	await target.storeUpdate(Y.encodeStateAsUpdate(plain));
	await target.close();
	await legacy.destroy();
	plain.destroy();
	await deleteLocalDatabase(name);
}

/** Seals whatever this user left in clear; returns how many could not be read. */
export async function migratePlaintext(
	userId: string,
	key: CryptoKey,
	storage: SealedStorage
): Promise<{ damaged: number; migrated: number }> {
	let damaged = 0;
	let migrated = 0;
	const list = (await indexedDB.databases?.().catch(() => [])) ?? [];
	for (const { name } of list) {
		const parsed = name ? parseLegacyName(name, userId) : null;
		if (!name || !parsed) continue;
		try {
			await migrateDoc(name, parsed.docName, parsed.epoch, userId, key);
			migrated++;
		} catch {
			damaged++;
		}
	}
	const s = window.localStorage;
	const moves: string[] = [];
	for (let i = 0; i < s.length; i++) {
		const k = s.key(i);
		if (k && (k.startsWith(`asysta:wal:u:${userId}:`) || k === `asysta:families:u:${userId}`))
			moves.push(k);
	}
	for (const k of moves) {
		const v = s.getItem(k);
		if (v !== null) storage.setItem(k, v);
	}
	await storage.flushed();
	for (const k of moves) s.removeItem(k);
	return { damaged, migrated: migrated + moves.length };
}
