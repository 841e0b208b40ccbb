import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { SyncConfig } from '../../server/config.js';
import { CloseCode, MessageType } from '../../src/lib/sync/protocol.js';
import { createHarness as realClockHarness, gate } from './harness.js';

// A fake clock: each `tick` runs exactly the persist ticks and unloads due in that much time, so
// "nothing was sent meanwhile" is a fact about the code, not about how busy the machine was.
beforeEach(() => {
	vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});
afterEach(() => vi.useRealTimers());
const createHarness = (config: Partial<SyncConfig> = {}) =>
	realClockHarness(config, undefined, { fakeClock: true });

describe('room lifecycle, step by step', () => {
	it('[RM2] nothing is sent while the document loads; early frames are handled after', async () => {
		const h = createHarness();
		const g = gate();
		h.store.holdLoad = g.opened;
		const a = h.connect();
		a.edit((d) => d.getText('t').insert(0, 'wcześnie'));
		await h.tick();
		expect(a.frames).toEqual([]);
		g.open();
		await h.tick();
		expect(a.frames[0][0]).toBe(MessageType.sync);
		expect(a.frames[1][0]).toBe(MessageType.persisted);
		expect(h.store.commits.flatMap((c) => c.updates).length).toBe(1);
		await h.close();
	});

	it('[RM5] with a slow store, no acknowledgement ever covers an update still in flight', async () => {
		const h = createHarness();
		const a = h.connect();
		await h.tick();
		const unsafe: string[] = [];
		a.onPersisted = (snap) => {
			const durable = Y.decodeStateVector(Y.encodeStateVector(h.store.durable));
			for (const [client, clock] of snap.sv) {
				if ((durable.get(client) ?? 0) < clock) unsafe.push(`${client}@${clock}`);
			}
		};
		const g = gate();
		h.store.holdCommit = g.opened;
		const first = a.edit((d) => d.getText('t').insert(0, 'raz '));
		await h.tick(); // `first` is handed to the blocked commit
		const second = a.edit((d) => d.getText('t').insert(4, 'dwa'));
		await h.tick();
		h.store.holdCommit = null;
		g.open();
		await h.tick();
		const third = a.edit((d) => d.getText('t').insert(0, '> '));
		await h.tick(50);
		expect(unsafe).toEqual([]);
		const last = a.persisted.at(-1) as Y.Snapshot;
		for (const u of [first, second, third]) expect(Y.snapshotContainsUpdate(last, u)).toBe(true);
		await h.close();
	});

	it('[RM6] a client joining while the room unloads waits, then loads the stored state afresh', async () => {
		const h = createHarness();
		const a = h.connect();
		await h.tick();
		a.edit((d) => d.getText('t').insert(0, 'zapisane'));
		const g = gate();
		h.store.holdCommit = g.opened;
		a.leave();
		await h.tick(); // grace 0: the unload starts and blocks in its final commit
		const b = h.connect();
		await h.tick();
		expect(b.frames).toEqual([]);
		expect(h.store.loads).toBe(1);
		g.open();
		h.store.holdCommit = null;
		await h.tick();
		expect(h.store.loads).toBe(2);
		expect(b.doc.getText('t').toString()).toBe('zapisane');
		const cps = h.store.commits.flatMap((c) => c.checkpoints);
		expect(cps.map((c) => c.uptoSeq)).toEqual([1]);
		await h.close();
	});

	it('[RM6] a client that leaves while the document loads does not pin the room forever', async () => {
		const h = createHarness();
		const g = gate();
		h.store.holdLoad = g.opened;
		const a = h.connect();
		a.leave();
		g.open();
		await h.tick(50);
		expect(h.rooms.size).toBe(0);
		await h.close();
	});

	it('[RM1] a fresh client after an edit gets the edit, not the cached state of the load', async () => {
		const h = createHarness();
		const a = h.connect();
		await h.tick();
		a.edit((d) => d.getText('t').insert(0, 'pierwsza'));
		a.leave();
		await h.tick(50); // unloaded with a checkpoint: the next load is checkpoint-only
		const b = h.connect();
		await h.tick();
		expect(b.doc.getText('t').toString()).toBe('pierwsza');
		b.edit((d) => d.getText('t').insert(8, ' i druga'));
		const c = h.connect();
		await h.tick();
		expect(c.doc.getText('t').toString()).toBe('pierwsza i druga');
		await h.close();
	});

	it('[RM10] a socket that piles up more than maxPayload bytes while the room loads is closed 4429', async () => {
		const h = createHarness({ maxPayloadBytes: 4096 });
		const g = gate();
		h.store.holdLoad = g.opened;
		const a = h.connect();
		const b = h.connect();
		for (let i = 0; i < 10; i++) a.edit((d) => d.getText('t').insert(0, 'x'.repeat(1000)));
		expect(a.closeCode).toBe(CloseCode.rateLimited);
		g.open();
		await h.tick();
		expect(b.closeCode).toBeNull();
		expect(h.store.commits.flatMap((c) => c.updates)).toEqual([]);
		await h.close();
	});
});
