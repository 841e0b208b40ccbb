/**
 * Sync test fixtures (tests only; the app never imports this): the browser's localStorage in
 * memory, the origin a test's provider applies the server's updates with, a two-peer exchange
 * and the records several tests write.
 */
import * as Y from 'yjs';

/** localStorage for Node: the save record, recent updates and authoring log persist through it. */
export class MemoryStorage implements Storage {
	#m = new Map<string, string>();
	get length() {
		return this.#m.size;
	}
	clear() {
		this.#m.clear();
	}
	getItem(k: string) {
		return this.#m.get(k) ?? null;
	}
	key(i: number) {
		return [...this.#m.keys()][i] ?? null;
	}
	removeItem(k: string) {
		this.#m.delete(k);
	}
	setItem(k: string, v: string) {
		this.#m.set(k, v);
	}
}

/** The transaction origin of updates that came from the server, as the provider marks them. */
export const REMOTE = Symbol('provider');

/** Two peers exchange what the other lacks, both ways, as a reconnect does. */
export function syncBoth(a: Y.Doc, b: Y.Doc): void {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/** A contact with the PCPR as the tests write it (no person, no letter). */
export const pcprContact = {
	date: '2026-01-02',
	institution: 'PCPR',
	person: '',
	purpose: 'inne' as const,
	letterRef: ''
};

/** A half-year assessment of goal g1 sent to the head, as the tests write it. */
export const halfYearAssessment = {
	date: '2026-05-10',
	periodFrom: '2025-11-10',
	periodTo: '2026-05-10',
	goals: { g1: 'czesciowo' as const },
	cooperation: 'dobra' as const,
	recommendation: 'kontynuacja' as const,
	recipients: ['kierownik']
};

/** Counts the updates a document emits, so "nothing written" is checked, not assumed. */
export function countUpdates(doc: Y.Doc): { updates: number } {
	const seen = { updates: 0 };
	doc.on('update', () => seen.updates++);
	return seen;
}

/** A record a peer wrote that does not parse: a map of `fields` pushed to `list`. */
export function pushMalformed(list: Y.Array<Y.Map<unknown>>, fields: Record<string, unknown>) {
	const bad = new Y.Map<unknown>();
	for (const [k, v] of Object.entries(fields)) bad.set(k, v);
	list.push([bad]);
}

/** A home visit from ten to eleven, not made offline, as the visit tests write it. */
export const homeVisit = {
	date: '2026-11-02',
	type: 'wizyta_domowa' as const,
	offline: false,
	start: '10:00',
	end: '11:00'
};
