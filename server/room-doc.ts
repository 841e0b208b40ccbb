/**
 * A room's document and the sync-step answers given from it. The stored state is kept as bytes
 * until the document is first needed (PF1), so a cold open is answered without building a
 * `Y.Doc`; every answer here works from either form. Apart from room.ts so the room deals in
 * sockets and rows, not in which form its document is held.
 */
import * as Y from 'yjs';
import * as msg from './messages.js';
import type { LoadedDoc } from './store/doc-store.js';
import {
	applyStoredState,
	factsOf,
	type CheckpointFacts,
	type StoredState
} from './stored-state.js';
import { LOAD_ORIGIN, REMOTE_ORIGIN } from '../src/lib/sync/origins.js';

/** An empty document: a SyncStep1/SyncStep2 that tells and gives nothing. */
export const EMPTY_DOC = new Y.Doc();

/** What the room does with each change of the live document (rows, broadcast). */
export type DocChange = (update: Uint8Array, origin: unknown, tr: Y.Transaction) => void;

/** The live document of a room, or its stored state while nobody needed the document yet. */
export class RoomDoc {
	readonly #doc = new Y.Doc({ gc: true });
	/** See `StoredState`: non-null until the document is first needed. */
	#stored: StoredState | null = null;
	/** `encodeStateAsUpdate(doc)` while no update has arrived since it was taken. */
	#fullState: Uint8Array | null = null;
	readonly #onChange: DocChange;

	constructor(onChange: DocChange) {
		this.#onChange = onChange;
	}

	/**
	 * Takes the stored state (RM1) and returns the committed snapshot it amounts to. A checkpoint
	 * alone (what an unload leaves) is kept as bytes until the document is needed (PF1); rows
	 * after it are applied at once, since merging rows as bytes costs more than applying them.
	 */
	load(loaded: LoadedDoc, known: CheckpointFacts | null): Uint8Array {
		const cp = loaded.checkpoint;
		if (cp && loaded.updates.length === 0) {
			const state = cp.state;
			const facts =
				known && known.epoch === cp.epoch && known.uptoSeq === cp.uptoSeq
					? known
					: factsOf(cp.epoch, cp.uptoSeq, state);
			this.#stored = { ...facts, state };
			// A checkpoint alone IS the document's full state: fresh clients get it without re-encoding.
			this.#fullState = state;
			return Y.encodeSnapshot(facts.snapshot);
		}
		applyStoredState(this.#doc, loaded, LOAD_ORIGIN);
		this.#listen();
		return Y.encodeSnapshot(Y.snapshot(this.#doc));
	}

	/** The client ids the document holds, without building it if still bytes. */
	get clientIds(): Iterable<number> {
		return this.#stored ? this.#stored.clocks.keys() : this.#doc.store.clients.keys();
	}

	/**
	 * The facts of the newest checkpoint when it holds the whole document, for the next cold
	 * open; null when rows (`rowsBeyond`) or unresolved structs lie beyond it.
	 */
	checkpointFacts(epoch: number, uptoSeq: number, rowsBeyond: boolean): CheckpointFacts | null {
		if (this.#stored) {
			const { epoch, uptoSeq, vector, clocks, snapshot } = this.#stored;
			return { epoch, uptoSeq, vector, clocks, snapshot };
		}
		const doc = this.#doc;
		if (rowsBeyond) return null;
		if (doc.store.pendingStructs || doc.store.pendingDs) return null;
		const vector = Y.encodeStateVector(doc);
		return {
			epoch,
			uptoSeq,
			vector,
			clocks: Y.decodeStateVector(vector),
			snapshot: Y.snapshot(doc)
		};
	}

	/** The live document, its stored state applied first if it was still kept as bytes (PF1). */
	get doc(): Y.Doc {
		if (this.#stored) {
			const { state } = this.#stored;
			this.#stored = null;
			Y.applyUpdate(this.#doc, state, LOAD_ORIGIN);
			this.#listen();
		}
		return this.#doc;
	}

	/** False while the stored state is still kept as bytes (PF1; tests and metrics). */
	get built(): boolean {
		return this.#stored === null;
	}

	/**
	 * The document object without applying a kept stored state: for holders that read it only
	 * after a write, which goes through `doc` first (the write policy's shadow copy, awareness).
	 */
	get docObject(): Y.Doc {
		return this.#doc;
	}

	/**
	 * Subscribed only once the stored state is in: with a listener, Yjs would encode the whole
	 * loaded state as an 'update' event (a full extra encode per cold load) for us to ignore.
	 */
	#listen(): void {
		this.#doc.on(
			'update',
			(update: Uint8Array, origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => {
				this.#fullState = null;
				this.#onChange(update, origin, tr);
			}
		);
	}

	/**
	 * [CL1] Applies updates another node stored in one transaction (their changes reach the
	 * room's listener as REMOTE_ORIGIN); false when the document already held all of them.
	 */
	applyRemote(updates: Uint8Array[]): boolean {
		const doc = this.doc;
		let changed = false;
		const mark = () => (changed = true);
		doc.on('update', mark);
		try {
			Y.transact(
				doc,
				() => {
					for (const u of updates) Y.applyUpdate(doc, u, REMOTE_ORIGIN);
				},
				REMOTE_ORIGIN
			);
		} finally {
			doc.off('update', mark);
		}
		return changed;
	}

	/** The clock the document holds for a client id, without building it if still bytes. */
	clockOf(clientId: number): number {
		return this.#stored
			? (this.#stored.clocks.get(clientId) ?? 0)
			: Y.getState(this.#doc.store, clientId);
	}

	/** SyncStep1 for a socket that may read: the document's state vector. */
	syncStep1(): Uint8Array {
		return this.#stored
			? msg.encodeSyncStep1FromVector(this.#stored.vector)
			: msg.encodeSyncStep1(this.#doc);
	}

	/** SyncStep2 for a client's state vector; an empty vector reuses the cached full state. */
	syncStep2(stateVector: Uint8Array): Uint8Array {
		const empty = stateVector.length === 1 && stateVector[0] === 0;
		if (!empty && this.#stored)
			return msg.encodeSyncStep2FromUpdate(Y.diffUpdate(this.#stored.state, stateVector));
		if (!empty) return msg.encodeSyncStep2(this.doc, stateVector);
		this.#fullState ??= Y.encodeStateAsUpdate(this.doc);
		return msg.encodeSyncStep2FromUpdate(this.#fullState);
	}

	/** True when the document (stored or live) already holds everything `update` brings. */
	holds(update: Uint8Array): boolean {
		return Y.snapshotContainsUpdate(this.#stored?.snapshot ?? Y.snapshot(this.doc), update);
	}

	/** As `holds`, but false once the document is built: answered from the bytes only (PF1). */
	storedHolds(update: Uint8Array): boolean {
		return this.#stored !== null && Y.snapshotContainsUpdate(this.#stored.snapshot, update);
	}

	/** Frees the document. */
	destroy(): void {
		this.#doc.destroy();
	}
}
