/**
 * What state may do with a document (issue 14): read it, write it in one transaction with an
 * origin from the one union, and hear of its transactions. State passes the document on to the
 * sync readers and writers (`readPlan`, `addGoal`, …) inside these calls and never keeps it.
 */
import type * as Y from 'yjs';
import { LOCAL_ORIGIN, type TxOrigin } from './origins.js';

export interface DocAccess {
	/** Runs `fn` over the document, e.g. a sync reader or a fragment lookup. */
	read<T>(fn: (doc: Y.Doc) => T): T;
	/** Runs `fn` in one transaction with `origin` (an edit made on this device by default). */
	transact<T>(fn: (doc: Y.Doc) => T, origin?: TxOrigin): T;
	/** Calls `fn` after every transaction of the document; returns how to stop. */
	observe(fn: () => void): () => void;
}

/** Reading, transacting and observing over one Y.Doc. */
export function docAccess(doc: Y.Doc): DocAccess {
	return {
		read: (fn) => fn(doc),
		transact: (fn, origin = LOCAL_ORIGIN) => doc.transact(() => fn(doc), origin),
		observe(fn) {
			const listener = () => fn();
			doc.on('afterTransaction', listener);
			return () => doc.off('afterTransaction', listener);
		}
	};
}

/** The document as the sync readers and writers take it; state passes it on, never looks inside. */
export type SyncDoc = Y.Doc;

/** A sync reader or fragment lookup, as state hands it to `read`. */
export type DocRead<T> = (doc: SyncDoc) => T;
