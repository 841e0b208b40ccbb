/**
 * [DV2] Turning a document's stored records into Yjs updates, at its open or ahead of it. At
 * unlock the caseload's records are read and decrypted ahead (the caseload opens those documents
 * right after), so an open that follows only applies them: the range read and the decryption no
 * longer sit between the open and the content. What was opened ahead is plaintext held only while
 * unlocked: it is dropped when taken, after AHEAD_MS, at any write to that document seen by the
 * store (here or in another tab), and when the user's copies close (lock, sign-out, erase).
 */
import { open } from './seal.js';
import { isCopyMark, type UserStore } from './user-store.js';

/** What one document's records hold. */
export interface OpenedRecords {
	/** Entries stored, the copy's mark included (0: the store has no copy of it). */
	entries: number;
	/** Records that carry an update (as y-indexeddb's `_dbsize`). */
	records: number;
	/** The updates of the records that decrypted, oldest first. */
	updates: Uint8Array[];
	/** Records that did not decrypt (damaged, truncated, moved from another document). */
	damaged: number;
}

/** Decrypts one document's stored records, all at once. */
export async function openRecords(
	key: CryptoKey,
	aad: string,
	stored: unknown[]
): Promise<OpenedRecords> {
	const values = stored.filter((v) => !isCopyMark(v));
	// Every record decrypted at once: WebCrypto works them off its own thread, and the page
	// waits once instead of once per record.
	const opened = await Promise.all(
		values.map((v) => open(key, v as Uint8Array, aad).catch(() => null))
	);
	const updates = opened.filter((u): u is Uint8Array => u !== null);
	return {
		entries: stored.length,
		records: values.length,
		updates,
		damaged: values.length - updates.length
	};
}

const AHEAD_MS = 30_000;

interface Ahead {
	store: UserStore;
	key: CryptoKey;
	aad: string;
	changes: number;
	opened: Promise<OpenedRecords>;
}

/** Opened ahead, by `<database> <tag>`. */
const ahead = new Map<string, Ahead>();
let aheadTimer: ReturnType<typeof setTimeout> | undefined;

/** Reads and decrypts these documents ahead of their opens (see the module comment). */
export function openAhead(
	store: UserStore,
	key: CryptoKey,
	docs: { tag: string; aad: string }[]
): void {
	if (!store.seesOtherTabs) return;
	for (const { tag, aad } of docs) {
		const changes = store.changesOf(tag);
		const opened = store.read(tag).then((stored) => openRecords(key, aad, stored));
		opened.catch(() => {});
		ahead.set(`${store.name} ${tag}`, { store, key, aad, changes, opened });
	}
	clearTimeout(aheadTimer);
	aheadTimer = setTimeout(() => ahead.clear(), AHEAD_MS);
}

/** What was opened ahead of this document, if still current for this store, key and aad. */
export function takeAhead(
	store: UserStore,
	key: CryptoKey,
	tag: string,
	aad: string
): Promise<OpenedRecords> | null {
	const id = `${store.name} ${tag}`;
	const a = ahead.get(id);
	if (!a) return null;
	ahead.delete(id);
	const current =
		a.store === store && a.key === key && a.aad === aad && a.changes === store.changesOf(tag);
	return current ? a.opened : null;
}

/** Drops what was opened ahead in the stores whose names start with `prefix`. */
export function dropAhead(prefix: string): void {
	for (const id of [...ahead.keys()]) if (id.startsWith(prefix)) ahead.delete(id);
}
