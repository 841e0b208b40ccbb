/**
 * A Svelte action mounting a collaborative rich-text editor (Tiptap, loaded on first use) on one
 * narrative fragment of a record, for the record lists of a case file (assessments, court
 * opinions). Same behaviour as the visit diary's `richText` action.
 */
import type { Action as SvelteAction } from 'svelte/action';
import type { DocHandle } from '$lib/sync/connect';
import type { RichTextOptions } from '$lib/sync/rich-text';

/** Which narrative field of which record a rich-text box edits. */
export interface RecordTextRef {
	recordId: string;
	field: string;
	/** Id of the field's visible label. */
	labelledBy: string;
	/** Called when the stored text cannot be shown faithfully (the field stays read-only). */
	onContentError?: () => void;
}

export function recordRichText(
	handle: DocHandle,
	me: { name: string; color: string },
	editable: boolean,
	fragmentOf: (recordId: string, field: string) => RichTextOptions['fragment'] | null
): SvelteAction<HTMLElement, RecordTextRef> {
	return (el, ref) => {
		let editor: { destroy(): void } | null = null;
		let gone = false;
		const fragment = fragmentOf(ref.recordId, ref.field);
		if (!fragment) el.textContent = 'Nieprawidłowa wartość: tego pola nie da się wyświetlić.';
		else {
			import('$lib/sync/rich-text').then(
				({ createRichTextEditor }) => {
					if (gone) return;
					editor = createRichTextEditor({
						element: el,
						fragment,
						awareness: handle.awareness,
						user: me,
						editable,
						labelledBy: ref.labelledBy,
						onContentError: () => ref.onContentError?.()
					});
				},
				() => {
					if (!gone) el.textContent = 'Nie udało się wczytać edytora tekstu. Odśwież stronę.';
				}
			);
		}
		return {
			destroy: () => {
				gone = true;
				editor?.destroy();
			}
		};
	};
}
