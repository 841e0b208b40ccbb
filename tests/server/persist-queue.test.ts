/**
 * [RM4] When the persist queue commits: once per interval for a store whose commit holds the
 * event loop (SQLite), at once and then back to back for one that waits on another process
 * (PostgreSQL, `groupCommit`). The store here is a recorder with commits resolved by the test,
 * so nothing depends on time: the interval is far longer than any test could wait.
 */
import { describe, expect, it } from 'vitest';
import { PersistQueue, type PendingBatch, type Persistable } from '../../server/persist-queue.js';
import type { CommitBatch, DocStore } from '../../server/store/doc-store.js';

const HOUR = 3_600_000;

class RecordingStore {
	commits: CommitBatch[] = [];
	#release: (() => void)[] = [];
	constructor(readonly groupCommit: boolean) {}
	commit(batch: CommitBatch): Promise<void> {
		this.commits.push(batch);
		return new Promise((resolve) => this.#release.push(resolve));
	}
	/** Lets the oldest commit in flight finish. */
	finishOne(): void {
		this.#release.shift()?.();
	}
	get inFlight(): number {
		return this.#release.length;
	}
}

function room(docName: string): Persistable & { add(n: number): void; committed: number } {
	let pending: number[] = [];
	let seq = 0;
	return {
		docName,
		committed: 0,
		add(n: number) {
			for (let i = 0; i < n; i++) pending.push(++seq);
		},
		takePending(): PendingBatch | null {
			if (pending.length === 0) return null;
			const updates = pending.map((s) => ({
				docName,
				seq: s,
				createdAt: 0,
				userId: 'u',
				sessionId: 's',
				clientIds: [1],
				bytes: new Uint8Array([s])
			}));
			pending = [];
			return { updates, checkpoint: null, snapshot: null, clients: [], localSeq: seq };
		},
		onCommitted(batch: PendingBatch) {
			this.committed += batch.updates.length;
		},
		onCommitFailed() {}
	};
}

const nextTurn = () => new Promise<void>((r) => setImmediate(r));
const queueOf = (store: RecordingStore) =>
	new PersistQueue(store as unknown as DocStore, HOUR, () => {});

describe('persist queue', () => {
	it('RM4: with group commit, the rows of one turn commit together at once, not after the interval', async () => {
		const store = new RecordingStore(true);
		const q = queueOf(store);
		const a = room('a');
		const b = room('b');
		a.add(2);
		q.markDirty(a);
		b.add(1);
		q.markDirty(b);
		await nextTurn();
		expect(store.commits).toHaveLength(1);
		expect(store.commits[0].updates.map((u) => u.docName)).toEqual(['a', 'a', 'b']);
	});

	it('RM4: what arrives during a commit goes in one commit right after it, never beside it', async () => {
		const store = new RecordingStore(true);
		const q = queueOf(store);
		const a = room('a');
		const b = room('b');
		a.add(1);
		q.markDirty(a);
		await nextTurn();
		expect(store.inFlight).toBe(1);
		a.add(1);
		q.markDirty(a);
		b.add(2);
		q.markDirty(b);
		await nextTurn();
		// One commit at a time: the second waits for the first.
		expect(store.commits).toHaveLength(1);
		store.finishOne();
		await nextTurn();
		await nextTurn();
		expect(store.commits).toHaveLength(2);
		expect(store.commits[1].updates.map((u) => `${u.docName}${u.seq}`)).toEqual(['a2', 'b1', 'b2']);
		store.finishOne();
		await q.flush();
		expect(a.committed + b.committed).toBe(4);
	});

	it('RM4: without group commit (SQLite) the rows wait for the interval', async () => {
		const store = new RecordingStore(false);
		const q = queueOf(store);
		const a = room('a');
		a.add(1);
		q.markDirty(a);
		await nextTurn();
		await nextTurn();
		expect(store.commits).toHaveLength(0);
		const flushed = q.flush();
		await nextTurn();
		expect(store.commits).toHaveLength(1);
		store.finishOne();
		await flushed;
		expect(a.committed).toBe(1);
	});
});
