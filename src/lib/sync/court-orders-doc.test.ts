import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addCourtOrder, readOrders, type NewCourtOrder } from './court-doc';
import { courtRoots } from './doc-schema';
import { pushMalformed } from './test-support';

const order: NewCourtOrder = {
	court: 'Sąd Rejonowy w Lublinie',
	division: 'III Wydział Rodzinny i Nieletnich',
	caseRef: 'III Nsm 12/26',
	date: '2026-11-02',
	type: 'zobowiazanie',
	persons: ['m1', 'm2'],
	kurator: 'Kasia Kurator',
	validFrom: '2026-11-02',
	validUntil: ''
};

/** Syncs a into b, as two replicas would. */
const sync = (a: Y.Doc, b: Y.Doc) => Y.applyUpdate(b, Y.encodeStateAsUpdate(a));

describe('court orders in the court document', () => {
	it('[CT1] stores an order as a record of the `orders` list and reads it back, newest first', () => {
		const doc = new Y.Doc();
		const a = addCourtOrder(doc, order);
		const b = addCourtOrder(doc, { ...order, type: 'nadzor_kuratora', date: '2026-11-20' });
		const { orders, invalid } = readOrders(doc);
		expect(invalid).toEqual([]);
		expect(orders.map((o) => o.id)).toEqual([b, a]);
		expect(orders[1]).toEqual({ ...order, id: a });
		expect(courtRoots(doc).opinions.length).toBe(0);
	});

	it('[CT1] refuses an order without a court, with a bad date or an unknown type; nothing is stored', () => {
		const doc = new Y.Doc();
		expect(() => addCourtOrder(doc, { ...order, court: '' })).toThrow(/Podaj sąd/);
		expect(() => addCourtOrder(doc, { ...order, date: '2026-02-30' })).toThrow(/nie istnieje/);
		expect(() => addCourtOrder(doc, { ...order, type: 'rozwod' as never })).toThrow();
		expect(courtRoots(doc).orders.length).toBe(0);
	});

	it('[CT5] malformed values from a peer are kept and reported, the good orders still read, nothing throws', () => {
		const peer = new Y.Doc();
		const mine = new Y.Doc();
		const good = addCourtOrder(peer, order);
		peer.transact(() => {
			pushMalformed(courtRoots(peer).orders, {
				id: 'zly',
				court: 'Sąd',
				caseRef: 'III Nsm 1/26',
				date: 'wczoraj',
				type: 'zobowiazanie',
				persons: 'm1'
			});
			(courtRoots(peer).orders as unknown as Y.Array<unknown>).push([42]);
		});
		sync(peer, mine);
		const { orders, invalid } = readOrders(mine);
		expect(orders.map((o) => o.id)).toEqual([good]);
		expect(invalid).toHaveLength(2);
		expect(invalid[0]).toMatchObject({ id: 'zly' });
		expect(invalid[0].raw).toContain('wczoraj');
		expect(invalid[1].raw).toContain('42');
		// The malformed records stay in the document: nothing a peer wrote is lost.
		expect(courtRoots(mine).orders.length).toBe(3);
	});
});
