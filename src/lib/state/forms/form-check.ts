/**
 * What every "new record" validator answers, and the steps they all share: the schema's issues
 * put on the form's fields (first issue per field), and the answer, refused while any field has
 * a message. Pure, like the validators; the forms keep what was typed whatever they return.
 */
import { done, refuse, type Result } from '$lib/domain/result';

/** A validator's answer: the value ready to write, or Polish messages by field. */
export type FormCheck<V, E> = Result<{ value: V }, { errors: E }>;

/** A schema issue as the validators read it (zod's issues fit). */
export interface FieldIssue {
	path: readonly PropertyKey[];
	code: string;
	message: string;
	maximum?: unknown;
}

/**
 * Puts each issue naming one of `fields` on that field, worded by `say`; a field that already
 * has a message (a bad date, a missing value) keeps it.
 */
export function issuesByField<F extends string>(
	issues: readonly FieldIssue[],
	fields: Record<F, unknown>,
	errors: Partial<Record<F, string>>,
	say: (issue: FieldIssue, field: F) => string
): Partial<Record<F, string>> {
	for (const issue of issues) {
		const f = issue.path[0];
		if (typeof f === 'string' && f in fields) errors[f as F] ??= say(issue, f as F);
	}
	return errors;
}

/** Refused while any field has a message or the schema refused; else `value` of the parsed data. */
export function formCheck<T, V, E extends object>(
	errors: E,
	parsed: { success: true; data: T } | { success: false },
	value: (data: T) => V
): FormCheck<V, E> {
	if (Object.keys(errors).length > 0 || !parsed.success) return refuse({ errors });
	return done({ value: value(parsed.data) });
}

/** A parsed record without the placeholder id the form gave it (the writer makes the real one). */
export function withoutId<T extends { id: string }>({ id: _id, ...rest }: T): Omit<T, 'id'> {
	return rest;
}
