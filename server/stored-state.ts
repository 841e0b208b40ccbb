/**
 * A document's stored state as a room takes it: applied to a `Y.Doc` in one transaction, or kept
 * as bytes with the facts a cold open needs (PF1). Apart from room.ts because rooms.ts keeps
 * those facts for unloaded documents (`RememberedCheckpoints`), and the case-log review applies
 * stored state without a room.
 */
import * as Y from 'yjs';
import type { LoadedDoc } from './store/doc-store.js';

/** Applies a document's stored state — checkpoint, then the rows after it — in one transaction. */
export function applyStoredState(doc: Y.Doc, loaded: LoadedDoc, origin: unknown = null): void {
	Y.transact(
		doc,
		() => {
			if (loaded.checkpoint) Y.applyUpdate(doc, loaded.checkpoint.state, origin);
			for (const u of loaded.updates) Y.applyUpdate(doc, u.bytes, origin);
		},
		origin
	);
}

/**
 * [PF1] A document's stored state before anyone needed the document itself: a cold open is
 * answered from these bytes (state vector, full state, diff, committed snapshot) without building
 * a `Y.Doc`, which costs more than everything else of an open together. The first access to
 * `room.doc` — a write, a projection, a history or policy read — applies it.
 */
export interface StoredState extends CheckpointFacts {
	state: Uint8Array;
}

/**
 * What a cold open needs of a checkpoint besides its bytes: its encoded state vector, the vector
 * decoded, and its snapshot. Reading them from the bytes costs a full decode; a room that unloads
 * knows them already, so rooms.ts keeps them for the next load of the same checkpoint.
 */
export interface CheckpointFacts {
	epoch: number;
	uptoSeq: number;
	vector: Uint8Array;
	clocks: Map<number, number>;
	snapshot: Y.Snapshot;
}

/** Reads a checkpoint's facts from its bytes: one pass for the vector, one for the deletions. */
export function factsOf(epoch: number, uptoSeq: number, state: Uint8Array): CheckpointFacts {
	const vector = Y.encodeStateVectorFromUpdate(state);
	const clocks = Y.decodeStateVector(vector);
	return {
		epoch,
		uptoSeq,
		vector,
		clocks,
		snapshot: Y.createSnapshot(Y.decodeUpdate(state).ds, clocks)
	};
}

/**
 * Checkpoint facts kept for unloaded documents (PF1): a few hundred bytes each (the vector and
 * the deletions), so a whole office's documents fit.
 */
const REMEMBERED_CHECKPOINTS = 2000;

/** [PF1] The facts of unloaded documents' last checkpoints, newest last, at most a bound. */
export class RememberedCheckpoints {
	readonly #checkpoints = new Map<string, CheckpointFacts>();

	/** Keeps the facts a room left at its unload (null: forgets the document's older ones). */
	remember(name: string, facts: CheckpointFacts | null): void {
		this.#checkpoints.delete(name);
		if (!facts) return;
		this.#checkpoints.set(name, facts);
		if (this.#checkpoints.size > REMEMBERED_CHECKPOINTS)
			this.#checkpoints.delete(this.#checkpoints.keys().next().value!);
	}

	/** Takes the facts kept for a document that loads again, if any. */
	recall(name: string): CheckpointFacts | null {
		const facts = this.#checkpoints.get(name) ?? null;
		this.#checkpoints.delete(name);
		return facts;
	}
}
