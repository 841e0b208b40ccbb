/**
 * [DV10] Was the device's store evicted or damaged? The clear bookkeeping in localStorage (the
 * readiness time of every document the device held, and its save record with the changes waiting)
 * outlives an IndexedDB the browser evicted, a database deleted by hand, or records that no longer
 * decrypt. At unlock every document the bookkeeping says is on the device is looked up in the
 * user's store (one read): one with no record left is reported (how many documents, how many
 * waiting changes were lost) and its bookkeeping dropped, so it is no longer "on the device" —
 * offline it is shown as missing, never as an empty editable document (SY7) — and it comes back
 * from the server at the next sync.
 */
import { openAhead } from './copy-records';
import { docTag, userStoreOf } from './user-store';

/** What the check found missing. */
export interface StoreLoss {
	/** Documents the device held whose local copy is gone. */
	documents: number;
	/** Changes that were waiting for the server in them (lost). */
	pending: number;
}

const READY = 'asysta:ready:';
const SAVE = 'asysta:save:';
const AUTHORING = 'asysta:authoring:';

/** `<docName>:e<epoch>` of a readiness key of this user, or null. */
function parseReadyKey(key: string, userId: string): { docName: string; epoch: number } | null {
	const prefix = `${READY}u:${userId}:d:`;
	if (!key.startsWith(prefix)) return null;
	const rest = key.slice(prefix.length);
	const at = rest.lastIndexOf(':e');
	if (at <= 0) return null;
	const epoch = Number(rest.slice(at + 2));
	return Number.isInteger(epoch) && epoch >= 0 ? { docName: rest.slice(0, at), epoch } : null;
}

/** Changes waiting in a save record (0 when missing or damaged). */
export function pendingOf(storage: Storage, key: string): number {
	try {
		const p = (JSON.parse(storage.getItem(key) ?? '{}') as { pending?: unknown }).pending;
		return typeof p === 'number' && Number.isInteger(p) && p > 0 ? p : 0;
	} catch {
		return 0;
	}
}

/**
 * Forgets one document's clear bookkeeping on this device: it is no longer "on the device" and
 * nothing waits in it. Returns the changes that were waiting.
 */
export function forgetLostCopy(
	storage: Storage,
	userId: string,
	docName: string,
	epoch: number
): number {
	const suffix = `u:${userId}:d:${docName}:e${epoch}`;
	const pending = pendingOf(storage, SAVE + suffix);
	for (const p of [READY, SAVE, AUTHORING]) storage.removeItem(p + suffix);
	return pending;
}

/** Every document the bookkeeping says this user holds on the device. */
function docsOnDevice(storage: Storage, userId: string): { docName: string; epoch: number }[] {
	const docs: { docName: string; epoch: number }[] = [];
	for (let i = 0; i < storage.length; i++) {
		const k = storage.key(i);
		const parsed = k ? parseReadyKey(k, userId) : null;
		if (parsed) docs.push(parsed);
	}
	return docs;
}

/** Looks up every document the bookkeeping says this user holds; see the module comment. */
export async function checkStore(userId: string, storage: Storage): Promise<StoreLoss> {
	const docs = docsOnDevice(storage, userId);
	if (docs.length === 0) return { documents: 0, pending: 0 };
	const tags = await Promise.all(docs.map((d) => docTag(userId, d.docName, d.epoch)));
	// Opens the user's store (kept open for the documents that follow) and reads these documents
	// ahead: the caseload opens them right after the unlock.
	const held = await (await userStoreOf(userId)).readAhead(tags);
	const loss: StoreLoss = { documents: 0, pending: 0 };
	for (const [i, d] of docs.entries()) {
		if (held.has(tags[i])) continue;
		loss.documents++;
		loss.pending += forgetLostCopy(storage, userId, d.docName, d.epoch);
	}
	return loss;
}

/**
 * [DV2] Decrypts ahead every document still on the device after the check (its records were read
 * by the check): the caseload opens them right after the unlock. Does not wait for the decryption.
 */
export async function openCaseloadAhead(
	userId: string,
	key: CryptoKey,
	storage: Storage
): Promise<void> {
	const docs = docsOnDevice(storage, userId);
	if (docs.length === 0) return;
	const tags = await Promise.all(docs.map((d) => docTag(userId, d.docName, d.epoch)));
	openAhead(
		await userStoreOf(userId),
		key,
		docs.map((d, i) => ({ tag: tags[i], aad: `${d.docName}:e${d.epoch}` }))
	);
}

/** Changes waiting in all of this user's save records. */
export function pendingTotal(storage: Storage, userId: string): number {
	let n = 0;
	const prefix = `${SAVE}u:${userId}:`;
	for (let i = 0; i < storage.length; i++) {
		const k = storage.key(i);
		if (k?.startsWith(prefix)) n += pendingOf(storage, k);
	}
	return n;
}

/** Whether the bookkeeping says this user had documents on the device. */
export function hadDocuments(storage: Storage, userId: string): boolean {
	for (let i = 0; i < storage.length; i++) {
		if (storage.key(i)?.startsWith(`${READY}u:${userId}:d:`)) return true;
	}
	return false;
}
