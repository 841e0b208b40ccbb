/**
 * [CL1][CL2] The PostgreSQL store shared by several nodes: two stores (two pools, as two nodes)
 * commit rows of one document with the same caller seqs at once; the commits number them, every
 * row is stored once with seqs 1..n, and each commit's own transaction announces its rows on the
 * cluster link's channel — bytes inline while they fit, seqs only beyond NOTIFY's limit.
 */
import { expect, it } from 'vitest';
import {
	Coverage,
	decodeMessage,
	encodeMessage,
	type ClusterMessage,
	type RowsMessage
} from '../../server/cluster/cluster.js';
import { PgClusterLink } from '../../server/cluster/pg-link.js';
import type { UpdateRow } from '../../server/store/doc-store.js';
import { PgDocStore } from '../../server/store/pg.js';
import { pgSuite } from './pg-cluster.js';

function row(seq: number, size = 1): UpdateRow {
	const bytes = new Uint8Array(size).fill(seq % 256);
	return { docName: 'd', seq, createdAt: seq, userId: 'u', sessionId: 's', clientIds: [1], bytes };
}

it('[CL2] coverage holds a seq only once every seq below it is held', () => {
	const c = new Coverage(3);
	expect(c.add(5, 6)).toBe(true); // 4 missing: a gap
	expect(c.upto).toBe(3);
	expect(c.add(4, 4)).toBe(false);
	expect(c.upto).toBe(6);
	expect(c.add(2, 6)).toBe(false); // already held
	c.add(9, 9);
	c.raise(7);
	expect(c.upto).toBe(7);
	c.raise(8);
	expect(c.upto).toBe(9);
	expect(c.above.size).toBe(0);
});

it('[CL1][CL3][CL4][CL9] every cluster message reads back as sent', () => {
	const messages: ClusterMessage[] = [
		{
			kind: 'rows',
			node: 'a',
			doc: 'd',
			from: 3,
			to: 4,
			bytes: [Uint8Array.from([1, 2])],
			clients: [[7, 'u']]
		},
		{ kind: 'rows', node: 'a', doc: 'd', clients: [[7, 'u']] },
		{ kind: 'awareness', node: 'b', doc: 'd', update: Uint8Array.from([9]) },
		{ kind: 'access', node: 'b', userId: 'u', familyId: 'f' },
		{ kind: 'session', node: 'b', sessionId: 's' },
		{ kind: 'lost', node: 'b', sessionIds: ['s', 't'] },
		{ kind: 'conflicts', node: 'b', doc: 'd' },
		{ kind: 'alive', node: 'b' }
	];
	for (const m of messages) {
		const back = decodeMessage(encodeMessage(m));
		expect(back).toMatchObject(m.kind === 'rows' ? { ...m, more: false } : m);
	}
	expect(decodeMessage('{"k":"s"}')).toBeNull();
	expect(decodeMessage('not json')).toBeNull();
});

await pgSuite('cluster_store', (db) => {
	it('[CL1] two nodes committing one document at once: seqs 1..n, each row once, announced in commit order', async () => {
		const url = await db.schema();
		const link = await PgClusterLink.open({ connectionString: url, nodeId: 'x', log: () => {} });
		const heard: RowsMessage[] = [];
		link.attach({
			rows: (m) => heard.push(m),
			awareness: () => {},
			signal: () => {},
			resync: () => {},
			nodeGone: () => {}
		});
		const open = (nodeId: string) =>
			PgDocStore.open({ connectionString: url, cluster: { nodeId, channel: link.channel } });
		const [a, b] = await Promise.all([open('a'), open('b')]);
		try {
			// Both "rooms" believe the next seqs are 1, 2, 3 …
			const commits: Promise<void>[] = [];
			for (let i = 1; i <= 10; i++) {
				commits.push(a.commit({ updates: [row(i), row(i + 100)], checkpoints: [] }));
				commits.push(b.commit({ updates: [row(i + 200)], checkpoints: [] }));
			}
			await Promise.all(commits);
			const loaded = await a.load('d');
			expect(loaded.updates.map((u) => u.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
			const stored = loaded.updates.map((u) => u.bytes[0]).sort((x, y) => x - y);
			const sent = [
				...Array.from({ length: 10 }, (_, i) => i + 1),
				...Array.from({ length: 10 }, (_, i) => i + 101),
				...Array.from({ length: 10 }, (_, i) => (i + 201) % 256)
			].sort((x, y) => x - y);
			expect(stored).toEqual(sent);
			// Every commit announced its seqs with its bytes, in commit (= seq) order.
			for (let i = 0; i < 200 && heard.length < 20; i++)
				await new Promise((r) => setTimeout(r, 10));
			expect(heard.map((m) => m.from)).toEqual(
				heard.map((_, i) => (i === 0 ? 1 : heard[i - 1].to! + 1))
			);
			expect(heard.at(-1)?.to).toBe(30);
			for (const m of heard) {
				const rows = loaded.updates.filter((u) => u.seq >= m.from! && u.seq <= m.to!);
				expect(m.bytes?.map((x) => x[0])).toEqual(rows.map((u) => u.bytes[0]));
			}
			expect(new Set(heard.map((m) => m.node))).toEqual(new Set(['a', 'b']));
			// Too large for one NOTIFY: seqs only, and peers are told to read the store (CL5).
			await a.commit({ updates: [row(40, 9000)], checkpoints: [] });
			for (let i = 0; i < 200 && heard.length < 21; i++)
				await new Promise((r) => setTimeout(r, 10));
			expect(heard[20]).toMatchObject({ from: 31, to: 31, more: true, bytes: undefined });
		} finally {
			await link.close();
			await a.close();
			await b.close();
		}
	});
});
