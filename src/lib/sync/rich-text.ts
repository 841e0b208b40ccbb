/**
 * Collaborative rich text (stack.md §8): a Tiptap 3 editor bound to one Y.XmlFragment, with the
 * other people's carets from the document's awareness. Loaded on demand (a dynamic import), so
 * the editor's code is a chunk of its own that only pages with narrative fields fetch.
 *
 * Rules kept here: `undoRedo: false` (Collaboration brings a Yjs undo manager that undoes only
 * this user's changes), never `content` (the fragment is the content; seeding on a client
 * duplicates text), `enableContentCheck` (a fragment a newer or hostile client wrote that our
 * schema cannot hold is reported, not silently rewritten).
 */
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type * as Y from 'yjs';
import type { DocHandle } from './connect.js';

/** What a rich-text field needs from its page. */
export interface RichTextOptions {
	element: HTMLElement;
	fragment: Y.XmlFragment;
	awareness: DocHandle['awareness'];
	/** Shown to others next to this user's caret; colour is 6-digit hex (the caret demands it). */
	user: { name: string; color: string };
	editable: boolean;
	/** Id of the visible label, for the text box's accessible name. */
	labelledBy: string;
	/** The fragment holds content the schema cannot represent; the field then stays read-only. */
	onContentError: () => void;
}

/** Black or white, whichever reads better on the caret label's background. */
function textOn(hex: string): string {
	const n = Number.parseInt(hex.slice(1), 16);
	const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255];
	return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? '#000000' : '#ffffff';
}

/** Another person's caret: a coloured bar with their name, readable on any colour. */
function renderCaret(user: Record<string, unknown>): HTMLElement {
	const color =
		typeof user.color === 'string' && /^#[0-9a-f]{6}$/i.test(user.color) ? user.color : '#4a5563';
	const caret = document.createElement('span');
	caret.className = 'collaboration-carets__caret';
	caret.style.borderColor = color;
	const label = document.createElement('span');
	label.className = 'collaboration-carets__label';
	label.style.backgroundColor = color;
	label.style.color = textOn(color);
	label.textContent = typeof user.name === 'string' ? user.name : '';
	caret.append(label);
	return caret;
}

/** Creates the editor inside `element`; the caller destroys it. */
export function createRichTextEditor(o: RichTextOptions): Editor {
	const editor = new Editor({
		element: o.element,
		editable: o.editable,
		enableContentCheck: true,
		extensions: [
			StarterKit.configure({ undoRedo: false, heading: false, codeBlock: false, code: false }),
			Collaboration.configure({ fragment: o.fragment }),
			CollaborationCaret.configure({
				provider: { awareness: o.awareness },
				user: o.user,
				render: renderCaret
			})
		],
		editorProps: {
			attributes: {
				role: 'textbox',
				'aria-multiline': 'true',
				'aria-labelledby': o.labelledBy,
				'aria-readonly': String(!o.editable),
				class: 'rich-text__content'
			}
		}
	});
	// Not `disableCollaboration()`: it destroys the whole Y.Doc, which the pool shares with every
	// other field of the compartment. The field goes read-only; the stored content stays as is.
	editor.on('contentError', () => {
		editor.setEditable(false);
		o.onContentError();
	});
	return editor;
}
