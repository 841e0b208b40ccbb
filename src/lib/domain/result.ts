/**
 * The one shape of an answer that can be refused, used at every layer (domain rules, sync commands,
 * state forms, server data): `{ ok: true, …what was done }` or `{ ok: false, …why not }`. The
 * fields beside `ok` stay the caller's own (an HTTP status, a reason code, messages by field), so a
 * refusal keeps the words its layer speaks; what is shared is the discriminant and the two builders,
 * so no module invents its own `{ ok: false }` literal type again.
 */

/** A done answer with what it carries (`Done` alone carries nothing). */
export type Done<T extends object = object> = { ok: true } & T;

/** A refused answer with why. */
export type Refusal<E extends object> = { ok: false } & E;

/** Either, discriminated by `ok`. */
export type Result<T extends object, E extends object> = Done<T> | Refusal<E>;

/** Builds a done answer. */
export function done(): Done;
export function done<T extends object>(value: T): Done<T>;
export function done<T extends object>(value?: T): Done<T> {
	return { ...(value as T), ok: true };
}

/** Builds a refused answer. */
export function refuse<E extends object>(why: E): Refusal<E> {
	return { ...why, ok: false };
}
