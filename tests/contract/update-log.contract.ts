/**
 * [DS17] The update log as history reads it (src/lib/server/update-log.ts), on every store that
 * offers one: rows as committed with their arrival and author, the checkpoints, where the kept
 * rows start once a compaction folded some. Run by each engine's store test beside the DocStore
 * contract.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UpdateRow } from '../../server/store/doc-store.js';
import type { UpdateLog } from '../../src/lib/server/update-log.js';
import type { DocStoreFixture } from './doc-store.contract.js';

function row(docName: string, seq: number, createdAt: number, userId = 'u1'): UpdateRow {
	return {
		docName,
		seq,
		createdAt,
		userId,
		sessionId: 's1',
		clientIds: [seq],
		bytes: Uint8Array.from([seq, 7])
	};
}

export function runUpdateLogContract(name: string, setup: () => Promise<DocStoreFixture>): void {
	describe(`UpdateLog contract: ${name}`, () => {
		let fx: DocStoreFixture;
		let log: UpdateLog;
		beforeEach(async () => {
			fx = await setup();
			expect(fx.store.log).toBeDefined();
			log = fx.store.log!;
		});
		afterEach(async () => {
			await fx.teardown();
		});

		it('[DS17] an unknown document has no rows, no checkpoints and no first row', async () => {
			expect(await log.rows('none', 0)).toEqual([]);
			expect(await log.checkpoints('none')).toEqual([]);
			expect(await log.firstRow('none')).toBeNull();
			expect(await log.firstSeqArrivedAfter('none', 0, 0)).toBeNull();
		});

		it('[DS17] rows read back as committed — seq, arrival, author, bytes — within the asked range, of that document only', async () => {
			await fx.store.commit({
				updates: [
					row('a', 1, 1000, 'anna'),
					row('a', 2, 2000, 'piotr'),
					row('a', 3, 3000),
					row('b', 1, 500)
				],
				checkpoints: []
			});
			const all = await log.rows('a', 0);
			expect(all.map((r) => [r.seq, r.createdAt, r.userId, Array.from(r.bytes)])).toEqual([
				[1, 1000, 'anna', [1, 7]],
				[2, 2000, 'piotr', [2, 7]],
				[3, 3000, 'u1', [3, 7]]
			]);
			expect((await log.rows('a', 1, 2)).map((r) => r.seq)).toEqual([2]);
			expect((await log.rows('a', 3)).map((r) => r.seq)).toEqual([]);
			expect(await log.firstRow('a')).toEqual({ seq: 1, createdAt: 1000 });
			expect(await log.firstRow('b')).toEqual({ seq: 1, createdAt: 500 });
			// The first row that arrived after a moment, above a seq.
			expect(await log.firstSeqArrivedAfter('a', 0, 1500)).toBe(2);
			expect(await log.firstSeqArrivedAfter('a', 2, 1500)).toBe(3);
			expect(await log.firstSeqArrivedAfter('a', 0, 3000)).toBeNull();
		});

		it('[DS17] checkpoints oldest first, one per covered row at its latest time; the state is the newest epoch’s', async () => {
			await fx.store.commit({
				updates: [row('a', 1, 1000), row('a', 2, 2000)],
				checkpoints: [
					{ docName: 'a', epoch: 1, uptoSeq: 2, createdAt: 2500, state: Uint8Array.from([1]) },
					{ docName: 'a', epoch: 2, uptoSeq: 2, createdAt: 2600, state: Uint8Array.from([2]) },
					{ docName: 'a', epoch: 1, uptoSeq: 1, createdAt: 1500, state: Uint8Array.from([9]) }
				]
			});
			expect(await log.checkpoints('a')).toEqual([
				{ uptoSeq: 1, createdAt: 1500 },
				{ uptoSeq: 2, createdAt: 2600 }
			]);
			expect(Array.from(await log.checkpointState('a', 2))).toEqual([2]);
			expect(Array.from(await log.checkpointState('a', 1))).toEqual([9]);
		});

		it('[DS17] after a compaction the kept rows start past the folded ones, and the checkpoint covers them', async () => {
			await fx.store.commit({
				updates: [row('a', 1, 1000), row('a', 2, 2000), row('a', 3, 9000)],
				checkpoints: []
			});
			const done = await fx.store.compact('a', () => Uint8Array.from([42]), {
				epoch: 1,
				now: 5000,
				before: 5000
			});
			expect(done?.uptoSeq).toBe(2);
			expect(await log.firstRow('a')).toEqual({ seq: 3, createdAt: 9000 });
			expect((await log.rows('a', 0)).map((r) => r.seq)).toEqual([3]);
			expect(await log.checkpoints('a')).toEqual([{ uptoSeq: 2, createdAt: 5000 }]);
			expect(Array.from(await log.checkpointState('a', 2))).toEqual([42]);
		});

		it('[DS17][AL3] writes grouped per document, user, session and minute, latest first, within the limit', async () => {
			const at = (min: number, sec: number) => min * 60_000 + sec * 1000;
			const write = (
				doc: string,
				seq: number,
				createdAt: number,
				userId: string,
				sessionId: string
			) => ({
				...row(doc, seq, createdAt, userId),
				sessionId
			});
			await fx.store.commit({
				updates: [
					write('a', 1, at(10, 1), 'anna', 's1'),
					write('a', 2, at(10, 30), 'anna', 's1'),
					write('a', 3, at(10, 40), 'piotr', 's2'),
					write('a', 4, at(12, 0), 'anna', 's1'),
					write('b', 1, at(11, 0), 'anna', 's1'),
					write('c', 1, at(13, 0), 'anna', 's1')
				],
				checkpoints: []
			});
			const groups = await log.writeGroups(['a', 'b'], 60_000, 10);
			expect(groups).toEqual([
				{
					docName: 'a',
					userId: 'anna',
					sessionId: 's1',
					count: 1,
					firstAt: at(12, 0),
					lastAt: at(12, 0),
					fromSeq: 4,
					toSeq: 4
				},
				{
					docName: 'b',
					userId: 'anna',
					sessionId: 's1',
					count: 1,
					firstAt: at(11, 0),
					lastAt: at(11, 0),
					fromSeq: 1,
					toSeq: 1
				},
				{
					docName: 'a',
					userId: 'piotr',
					sessionId: 's2',
					count: 1,
					firstAt: at(10, 40),
					lastAt: at(10, 40),
					fromSeq: 3,
					toSeq: 3
				},
				{
					docName: 'a',
					userId: 'anna',
					sessionId: 's1',
					count: 2,
					firstAt: at(10, 1),
					lastAt: at(10, 30),
					fromSeq: 1,
					toSeq: 2
				}
			]);
			expect(await log.writeGroups(['a', 'b'], 60_000, 2)).toEqual(groups.slice(0, 2));
			expect(await log.writeGroups([], 60_000, 10)).toEqual([]);
		});
	});
}
