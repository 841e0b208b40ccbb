/**
 * What a "new record" form shows after it was sent (issue 14 UI kit): the Polish messages by
 * their fields and one status line. One place decides what a refusal does, so every form treats
 * bad input the same: nothing typed is lost, the messages sit by their fields, the status says to
 * fix them, and the focus moves to the first field named.
 */
import { focusFirstError } from './field';

/** A form's messages and status line; `prefix` names its fields' ids (`${prefix}-${field}`). */
export class FormOutcome<E extends object> {
	errors = $state<Partial<E>>({});
	status = $state('');
	readonly #prefix: string;

	constructor(prefix: string) {
		this.#prefix = prefix;
	}

	/** Shows a sent form's result; returns the saved result, or null when it was refused. */
	settle<R extends { ok: true }>(
		result: R | { ok: false; errors: Partial<E> },
		messages: { refused: string; saved: string }
	): R | null {
		if (!result.ok) {
			this.errors = result.errors;
			this.status = messages.refused;
			focusFirstError(this.#prefix, result.errors);
			return null;
		}
		this.errors = {};
		this.status = messages.saved;
		return result;
	}
}
