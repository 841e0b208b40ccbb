/**
 * A Svelte action mounting a collaborative rich-text editor (Tiptap, loaded on first use) on one
 * narrative fragment of a record, for the record lists of a case file (assessments, court
 * opinions). Same behaviour as the visit diary's `richText` action.
 */
import type { Action as SvelteAction } from 'svelte/action';
import type { DocHandle } from '$lib/sync/connect';
import type { RichTextOptions } from '$lib/sync/rich-text';
import type { SyncDoc } from '$lib/sync/doc-access';
import { m } from '$lib/paraglide/messages.js';

/** Where a rich-text box is labelled and what to do when its content cannot be shown. */
export interface RichTextBase {
	/** Id of the field's visible label. */
	labelledBy: string;
	/** Called when the stored text cannot be shown faithfully (the field stays read-only). */
	onContentError?: () => void;
}

/** Which narrative field of which record a rich-text box edits. */
export interface RecordTextRef extends RichTextBase {
	recordId: string;
	field: string;
}

/** What a mounted editor needs besides its fragment. */
export interface MountOptions extends RichTextBase {
	handle: DocHandle;
	me: { name: string; color: string };
	editable: boolean;
}

/**
 * Mounts a collaborative editor on `el` for one fragment (or a Polish notice when there is none),
 * loading the editor's code on first use; the one implementation behind every `richText` action.
 */
export function mountRichText(
	el: HTMLElement,
	fragment: RichTextOptions['fragment'] | null,
	o: MountOptions
): { destroy: () => void } {
	let editor: { destroy(): void } | null = null;
	let gone = false;
	if (!fragment) el.textContent = 'Nieprawidłowa wartość: tego pola nie da się wyświetlić.';
	else {
		import('$lib/sync/rich-text').then(
			({ createRichTextEditor }) => {
				if (gone) return;
				editor = createRichTextEditor({
					element: el,
					fragment,
					awareness: o.handle.awareness,
					user: o.me,
					editable: o.editable,
					labelledBy: o.labelledBy,
					onContentError: () => o.onContentError?.()
				});
			},
			() => {
				// The chunk is precached; this happens only with a broken service-worker cache.
				if (!gone) el.textContent = m.records_editor_load_failed();
			}
		);
	}
	return {
		destroy: () => {
			gone = true;
			editor?.destroy();
		}
	};
}

/** A `richText` action over the records of one document. */
export function recordRichText(
	handle: DocHandle,
	me: { name: string; color: string },
	editable: boolean,
	fragmentOf: (doc: SyncDoc, recordId: string, field: string) => RichTextOptions['fragment'] | null
): SvelteAction<HTMLElement, RecordTextRef> {
	return (el, ref) =>
		mountRichText(
			el,
			handle.read((doc) => fragmentOf(doc, ref.recordId, ref.field)),
			{
				handle,
				me,
				editable,
				labelledBy: ref.labelledBy,
				onContentError: ref.onContentError
			}
		);
}
