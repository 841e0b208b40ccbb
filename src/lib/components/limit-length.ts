/**
 * [DB2] A text field's length limit without `maxlength`, which cuts a pasted text silently (issue
 * 12: "Miejsce" went from 5,000 characters to 300 without a word). `use:limitLength={300}` lets
 * the whole text in, says under the field how long it is against the limit
 * ("Za długie: najwyżej 300 znaków, wpisano 5000."), marks the field invalid, and keeps the text
 * from being written: the field's `change` does not reach the component (so a live field commits
 * nothing) and its form does not submit. Nothing is ever cut; the user shortens it.
 */
import type { Action } from 'svelte/action';
import { m } from '$lib/paraglide/messages.js';

type Field = HTMLInputElement | HTMLTextAreaElement;

let counter = 0;

/** Whether `el` holds more characters than its limit (the form checks this before submitting). */
function tooLong(el: Field, max: number): boolean {
	return el.value.length > max;
}

export const limitLength: Action<Field, number> = (el, initial) => {
	let max = initial;
	const note = document.createElement('p');
	note.className = 'error length-error';
	note.id = `length-${++counter}`;
	note.setAttribute('role', 'alert');
	note.dataset.testid = 'too-long';
	const described = el.getAttribute('aria-describedby');

	const show = () => {
		if (tooLong(el, max)) {
			note.textContent = m.caseload_too_long({ max, typed: el.value.length });
			if (!note.isConnected) (el.closest('label') ?? el).after(note);
			el.setAttribute('aria-invalid', 'true');
			el.setAttribute('aria-describedby', [described, note.id].filter(Boolean).join(' '));
		} else if (note.isConnected) {
			note.remove();
			el.removeAttribute('aria-invalid');
			if (described) el.setAttribute('aria-describedby', described);
			else el.removeAttribute('aria-describedby');
		}
	};
	// The component's own `change` handler (delegated to the root) never sees a value too long.
	const onChange = (e: Event) => {
		show();
		if (tooLong(el, max)) e.stopPropagation();
	};
	// Capture on the form runs before the form's own submit handler.
	const form = el.form;
	const onSubmit = (e: SubmitEvent) => {
		show();
		if (!tooLong(el, max)) return;
		e.preventDefault();
		e.stopImmediatePropagation();
		el.focus();
	};
	el.addEventListener('input', show);
	el.addEventListener('change', onChange);
	form?.addEventListener('submit', onSubmit, { capture: true });
	show();
	return {
		update(next: number) {
			max = next;
			show();
		},
		destroy() {
			el.removeEventListener('input', show);
			el.removeEventListener('change', onChange);
			form?.removeEventListener('submit', onSubmit, { capture: true });
			note.remove();
		}
	};
};
