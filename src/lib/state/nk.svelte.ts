/**
 * [NK1] The Niebieska Karta procedures of an open violence document, re-read after each of its
 * transactions; writes validate the whole record and store nothing when it would not parse.
 */
import type { DocHandle } from '$lib/sync/connect';
import { addNk, readNk, updateNk } from '$lib/sync/nk-doc';
import type { NkRecord } from '$lib/domain/niebieska-karta';

export class NkState {
	procedures = $state.raw<NkRecord[]>([]);
	#handle: DocHandle;
	#read = () => (this.procedures = readNk(this.#handle.doc).procedures);

	constructor(handle: DocHandle) {
		this.#handle = handle;
		this.#read();
		handle.doc.on('afterTransaction', this.#read);
	}

	destroy(): void {
		this.#handle.doc.off('afterTransaction', this.#read);
	}

	add(init: { startedOn: string; suspectAbsent: boolean }): void {
		addNk(this.#handle.doc, init);
	}

	/** False when the record would not parse (nothing stored). */
	update(id: string, patch: Partial<Omit<NkRecord, 'id'>>): boolean {
		try {
			return updateNk(this.#handle.doc, id, patch);
		} catch {
			this.#read();
			return false;
		}
	}
}
