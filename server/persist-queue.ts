/**
 * The global persist queue: every tick, the pending rows of all dirty rooms go to the store in
 * ONE commit (RM4). Batching keeps SQLite at one transaction per tick instead of one per
 * keystroke; a commit in flight is never overlapped, so rows reach the store in seq order.
 * A store whose commit is a round trip to another process (`groupCommit`, PostgreSQL) is not
 * made to wait for the interval: the rows of one event-loop turn commit at once, and what
 * arrives during a commit goes with the next one, right after (group commit). Waiting would
 * save no loop time there, and it is what other nodes wait for before they see an edit (CL1).
 */
import type { CheckpointRow, ClientBinding, DocStore, UpdateRow } from './store/doc-store.js';

/** What one room hands to a commit. */
export interface PendingBatch {
	updates: UpdateRow[];
	checkpoint: CheckpointRow | null;
	/** `Y.encodeSnapshot` of the room's document exactly as of these rows, when asked for (RM5). */
	snapshot: Uint8Array | null;
	/** Client-id bindings made since the last commit (RM16). */
	clients: ClientBinding[];
	/** The room's own row count when the batch was taken (what its checkpoint covers there). */
	localSeq: number;
}

/** A room as the queue sees it. */
export interface Persistable {
	readonly docName: string;
	/** Takes the rows (and a checkpoint, when due) waiting for the store; null if none. */
	takePending(): PendingBatch | null;
	/** The batch is durable. */
	onCommitted(batch: PendingBatch): void;
	/** The commit failed: the rows go back to the front of the room's queue. */
	onCommitFailed(batch: PendingBatch): void;
}

/** The longest wait between two attempts while the store refuses commits. */
const MAX_RETRY_MS = 2_000;

/**
 * Collects dirty rooms and commits them together every `intervalMs`. [CL8] While the store
 * refuses commits (PostgreSQL unreachable, a full disk) the rows stay queued in their rooms and
 * nothing is acknowledged; attempts back off to one every two seconds and the log says once that
 * commits fail and once that they resumed, instead of a line per tick.
 */
export class PersistQueue {
	#dirty = new Set<Persistable>();
	#timer: NodeJS.Timeout | null = null;
	/** [RM4] Group commit: a tick is scheduled for the next turn and has not taken its rows yet. */
	#soon = false;
	#running: Promise<boolean> | null = null;
	/** Commits failed in a row. */
	#failures = 0;

	constructor(
		private readonly store: DocStore,
		private readonly intervalMs: number,
		private readonly log: (msg: string) => void = console.error
	) {}

	/** Notes that a room has rows to store; they commit within one interval. */
	markDirty(room: Persistable): void {
		this.#dirty.add(room);
		// Called per accepted update: only the first since the last tick schedules one.
		if (this.#timer || this.#soon) return;
		if (this.store.groupCommit && this.#failures === 0) {
			this.#soon = true;
			setImmediate(() => void this.#tick());
			return;
		}
		this.#timer = setTimeout(() => {
			this.#timer = null;
			void this.#tick();
		}, this.#wait());
	}

	/** The interval, or while commits fail, a backoff up to MAX_RETRY_MS. */
	#wait(): number {
		if (this.#failures === 0) return this.intervalMs;
		return Math.min(MAX_RETRY_MS, this.intervalMs * 2 ** this.#failures);
	}

	/** Commits everything pending now; rejects if the store refuses the batch. */
	async flush(): Promise<void> {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		while (this.#running) await this.#running;
		if (this.#dirty.size > 0 && !(await this.#tick())) throw new Error('persist failed');
	}

	async #tick(): Promise<boolean> {
		// One commit at a time: a later batch must not overtake an earlier one of the same room.
		while (this.#running) await this.#running;
		// From here the rows are taken: a later mark schedules the next commit.
		this.#soon = false;
		const run = this.#commitDirty().finally(() => {
			this.#running = null;
		});
		this.#running = run;
		return run;
	}

	async #commitDirty(): Promise<boolean> {
		const taken: [Persistable, PendingBatch][] = [];
		for (const room of this.#dirty) {
			const batch = room.takePending();
			if (batch) taken.push([room, batch]);
		}
		this.#dirty.clear();
		if (taken.length === 0) return true;
		try {
			await this.store.commit({
				updates: taken.flatMap(([, b]) => b.updates),
				checkpoints: taken.flatMap(([, b]) => (b.checkpoint ? [b.checkpoint] : [])),
				clients: taken.flatMap(([, b]) => b.clients)
			});
		} catch (err) {
			if (++this.#failures === 1)
				this.log(
					`Asysta sync: commit of ${taken.length} document(s) failed, retrying: ${String(err)}`
				);
			for (const [room, batch] of taken) {
				room.onCommitFailed(batch);
				this.markDirty(room);
			}
			return false;
		}
		if (this.#failures > 0) {
			this.log(`Asysta sync: commits resumed after ${this.#failures} failed attempt(s)`);
			this.#failures = 0;
		}
		for (const [room, batch] of taken) room.onCommitted(batch);
		return true;
	}
}
