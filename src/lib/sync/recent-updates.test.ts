import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryStorage } from './test-support.js';
import { RecentLocalUpdates, recentUpdatesKey } from './recent-updates.js';

describe('RecentLocalUpdates', () => {
	it('[SY-WAL1] keystrokes whose IndexedDB write was aborted by a reload come back from the buffer', () => {
		const storage = new MemoryStorage();
		const key = recentUpdatesKey('u1', 'd', 1);
		const doc = new Y.Doc();
		const text = doc.getText('notes');
		const idb: Uint8Array[] = []; // what IndexedDB committed
		const wal = new RecentLocalUpdates(storage, key);
		doc.on('update', (u: Uint8Array) => wal.add(u, 1000));
		doc.on('update', (u: Uint8Array) => idb.push(u));
		for (const ch of 'zapisane bez sieci') text.insert(text.length, ch);
		idb.splice(-4); // the last four writes never committed

		const reopened = new Y.Doc();
		for (const u of idb) Y.applyUpdate(reopened, u);
		expect(reopened.getText('notes').toString()).toBe('zapisane bez s');
		for (const u of new RecentLocalUpdates(storage, key).updates()) Y.applyUpdate(reopened, u);
		expect(reopened.getText('notes').toString()).toBe('zapisane bez sieci');
	});

	it('[SY-WAL2] drops entries older than the window, and the oldest beyond the size cap', () => {
		const storage = new MemoryStorage();
		const wal = new RecentLocalUpdates(storage, 'k', { windowMs: 100, maxChars: 12 });
		wal.add(new Uint8Array([1, 2, 3]), 0); // 4 chars of base64
		wal.add(new Uint8Array([4, 5, 6]), 50);
		expect(new RecentLocalUpdates(storage, 'k').updates()).toHaveLength(2);
		wal.add(new Uint8Array([7, 8, 9]), 120); // the first is now too old
		expect(new RecentLocalUpdates(storage, 'k').updates().map((u) => u[0])).toEqual([4, 7]);
		wal.add(new Uint8Array([1, 1, 1]), 130);
		wal.add(new Uint8Array([2, 2, 2]), 131);
		wal.add(new Uint8Array([3, 3, 3]), 132); // 4 × 4 chars > 12: keep the newest three
		expect(wal.updates().map((u) => u[0])).toEqual([1, 2, 3]);
	});

	it('ignores a damaged stored buffer', () => {
		const storage = new MemoryStorage();
		storage.setItem('k', '{"not":"an array"}');
		expect(new RecentLocalUpdates(storage, 'k').updates()).toEqual([]);
		storage.setItem('k', 'garbage');
		expect(new RecentLocalUpdates(storage, 'k').updates()).toEqual([]);
	});
});
