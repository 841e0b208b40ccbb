/**
 * The UI kit's small pure helpers (issue 14): what a field hands its control, and where a refused
 * form puts the focus.
 */

/** What `Field` spreads onto its control so label, hint and error are tied to it. */
export interface ControlAttrs {
	id: string;
	'aria-invalid': 'true' | undefined;
	'aria-describedby': string | undefined;
}

/**
 * Moves the focus to the first field a refused form names (`${prefix}-${field}`, or the first
 * radio of the group named so), so a keyboard or screen-reader user lands on what to fix; the
 * typed values stay where they are.
 */
export function focusFirstError(prefix: string, errors: object): void {
	const first = Object.keys(errors)[0];
	if (!first) return;
	const id = `${prefix}-${first}`;
	const el = document.getElementById(id) ?? document.querySelector<HTMLElement>(`[name="${id}"]`);
	el?.focus();
}
