/**
 * Steps 1 and 2 of opening a document (connect.ts): the device's encrypted copy, waited for with a
 * timeout, and what the device's clear bookkeeping says of it. Browser-only, like connect.ts.
 */
import type * as Y from 'yjs';
import {
	COMPACT_ABOVE,
	EncryptedPersistence,
	type CopyPlace
} from '../device/encrypted-persistence.js';
import { docTag, userDbName } from '../device/user-store.js';
import { forgetLostCopy } from '../device/store-check.js';
import { safeLocalStorage } from './browser-storage.js';
import type { LocalCopyProblem } from './doc-status.js';
import { readReadyAt, readyKey } from './readiness.js';

/** How long to wait for IndexedDB before going on without it. */
const IDB_TIMEOUT_MS = 4000;

/** The local side of an open document. */
export interface LocalCopy {
	/** The encrypted IndexedDB copy, or null when the browser could not open one. */
	local: EncryptedPersistence | null;
	/** Where the copy lives (the user's database, the document's tag). */
	place: CopyPlace;
	problem: LocalCopyProblem | null;
	/** Where the readiness time is kept, and that time (null: the server's state never arrived). */
	readyStoreKey: string;
	readyAt: number | null;
	/** [DV10] The device held this document but its copy is gone or damaged. */
	lost: boolean;
}

/** Waits for `p`, or resolves `false` after `ms`. */
function withTimeout(p: Promise<unknown>, ms: number): Promise<boolean> {
	return new Promise((resolve) => {
		const t = setTimeout(() => resolve(false), ms);
		p.then(
			() => {
				clearTimeout(t);
				resolve(true);
			},
			() => {
				clearTimeout(t);
				resolve(false);
			}
		);
	});
}

/** Opens the device's copy of a document into `doc` (y-indexeddb has no error event: a timeout). */
export async function openLocalCopy(
	doc: Y.Doc,
	opts: { userId: string; docName: string; epoch: number; key: CryptoKey }
): Promise<LocalCopy> {
	let local: EncryptedPersistence | null = null;
	let problem: LocalCopyProblem | null = null;
	const [dbName, tag] = await Promise.all([
		userDbName(opts.userId),
		docTag(opts.userId, opts.docName, opts.epoch)
	]);
	const place = { dbName, tag };
	try {
		local = new EncryptedPersistence({
			...place,
			doc,
			key: opts.key,
			aad: `${opts.docName}:e${opts.epoch}`
		});
		const loaded = await withTimeout(local.whenSynced, IDB_TIMEOUT_MS);
		if (loaded && local._dbsize > COMPACT_ABOVE && local.damaged === 0) void local.compact();
		if (!loaded) problem = { kind: 'open-failed' };
		else if (local.damaged > 0) problem = { kind: 'damaged', count: local.damaged };
	} catch {
		problem = { kind: 'unsupported' };
	}

	const readyStoreKey = readyKey(opts.userId, opts.docName, opts.epoch);
	let readyAt = readReadyAt(safeLocalStorage(), readyStoreKey);
	// [DV10] The device held this document, but its copy is gone (evicted, deleted) or has records
	// that do not decrypt: it is not on the device until the server's state arrives again, so it
	// is never shown as an empty (or partial) editable document; the lost changes are said.
	const storage = safeLocalStorage();
	const lost = local !== null && ((local.created && readyAt !== null) || local.damaged > 0);
	if (lost && storage) {
		const pending = forgetLostCopy(storage, opts.userId, opts.docName, opts.epoch);
		readyAt = null;
		if (local?.created) problem = { kind: 'copy-gone', pending };
	}
	return { local, place, problem, readyStoreKey, readyAt, lost };
}
