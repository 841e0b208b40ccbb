/**
 * What a "new record" form shows after it was sent (issue 14 UI kit): the Polish messages by
 * their fields and one status line. One place decides what a refusal does, so every form treats
 * bad input the same: nothing typed is lost, the messages sit by their fields, the status says to
 * fix them, and the focus moves to the first field named.
 */
import { getContext, setContext } from 'svelte';
import { focusFirstError } from './field';
import type { Done, Refusal } from '$lib/domain/result';

/** What a form's fields read from it: their ids, their messages and where a date input goes. */
export interface FormFields {
	/** `${prefix}-${name}` is a field's id. */
	readonly prefix: string;
	/** The message of a field, or null. */
	errorOf(name: string): string | null;
	/** The form's date inputs by field name, read for `validity.badInput` when it is sent. */
	readonly dates: Record<string, HTMLInputElement | null>;
	/** A draft's typed values, which a field named by `name` reads and writes (`FormDraft`). */
	readonly values?: object;
}

const key = Symbol('form fields');

/** The fields' form, when a `FormFrame` (or a form calling `provideFormFields`) holds them. */
export function formFields(): FormFields | undefined {
	return getContext<FormFields | undefined>(key);
}

/** Hands `form` to the fields below, which then take their id and message by `name`. */
export function provideFormFields(form: FormFields): void {
	setContext(key, form);
}

/**
 * The value a field shows and changes: inside a draft that holds its `name`, the draft's value
 * of that name (so a field is not bound again by hand to the key it is named by), else its own
 * bound prop. Call while the field is set up.
 */
export function fieldValue<T>(name: () => string | undefined, own: { get(): T; set(v: T): void }) {
	const form = formFields();
	const draft = () => {
		const values = form?.values as Record<string, T> | undefined;
		const key = name();
		return values && key !== undefined && key in values ? { values, key } : null;
	};
	return {
		get: (): T => {
			const d = draft();
			return d ? d.values[d.key] : own.get();
		},
		set: (v: T) => {
			const d = draft();
			if (d) d.values[d.key] = v;
			else own.set(v);
		}
	};
}

/** What a form's status line says after it was sent. */
export interface SettleMessages<R> {
	refused: string;
	saved: string | ((saved: R) => string);
	/** The status when the whole form is refused (a `message`, no field named); none by default. */
	refusedWhole?: string;
}

/** What a command answers to a refused form: messages by field, or one for the whole form. */
export type Refused<E> = Refusal<{ errors: Partial<E>; message?: string }>;

/** What a command answers to a sent form: its own saved result, or a refusal. */
export type SentResult<E> = Done | Refused<E>;

/** The saved side of a command's answer. */
export type Saved<S> = Extract<S, Done>;

/** A form's messages and status line; `prefix` names its fields' ids (`${prefix}-${field}`). */
export class FormOutcome<E extends object> implements FormFields {
	errors = $state<Partial<E>>({});
	status = $state('');
	/** A refusal of the whole form (no field to fix: e.g. no right to write), read out at once. */
	refusal = $state<string | null>(null);
	dates = $state<Record<string, HTMLInputElement | null>>({});
	readonly prefix: string;

	constructor(prefix: string) {
		this.prefix = prefix;
	}

	errorOf(name: string): string | null {
		return (this.errors as Record<string, string | undefined>)[name] ?? null;
	}

	/** The date fields whose input holds something that is not a date (typed 31.02 etc.). */
	badDates(): string[] {
		return Object.entries(this.dates)
			.filter(([, el]) => el?.validity.badInput)
			.map(([k]) => k);
	}

	/** Shows a sent form's result; returns the saved result, or null when it was refused. */
	settle<S extends SentResult<E>>(result: S, messages: SettleMessages<Saved<S>>): Saved<S> | null {
		if (!result.ok) {
			this.errors = result.errors;
			this.refusal = result.message ?? null;
			this.status = this.refusal ? (messages.refusedWhole ?? '') : messages.refused;
			focusFirstError(this.prefix, result.errors);
			return null;
		}
		const saved = result as Saved<S>; // `ok` is true: the saved side of S
		this.errors = {};
		this.refusal = null;
		this.status = typeof messages.saved === 'string' ? messages.saved : messages.saved(saved);
		return saved;
	}
}

/**
 * A "new record" form's typed values with its outcome: `send` stores them through one command and
 * starts a fresh draft only when they were saved, so a refused form keeps everything typed.
 */
export class FormDraft<
	V extends object,
	E extends object = Partial<Record<keyof V, string>>
> extends FormOutcome<E> {
	values: V;
	readonly #empty: (sent: V) => V;

	/** `empty` gives the next draft, from the one just saved (a visit keeps its place). */
	constructor(prefix: string, first: V, empty: (sent: V) => V) {
		super(prefix);
		this.values = $state(first);
		this.#empty = empty;
	}

	/** Sends the draft through `add` (told which date inputs hold no date); see `settle`. */
	send<S extends SentResult<E>>(
		add: (values: V, badDates: string[]) => S,
		messages: SettleMessages<Saved<S>>
	): Saved<S> | null {
		const saved = this.settle(add(this.values, this.badDates()), messages);
		if (saved) this.values = this.#empty(this.values);
		return saved;
	}
}
