/**
 * [HI1] Which user a Yjs client id belongs to, in one document: the user from whose socket it
 * first appeared. Until the write policy binds client ids to users in the room itself, this is
 * decided from the stored rows (doc_updates: user and client ids of each row, the first row
 * wins) and, for rows not committed yet, from the live updates this process applied. Only this
 * module answers the question, so switching to the room's binding later changes one file.
 */
import { firstStoredWriter } from '../src/lib/server/authoring-times.js';
import type { Db } from '../src/lib/server/db.js';

/** Cached bindings kept at most (all documents); beyond it the cache starts over from the store. */
const MAX_CACHED = 100_000;

export interface ClientOwnership {
	/** True when `clientId` in `docName` was first written by `userId`. */
	ownsClient(docName: string, clientId: number, userId: string): boolean;
	/** A live update from `userId`'s socket advanced these client ids (first writer wins). */
	noteWrites(docName: string, clientIds: readonly number[], userId: string): void;
}

/** Ownership decided from stored rows and this process's live updates. */
export function createClientOwnership(db: Db): ClientOwnership {
	const bound = new Map<string, string>();
	const key = (docName: string, clientId: number) => `${docName}\u0000${clientId}`;
	const lookup = (docName: string, clientId: number): string | null => {
		const k = key(docName, clientId);
		const known = bound.get(k);
		if (known) return known;
		const stored = firstStoredWriter(db, docName, clientId);
		if (stored) remember(k, stored);
		return stored;
	};
	const remember = (k: string, userId: string) => {
		if (bound.size >= MAX_CACHED) bound.clear();
		bound.set(k, userId);
	};
	return {
		ownsClient: (docName, clientId, userId) => lookup(docName, clientId) === userId,
		noteWrites(docName, clientIds, userId) {
			for (const c of clientIds) if (lookup(docName, c) === null) remember(key(docName, c), userId);
		}
	};
}
