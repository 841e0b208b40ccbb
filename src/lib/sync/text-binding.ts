/**
 * Binds a plain <textarea> or <input> to a Y.Text, so two people typing in one field merge
 * character by character instead of one overwriting the other. Local input becomes the minimal
 * delete + insert (common prefix and suffix kept); remote changes are applied to the element with
 * the caret moved along, so typing is not disturbed.
 */
import * as Y from 'yjs';
import { LOCAL_ORIGIN } from './origins.js';

type Field = HTMLTextAreaElement | HTMLInputElement;

/** The edit turning `before` into `after`: delete `remove` characters at `index`, insert `insert`. */
export function diffText(
	before: string,
	after: string
): { index: number; remove: number; insert: string } {
	let start = 0;
	const max = Math.min(before.length, after.length);
	while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
	let end = 0;
	while (
		end < max - start &&
		before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
	)
		end++;
	return {
		index: start,
		remove: before.length - start - end,
		insert: after.slice(start, after.length - end)
	};
}

/** Moves a caret position through a Y.Text delta made by someone else. */
export function transformPosition(
	pos: number,
	delta: { retain?: number; insert?: unknown; delete?: number }[]
): number {
	let index = 0;
	for (const op of delta) {
		if (op.retain !== undefined) index += op.retain;
		else if (typeof op.insert === 'string') {
			if (index <= pos) pos += op.insert.length;
			index += op.insert.length;
		} else if (op.delete !== undefined) {
			if (index < pos) pos -= Math.min(op.delete, pos - index);
		}
		if (index > pos) break;
	}
	return pos;
}

/** Connects the element to the text until the returned function is called. */
export function bindText(el: Field, text: Y.Text): () => void {
	el.value = text.toString();
	const onInput = () => {
		const before = text.toString();
		const { index, remove, insert } = diffText(before, el.value);
		if (remove === 0 && insert === '') return;
		text.doc?.transact(() => {
			if (remove > 0) text.delete(index, remove);
			if (insert !== '') text.insert(index, insert);
		}, LOCAL_ORIGIN);
	};
	const onChange = (event: Y.YTextEvent) => {
		if (el.value === text.toString()) return; // our own input, already shown
		const focused = document.activeElement === el;
		const start = el.selectionStart ?? 0;
		const end = el.selectionEnd ?? 0;
		const delta = event.delta as { retain?: number; insert?: unknown; delete?: number }[];
		el.value = text.toString();
		if (focused)
			el.setSelectionRange(transformPosition(start, delta), transformPosition(end, delta));
	};
	el.addEventListener('input', onInput);
	text.observe(onChange);
	return () => {
		el.removeEventListener('input', onInput);
		text.unobserve(onChange);
	};
}
