/**
 * [NK1] The Niebieska Karta procedures of an open violence document, re-read after each of its
 * transactions; writes validate the whole record and store nothing when it would not parse.
 */
import type { DocHandle } from '$lib/sync/connect';
import { addNk, readNk, updateNk } from '$lib/sync/nk-doc';
import type { NkRecord } from '$lib/domain/niebieska-karta';
import type { DocRole } from '$lib/sync/protocol';
import { DocumentState } from '../documents/document-state.svelte';

/** The procedures; the section checks its own `canEdit` before it asks for a write. */
export class NkState extends DocumentState<NkRecord[]> {
	constructor(handle: DocHandle, role: DocRole = 'edit') {
		super(handle, role, (doc) => readNk(doc).procedures);
	}

	/** The procedures as of the last transaction. */
	get procedures(): NkRecord[] {
		return this.current;
	}

	add(init: { startedOn: string; suspectAbsent: boolean }): void {
		this.handle.transact((doc) => addNk(doc, init));
	}

	/** False when the record would not parse (nothing stored). */
	update(id: string, patch: Partial<Omit<NkRecord, 'id'>>): boolean {
		try {
			return this.handle.transact((doc) => updateNk(doc, id, patch));
		} catch {
			this.refresh();
			return false;
		}
	}
}
