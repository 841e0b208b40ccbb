/**
 * The family frame's one way to open a single document of a family (issue 14): the signed-in
 * user and the document as primitive args (so a refreshed family list does not remount an
 * editor), the states built over it, and all of them stopped when the page or part stops showing.
 */
import {
	acquireRef,
	docArgs,
	meOf,
	openCompartment,
	type Compartment,
	type CompartmentRef
} from '$lib/state/compartment.svelte';
import type { OpenDoc } from '$lib/state/documents.svelte';

type Primitive = string | number | boolean | null;
type DocArgs = NonNullable<ReturnType<typeof docArgs>>;

/** A state that follows its document until destroyed. */
interface Following {
	destroy(): void;
}

/** How to open one document and what to build over it. */
export interface FamilyDocSpec<X extends Record<string, Primitive>, S> {
	/** The document as the family list names it; null when this user may not open it. */
	ref: () => CompartmentRef | null | undefined;
	/** More primitive args the states need (the family's id, the user's role). */
	extra?: () => X;
	/** Builds the states; each is destroyed when the document closes. */
	make: (doc: OpenDoc, a: DocArgs & X, me: { name: string; color: string }) => S;
	/** The Polish message shown when the document cannot be opened. */
	failed: () => string;
	/** [SY7] Whether the sync indicator follows this document while it is open. */
	focus?: boolean | ((a: DocArgs & X) => boolean);
	/** Reopen after a discarded copy. */
	followDiscard?: boolean;
}

/** Opens one document of the family while the calling component lives; call during init. */
export function openFamilyDoc<
	X extends Record<string, Primitive>,
	S extends Record<string, Following>
>(spec: FamilyDocSpec<X, S>): Compartment<S & { doc: OpenDoc }> {
	return openCompartment({
		args: (): (DocArgs & X) | null => {
			const d = docArgs(spec.ref());
			return d && { ...d, ...(spec.extra?.() ?? ({} as X)) };
		},
		acquire: acquireRef,
		make: (doc, a) => ({ ...spec.make(doc, a, meOf(a)), doc }),
		close: (o) => {
			for (const [key, state] of Object.entries(o))
				if (key !== 'doc') (state as Following).destroy();
		},
		failed: spec.failed,
		focus: (a) => {
			const f = spec.focus ?? false;
			return (typeof f === 'function' ? f(a) : f) ? a.name : null;
		},
		followDiscard: spec.followDiscard
	});
}
