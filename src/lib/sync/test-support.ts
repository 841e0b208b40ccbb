/**
 * Sync test fixtures (tests only; the app never imports this): the browser's localStorage in
 * memory, and the origin a test's provider applies the server's updates with.
 */

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
