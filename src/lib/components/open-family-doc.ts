/**
 * The family frame's one way to open a single document of a family (issue 14): the signed-in
 * user, the family and the document as primitive args (so a refreshed family list does not
 * remount an editor), the states built over it, and all of them stopped when the page or part
 * stops showing. Must be called during the init of a component under `routes/(app)/rodzina`.
 */
import { m } from '$lib/paraglide/messages.js';
import {
	acquireRef,
	docArgs,
	getFamilyFrame,
	meOf,
	openCompartment,
	type Compartment,
	type CompartmentRef
} from '$lib/state/documents/compartment.svelte';
import type { OpenDoc } from '$lib/state/documents/documents.svelte';
import { PresenceState } from '$lib/state/documents/presence.svelte';

type Primitive = string | number | boolean | null;
type DocArgs = NonNullable<ReturnType<typeof docArgs>> & { familyId: string };

/** The documents of a family a page opens one at a time. */
export type FamilyDocKind = 'plan' | 'core' | 'visits' | 'assessments' | 'court';

/** Why a document could not be opened, by kind. */
const failedOf: Record<FamilyDocKind, () => string> = {
	plan: m.families_plan_open_failed,
	core: m.families_core_open_failed,
	visits: m.families_visits_open_failed,
	assessments: m.families_assessments_open_failed,
	court: m.families_court_open_failed
};

/** A state that follows its document until destroyed. */
interface Following {
	destroy(): void;
}

/** How to open one document and what to build over it. */
export interface FamilyDocSpec<
	K extends FamilyDocKind,
	X extends Record<string, Primitive>,
	S,
	P extends boolean
> {
	kind: K;
	/** More primitive args the states need (the user's role, …). */
	extra?: () => X;
	/** Show who else has the document open (a PresenceState as `presence`). */
	presence?: P;
	/** Builds the states; each is destroyed when the document closes. */
	make: (doc: OpenDoc, a: DocArgs & X, me: { name: string; color: string }) => S;
	/** The Polish message when the document cannot be opened, if not the kind's own. */
	failed?: () => string;
	/** [SY7] Whether the sync indicator follows this document while it is open (default yes). */
	focus?: boolean | ((a: DocArgs & X) => boolean);
	/** Reopen after a discarded copy. */
	followDiscard?: boolean;
}

/** What was built, with the document and, when asked for, the presence list. */
export type FamilyDoc<S, P extends boolean> = S & { doc: OpenDoc } & (P extends true
		? { presence: PresenceState }
		: object);

/** An open document of the family: what was built, and which document it is. */
export interface OpenedFamilyDoc<
	T,
	K extends FamilyDocKind = FamilyDocKind
> extends Compartment<T> {
	readonly kind: K;
	/** The document as the family list names it; null when this user may not open it. */
	readonly ref: CompartmentRef | null;
}

/** Opens one document of the family while the calling component lives; call during init. */
export function openFamilyDoc<
	K extends FamilyDocKind,
	X extends Record<string, Primitive>,
	S extends Record<string, Following>,
	P extends boolean = false
>(spec: FamilyDocSpec<K, X, S, P>): OpenedFamilyDoc<FamilyDoc<S, P>, K> {
	const frame = getFamilyFrame();
	const refOf = () => frame.family?.docs[spec.kind] ?? null;
	const opened = openCompartment({
		args: (): (DocArgs & X) | null => {
			const d = docArgs(refOf());
			// [NC2] The family's id travels with the states (narrative markers, history).
			return d && { ...d, familyId: frame.id, ...(spec.extra?.() ?? ({} as X)) };
		},
		acquire: acquireRef,
		make: (doc, a) => {
			const me = meOf(a);
			const presence = spec.presence ? { presence: new PresenceState(doc.handle, me) } : {};
			return { ...spec.make(doc, a, me), ...presence, doc } as FamilyDoc<S, P>;
		},
		close: (o) => {
			for (const [key, state] of Object.entries(o))
				if (key !== 'doc') (state as Following).destroy();
		},
		failed: spec.failed ?? failedOf[spec.kind],
		focus: (a) => {
			const f = spec.focus ?? true;
			return (typeof f === 'function' ? f(a) : f) ? a.name : null;
		},
		followDiscard: spec.followDiscard
	});
	return {
		kind: spec.kind,
		get ref() {
			return refOf();
		},
		get current() {
			return opened.current;
		},
		get error() {
			return opened.error;
		}
	};
}
