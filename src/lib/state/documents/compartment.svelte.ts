/**
 * The family frame (issue 14): one way for a page or component to open a compartment of a family
 * (its documents in the pool) while it shows, and close what it built when it stops showing.
 *
 * Invariant: the open depends on primitive values only. A refreshed family list or a confirmed
 * session brings new objects with the same values and must not tear down an editor under the
 * user's fingers, so `args` is reduced to a string key and only a change of that key reopens.
 */
import { getContext, setContext } from 'svelte';
import type { DocRole } from '$lib/sync/protocol';
import type { DocumentName, FamilyId, UserId } from '$lib/domain/ids';
import { auth } from '../account/auth.svelte';
import { documents, type OpenDoc } from './documents.svelte';
import type { FamilyEntry } from '../api/families.svelte';

/** A value that may stand in the key of an open (no objects: they change identity). */
type Primitive = string | number | boolean | null;

/** One document of a family as the family list names it. */
export interface CompartmentRef {
	name: DocumentName;
	epoch: number;
	role: DocRole;
}

/** What a compartment holds while it shows: its built state, or why it could not be opened. */
export interface Compartment<T> {
	readonly current: T | null;
	readonly error: string | null;
}

/** How to open one compartment; `args` null means there is nothing to open (no grant, no user). */
export interface CompartmentSpec<A extends Record<string, Primitive>, D, T> {
	args: () => A | null;
	/** Acquires the documents from the pool. */
	acquire: (args: A) => Promise<D>;
	/** Builds the state over the acquired documents; not called when the page moved on. */
	make: (acquired: D, args: A) => T;
	/** Stops the state following its documents (they stay open in the pool). */
	close: (made: T) => void;
	/** The Polish message shown when the documents cannot be opened. */
	failed: () => string;
	/** [SY7] The document the sync indicator follows while this is open, if any. */
	focus?: (args: A) => DocumentName | null;
	/** Reopen after a discarded copy (the pool's generation moves). */
	followDiscard?: boolean;
}

/** The primitive parts of a document reference, to spread into `args`. */
export function refArgs(ref: CompartmentRef | null | undefined) {
	return ref ? { name: ref.name, epoch: ref.epoch, role: ref.role } : null;
}

/** The signed-in user and one document, as primitive args; null without either. */
export function docArgs(ref: CompartmentRef | null | undefined) {
	const user = auth.user;
	if (!user || !ref) return null;
	const { name, epoch, role } = ref;
	return { userId: user.id, userName: user.name, userColor: user.color, name, epoch, role };
}

/** Who the presence list and the records name, from `docArgs`. */
export function meOf(a: { userName: string; userColor: string }) {
	return { name: a.userName, color: a.userColor };
}

/** Acquires one document named by primitive args (`userId`, `name`, `epoch`, `role`). */
export function acquireRef(a: { userId: UserId } & CompartmentRef): Promise<OpenDoc> {
	return documents.acquire(a.userId, { name: a.name, epoch: a.epoch, role: a.role });
}

/** Opens a compartment while the calling component lives; call during component init. */
export function openCompartment<A extends Record<string, Primitive>, D, T>(
	spec: CompartmentSpec<A, D, T>
): Compartment<T> {
	let current = $state.raw<T | null>(null);
	let error = $state<string | null>(null);
	const key = $derived.by(() => {
		const a = spec.args();
		return a ? JSON.stringify(a) : null;
	});
	$effect(() => {
		if (!key) return;
		if (spec.followDiscard) void documents.generation;
		const args = JSON.parse(key) as A;
		let cancelled = false;
		let made: T | null = null;
		error = null;
		const focused = spec.focus?.(args) ?? null;
		if (focused) documents.focused = focused;
		spec.acquire(args).then(
			(acquired) => {
				if (cancelled) return;
				made = spec.make(acquired, args);
				current = made;
			},
			() => {
				if (!cancelled) error = spec.failed();
			}
		);
		return () => {
			cancelled = true;
			if (made) spec.close(made);
			current = null;
			if (focused && documents.focused === focused) documents.focused = null;
		};
	});
	return {
		get current() {
			return current;
		},
		get error() {
			return error;
		}
	};
}

/** What `routes/(app)/rodzina/+layout` hands to every family page. */
export interface FamilyFrame {
	/** The family id from the address (`?id=`), or ''. */
	readonly id: FamilyId;
	/** The family from the list on this device, or null while unknown or not granted. */
	readonly family: FamilyEntry | null;
	/** Whether a fresh family list was asked for at least once (else "loading", not "not found"). */
	readonly listTried: boolean;
}

const FRAME = Symbol('family-frame');

/** Provides the family to the pages below (the family layout). */
export function setFamilyFrame(frame: FamilyFrame): void {
	setContext(FRAME, frame);
}

/** The family the family layout provides; throws outside it (a bug). */
export function getFamilyFrame(): FamilyFrame {
	const frame = getContext<FamilyFrame | undefined>(FRAME);
	if (!frame) throw new Error('getFamilyFrame outside routes/(app)/rodzina');
	return frame;
}
