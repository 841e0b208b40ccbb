/**
 * Pieces of [DS11] compaction shared by the stores: which rows one compaction takes, and the
 * in-process per-document lock of the single-process stores (PostgreSQL uses an advisory lock).
 */

/** A stored row as compaction sees it; `bytes` only for rows after the latest checkpoint. */
export interface CompactionRow {
	seq: number;
	createdAt: number;
	bytes: Uint8Array | null;
}

/** The rows one compaction deletes, and among them the ones it folds. */
export interface CompactionPlan {
	/** Every row taken, ascending: exactly the rows the compaction deletes. */
	taken: number[];
	/** Rows after the latest checkpoint, ascending: passed to `fold`. */
	fold: { seq: number; bytes: Uint8Array }[];
}

/**
 * The leading run (in seq order) of rows created before `before`: later rows stay even if an
 * older one is newer, so the stored log keeps no holes (history reads it as one span).
 */
export function planCompaction(
	rows: CompactionRow[],
	uptoSeq: number,
	before = Number.POSITIVE_INFINITY
): CompactionPlan {
	const taken: number[] = [];
	const fold: CompactionPlan['fold'] = [];
	for (const r of rows) {
		if (r.createdAt >= before) break;
		taken.push(r.seq);
		if (r.seq > uptoSeq) {
			if (!r.bytes) throw new Error(`row ${r.seq} after the checkpoint was read without bytes`);
			fold.push({ seq: r.seq, bytes: r.bytes });
		}
	}
	return { taken, fold };
}

/** Runs tasks one at a time per key, in call order (one compaction per document). */
export class KeyedLock {
	readonly #tails = new Map<string, Promise<unknown>>();

	async run<T>(key: string, task: () => Promise<T>): Promise<T> {
		const prev = this.#tails.get(key) ?? Promise.resolve();
		const result = prev.then(task, task);
		const tail = result.catch(() => undefined);
		this.#tails.set(key, tail);
		try {
			return await result;
		} finally {
			if (this.#tails.get(key) === tail) this.#tails.delete(key);
		}
	}
}
