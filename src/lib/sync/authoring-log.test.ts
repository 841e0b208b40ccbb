import { describe, expect, it } from 'vitest';
import { AuthoringLog, mergeRange, subtractRange } from './authoring-log.js';
import type { AuthoringRange } from './protocol.js';
import { MemoryStorage } from './test-support.js';

const storage = () => new MemoryStorage();
const T = Date.UTC(2026, 2, 10, 9, 0, 0);

describe('[HI1] the device’s authoring log', () => {
	it('[HI1] merges adjacent ranges of one client written in the same minute, keeping the earlier time', () => {
		const list: AuthoringRange[] = [];
		mergeRange(list, { client: 1, from: 0, to: 3, at: T });
		mergeRange(list, { client: 1, from: 3, to: 5, at: T + 30_000 });
		mergeRange(list, { client: 1, from: 5, to: 6, at: T + 60_000 }); // next minute
		mergeRange(list, { client: 2, from: 0, to: 1, at: T + 61_000 });
		mergeRange(list, { client: 1, from: 6, to: 9, at: T + 62_000 }); // follows on across client 2
		expect(list).toEqual([
			{ client: 1, from: 0, to: 5, at: T },
			{ client: 1, from: 5, to: 9, at: T + 60_000 },
			{ client: 2, from: 0, to: 1, at: T + 61_000 }
		]);
	});

	it('[HI1] settling removes exactly the acknowledged clocks, splitting an entry when needed', () => {
		const list = [
			{ client: 1, from: 0, to: 10, at: T },
			{ client: 2, from: 0, to: 4, at: T }
		];
		expect(subtractRange(list, { client: 1, from: 3, to: 6, at: 0 })).toEqual([
			{ client: 1, from: 0, to: 3, at: T },
			{ client: 1, from: 6, to: 10, at: T },
			{ client: 2, from: 0, to: 4, at: T }
		]);
	});

	it('[HI1] records only when the clock moved, survives a reload of the page and forgets what was settled', () => {
		const st = storage();
		const log = new AuthoringLog(st, 'k');
		log.record(7, 4, 4, T);
		expect(log.size).toBe(0);
		log.record(7, 0, 4, T);
		log.record(7, 4, 6, T + 1000);
		const again = new AuthoringLog(st, 'k');
		expect(again.pending()).toEqual([{ client: 7, from: 0, to: 6, at: T }]);
		again.settle(again.pending());
		expect(again.size).toBe(0);
		expect(st.getItem('k')).toBeNull();
	});

	it('[HI1] a damaged stored log is ignored entry by entry, never thrown on', () => {
		const st = storage();
		st.setItem('k', JSON.stringify([{ client: 1, from: 0, to: 2, at: T }, { client: 'x' }, 5]));
		expect(new AuthoringLog(st, 'k').pending()).toEqual([{ client: 1, from: 0, to: 2, at: T }]);
		st.setItem('k', '{not json');
		expect(new AuthoringLog(st, 'k').pending()).toEqual([]);
	});

	it('[HI1] a long offline stretch is kept small: past 1000 entries new ranges merge within a day', () => {
		const log = new AuthoringLog(storage(), 'k');
		// One edit every 61 s for 34 hours: 2,000 minutes apart from each other, twice the bound
		// (each record writes the whole log to storage, so more only makes the test slow).
		for (let i = 0; i < 2000; i++) log.record(1, i, i + 1, T + i * 61_000);
		expect(log.size).toBeLessThanOrEqual(1005);
		expect(log.pending()[0]).toEqual({ client: 1, from: 0, to: 1, at: T });
	});
});
