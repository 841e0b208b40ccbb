/**
 * The one base for state over an open document (issue 14): `current` is a parsed snapshot read
 * again after every transaction, `canEdit` follows the role, writes go through the handle's
 * `transact`, and `destroy` stops following (the document stays open in the pool). Given a
 * family id it also follows the family's conflicts [CF6][NC2].
 */
import type { DocHandle } from '$lib/sync/connect';
import type { DocRead } from '$lib/sync/doc-access';
import type { DocRole } from '$lib/sync/protocol';
import type { FamilyId } from '$lib/domain/ids';
import { ConflictsState } from '../family/conflicts.svelte';

export abstract class DocumentState<T> {
	/** The parsed snapshot of the document, frozen until the next transaction. */
	current = $state.raw<T>() as T;
	/** Whether this user may write (the server enforces it too). */
	readonly canEdit: boolean;
	/** The family's conflicts, shown beside the fields they concern; null without a family id. */
	readonly conflicts: ConflictsState | null;
	protected readonly handle: DocHandle;
	readonly #read: DocRead<T>;
	readonly #stop: () => void;

	constructor(handle: DocHandle, role: DocRole, read: DocRead<T>, familyId?: FamilyId) {
		this.handle = handle;
		this.canEdit = role === 'edit';
		this.#read = read;
		this.conflicts = familyId ? new ConflictsState(familyId) : null;
		this.conflicts?.follow(handle);
		this.refresh();
		this.#stop = handle.observe(() => this.refresh());
	}

	/** Reads the snapshot again (after every transaction, and after a write that threw). */
	protected refresh(): void {
		this.current = this.handle.read(this.#read);
	}

	/** Stops following the document (it stays open in the pool). */
	destroy(): void {
		this.conflicts?.destroy();
		this.#stop();
	}
}
