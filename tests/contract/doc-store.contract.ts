/**
 * The DocStore contract (server/SPEC.md, DS1..): every store runs this suite through a
 * ten-line test file that supplies `setup`.
 *
 * Past 250 lines on purpose: the contract is one suite every store runs; splitting it would let a
 * store skip a part.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckpointRow, DocStore, Fold, UpdateRow } from '../../server/store/doc-store.js';

export interface DocStoreFixture {
	store: DocStore;
	/** Closes the store and opens a new one on the same data; absent for non-durable stores. */
	reopen?: () => Promise<DocStore>;
	teardown: () => Promise<void>;
}

function row(docName: string, seq: number, bytes = [seq, seq + 1]): UpdateRow {
	return {
		docName,
		seq,
		createdAt: 1000 + seq,
		userId: 'u1',
		sessionId: 's1',
		clientIds: [seq],
		bytes: Uint8Array.from(bytes)
	};
}

function checkpoint(docName: string, uptoSeq: number, state: number[], epoch = 1): CheckpointRow {
	return { docName, epoch, uptoSeq, createdAt: 5000, state: Uint8Array.from(state) };
}

const plain = (b: Uint8Array): number[] => Array.from(b);

/** A fold the tests can read back: the base state followed by every folded row's bytes. */
function concatFold(calls: number[][] = []): Fold {
	return (base, rows) => {
		calls.push(rows.map((r) => r.seq));
		return Uint8Array.from([...(base?.state ?? []), ...rows.flatMap((r) => plain(r.bytes))]);
	};
}

const compactAt = { epoch: 1, now: 9000 };

/** Runs the DS rules against the store that `setup` creates afresh for each test. */
export function runDocStoreContract(name: string, setup: () => Promise<DocStoreFixture>): void {
	describe(`DocStore contract: ${name}`, () => {
		let fx: DocStoreFixture;
		beforeEach(async () => {
			fx = await setup();
		});
		afterEach(async () => {
			await fx.teardown();
		});

		it('[DS1] an unknown document loads empty, with lastSeq 0', async () => {
			expect(await fx.store.load('nope')).toEqual({
				checkpoint: null,
				updates: [],
				lastSeq: 0,
				clients: []
			});
		});

		it('[DS2] committed rows come back in seq order with their exact bytes', async () => {
			await fx.store.commit({ updates: [row('a', 2), row('a', 1)], checkpoints: [] });
			await fx.store.commit({ updates: [row('a', 3, [0, 255, 7])], checkpoints: [] });
			const loaded = await fx.store.load('a');
			expect(loaded.updates.map((u) => [u.seq, plain(u.bytes)])).toEqual([
				[1, [1, 2]],
				[2, [2, 3]],
				[3, [0, 255, 7]]
			]);
			expect(loaded.lastSeq).toBe(3);
		});

		it('[DS3] load returns the latest checkpoint and only the rows after it', async () => {
			await fx.store.commit({
				updates: [1, 2, 3, 4, 5].map((s) => row('a', s)),
				checkpoints: [checkpoint('a', 2, [9, 2]), checkpoint('a', 4, [9, 4])]
			});
			const loaded = await fx.store.load('a');
			expect(
				loaded.checkpoint && { ...loaded.checkpoint, state: plain(loaded.checkpoint.state) }
			).toEqual({ epoch: 1, uptoSeq: 4, state: [9, 4] });
			expect(loaded.updates.map((u) => u.seq)).toEqual([5]);
		});

		it('[DS4] a commit that fails stores none of its rows or checkpoints', async () => {
			await fx.store.commit({ updates: [row('a', 1)], checkpoints: [] });
			await expect(
				fx.store.commit({
					updates: [row('b', 1), row('a', 2), row('a', 1, [42])],
					checkpoints: [checkpoint('a', 2, [7])]
				})
			).rejects.toThrow();
			const a = await fx.store.load('a');
			expect(a.checkpoint).toBeNull();
			expect(a.updates.map((u) => [u.seq, plain(u.bytes)])).toEqual([[1, [1, 2]]]);
			expect((await fx.store.load('b')).updates).toEqual([]);
		});

		it('[DS5] one commit may span documents, which stay independent', async () => {
			await fx.store.commit({ updates: [row('a', 1), row('b', 1), row('b', 2)], checkpoints: [] });
			expect((await fx.store.load('a')).updates.map((u) => u.seq)).toEqual([1]);
			expect((await fx.store.load('b')).lastSeq).toBe(2);
		});

		it('[DS6] lastSeq covers a checkpoint that is ahead of every row', async () => {
			await fx.store.commit({ updates: [], checkpoints: [checkpoint('a', 10, [1])] });
			const loaded = await fx.store.load('a');
			expect(loaded.lastSeq).toBe(10);
			expect(loaded.updates).toEqual([]);
		});

		it('[DS7] committing the same checkpoint again replaces it', async () => {
			await fx.store.commit({ updates: [], checkpoints: [checkpoint('a', 3, [1])] });
			await fx.store.commit({ updates: [], checkpoints: [checkpoint('a', 3, [2])] });
			expect(plain((await fx.store.load('a')).checkpoint?.state ?? new Uint8Array())).toEqual([2]);
		});

		it('[DS8] stored bytes do not alias the caller’s buffers', async () => {
			const r = row('a', 1, [1, 1]);
			await fx.store.commit({ updates: [r], checkpoints: [] });
			r.bytes[0] = 99;
			const first = await fx.store.load('a');
			first.updates[0].bytes[1] = 99;
			expect(plain((await fx.store.load('a')).updates[0].bytes)).toEqual([1, 1]);
		});

		it('[DS10] a client id stays bound to the first user; later claims leave it unchanged', async () => {
			const bind = (clientId: number, userId: string, boundAt: number) => ({
				docName: 'a',
				clientId,
				userId,
				boundAt
			});
			await fx.store.commit({ updates: [], checkpoints: [], clients: [bind(7, 'u1', 10)] });
			await fx.store.commit({
				updates: [row('a', 1)],
				checkpoints: [],
				clients: [bind(7, 'u2', 20), bind(8, 'u2', 20)]
			});
			const byId = (await fx.store.load('a')).clients.sort((x, y) => x.clientId - y.clientId);
			expect(byId).toEqual([bind(7, 'u1', 10), bind(8, 'u2', 20)]);
			expect((await fx.store.load('b')).clients).toEqual([]);
		});

		it('[DS11] compaction folds the rows into one checkpoint and deletes exactly them', async () => {
			expect(await fx.store.compact('a', concatFold(), compactAt)).toBeNull();
			await fx.store.commit({ updates: [1, 2, 3].map((s) => row('a', s)), checkpoints: [] });
			const calls: number[][] = [];
			expect(await fx.store.compact('a', concatFold(calls), compactAt)).toEqual({
				uptoSeq: 3,
				folded: 3,
				deleted: 3
			});
			expect(calls).toEqual([[1, 2, 3]]);
			await fx.store.commit({ updates: [row('a', 4)], checkpoints: [] });
			const loaded = await fx.store.load('a');
			expect(loaded.checkpoint && plain(loaded.checkpoint.state)).toEqual([1, 2, 2, 3, 3, 4]);
			expect(loaded.checkpoint?.uptoSeq).toBe(3);
			expect(loaded.updates.map((u) => u.seq)).toEqual([4]);
			expect(loaded.lastSeq).toBe(4);
			// The next compaction starts from that checkpoint and folds only the new row.
			expect(await fx.store.compact('a', concatFold(calls), compactAt)).toEqual({
				uptoSeq: 4,
				folded: 1,
				deleted: 1
			});
			expect(calls[1]).toEqual([4]);
			expect(plain((await fx.store.load('a')).checkpoint?.state ?? new Uint8Array())).toEqual([
				1, 2, 2, 3, 3, 4, 4, 5
			]);
		});

		it('[DS11] a row appended while compaction folds is neither folded nor deleted', async () => {
			await fx.store.commit({ updates: [1, 2, 3].map((s) => row('a', s)), checkpoints: [] });
			const result = await fx.store.compact(
				'a',
				async (base, rows) => {
					// Another writer (another node) appends meanwhile: appends take no lock.
					await fx.store.commit({ updates: [row('a', 4)], checkpoints: [] });
					return concatFold()(base, rows);
				},
				compactAt
			);
			expect(result).toEqual({ uptoSeq: 3, folded: 3, deleted: 3 });
			const loaded = await fx.store.load('a');
			expect(loaded.checkpoint?.uptoSeq).toBe(3);
			expect(loaded.updates.map((u) => [u.seq, plain(u.bytes)])).toEqual([[4, [4, 5]]]);
		});

		it('[DS11] with `before`, only the leading run of older rows goes; covered rows are not refolded', async () => {
			// createdAt is 1000 + seq; a checkpoint already covers rows 1–2.
			await fx.store.commit({
				updates: [1, 2, 3, 4, 5].map((s) => row('a', s)),
				checkpoints: [checkpoint('a', 2, [7])]
			});
			const calls: number[][] = [];
			const result = await fx.store.compact('a', concatFold(calls), { ...compactAt, before: 1004 });
			expect(result).toEqual({ uptoSeq: 3, folded: 1, deleted: 3 });
			expect(calls).toEqual([[3]]);
			const loaded = await fx.store.load('a');
			expect(loaded.checkpoint && plain(loaded.checkpoint.state)).toEqual([7, 3, 4]);
			expect(loaded.updates.map((u) => u.seq)).toEqual([4, 5]);
			// Nothing older than the cut-off is left: a second run does nothing.
			expect(await fx.store.compact('a', concatFold(), { ...compactAt, before: 1004 })).toBeNull();
		});

		it('[DS11] a compaction whose fold fails stores and deletes nothing', async () => {
			await fx.store.commit({ updates: [1, 2].map((s) => row('a', s)), checkpoints: [] });
			const failing: Fold = () => {
				throw new Error('fold failed');
			};
			await expect(fx.store.compact('a', failing, compactAt)).rejects.toThrow('fold failed');
			const loaded = await fx.store.load('a');
			expect(loaded.checkpoint).toBeNull();
			expect(loaded.updates.map((u) => u.seq)).toEqual([1, 2]);
		});

		it('[DS11] concurrent compactions of one document run one after the other', async () => {
			await fx.store.commit({ updates: [1, 2, 3].map((s) => row('a', s)), checkpoints: [] });
			const calls: number[][] = [];
			const results = await Promise.all([
				fx.store.compact('a', concatFold(calls), compactAt),
				fx.store.compact('a', concatFold(calls), compactAt)
			]);
			expect(results).toEqual([{ uptoSeq: 3, folded: 3, deleted: 3 }, null]);
			expect(calls).toEqual([[1, 2, 3]]);
			expect((await fx.store.load('a')).updates).toEqual([]);
		});

		it('[DS16] a load `after` a seq reads only the newer rows, and the checkpoint only if it covers newer seqs', async () => {
			await fx.store.commit({ updates: [1, 2, 3, 4].map((s) => row('a', s)), checkpoints: [] });
			const clients = [{ docName: 'a', clientId: 7, userId: 'u1', boundAt: 1 }];
			await fx.store.commit({ updates: [], checkpoints: [], clients });
			const newer = await fx.store.load('a', { after: 2 });
			expect(newer.checkpoint).toBeNull();
			expect(newer.updates.map((u) => [u.seq, plain(u.bytes)])).toEqual([
				[3, [3, 4]],
				[4, [4, 5]]
			]);
			expect(newer.lastSeq).toBe(4);
			expect(newer.clients).toEqual(clients);
			expect(await fx.store.load('a', { after: 0 })).toEqual(await fx.store.load('a'));
			// Nothing newer: no rows, and the caller's seq still counts as known.
			expect(await fx.store.load('a', { after: 4 })).toMatchObject({
				checkpoint: null,
				updates: [],
				lastSeq: 4
			});
			// Rows 1..3 folded away: a reader holding 2 needs the checkpoint (3 is only there).
			await fx.store.compact('a', concatFold(), { ...compactAt, before: 1000 + 4 });
			const afterFold = await fx.store.load('a', { after: 2 });
			expect(afterFold.checkpoint?.uptoSeq).toBe(3);
			expect(afterFold.updates.map((u) => u.seq)).toEqual([4]);
			// A reader holding 3 does not: the checkpoint's seqs are all its own already.
			const past = await fx.store.load('a', { after: 3 });
			expect(past.checkpoint).toBeNull();
			expect(past.updates.map((u) => u.seq)).toEqual([4]);
			expect(past.lastSeq).toBe(4);
		});

		it('[DS9] committed data survives closing and reopening the store', async (ctx) => {
			if (!fx.reopen) return ctx.skip();
			await fx.store.commit({ updates: [row('a', 1)], checkpoints: [checkpoint('a', 1, [5])] });
			fx.store = await fx.reopen();
			const loaded = await fx.store.load('a');
			expect(loaded.lastSeq).toBe(1);
			expect(plain(loaded.checkpoint?.state ?? new Uint8Array())).toEqual([5]);
		});
	});
}
