/**
 * The base of a family's record lists (visits, periodic and final assessments): a document state
 * that also knows who writes, as the collaborative editors of its narratives show them. Each list
 * opens with the same four things, so they are one tuple, passed on as they came.
 */
import type { DocHandle } from '$lib/sync/connect';
import type { DocRead } from '$lib/sync/doc-access';
import type { DocRole } from '$lib/sync/protocol';
import { DocumentState } from '../documents/document-state.svelte';

/** The writer as others see them in a narrative being edited. */
export interface Writer {
	name: string;
	color: string;
}

/** What a record list opens with: its document, the user's role there, the writer, the family. */
export type RecordsOpen = [handle: DocHandle, role: DocRole, me: Writer, familyId?: string];

export abstract class RecordsState<T> extends DocumentState<T> {
	protected readonly me: Writer;

	constructor([handle, role, me, familyId]: RecordsOpen, read: DocRead<T>) {
		super(handle, role, read, familyId);
		this.me = me;
	}
}
