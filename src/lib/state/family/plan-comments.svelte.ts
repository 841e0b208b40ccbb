/**
 * Remarks on the plan's actions, over the plan's open comments document (AC6). `remarks` is a
 * parsed snapshot refreshed after every transaction, so the assistant sees a kurator's remark the
 * moment it arrives; `add` is the one write.
 */
import { m } from '$lib/paraglide/messages.js';
import { getContext, setContext } from 'svelte';
import type { DocHandle } from '$lib/sync/connect';
import { addRemark, readRemarks, type Remark } from '$lib/sync/comments-doc';
import type { DocRole } from '$lib/sync/protocol';
import { acquireRef, openCompartment } from '../documents/compartment.svelte';
import { DocumentState } from '../documents/document-state.svelte';

export type { Remark };

/** Who writes remarks from this device. */
export interface RemarkAuthor {
	id: string;
	name: string;
	role: string;
}

export class PlanCommentsState extends DocumentState<Remark[]> {
	#author: RemarkAuthor;

	constructor(handle: DocHandle, role: DocRole, author: RemarkAuthor) {
		super(handle, role, (doc) => readRemarks(doc).remarks);
		this.#author = author;
	}

	/** The remarks as of the last transaction. */
	get remarks(): Remark[] {
		return this.current;
	}

	/** Whether this user may add remarks (the server enforces it too). */
	get canWrite(): boolean {
		return this.canEdit;
	}

	/** Remarks on one item, oldest first. */
	forItem(itemId: string): Remark[] {
		return this.remarks.filter((r) => r.itemId === itemId);
	}

	/** Adds a remark; returns a Polish error for input that would not be stored. */
	add(itemId: string, text: string): string | null {
		if (!this.canWrite) return m.common_remark_no_write();
		const r = this.handle.transact((doc) =>
			addRemark(doc, {
				itemId,
				text,
				authorId: this.#author.id,
				authorName: this.#author.name,
				authorRole: this.#author.role
			})
		);
		return r.ok ? null : r.error;
	}
}

const CONTEXT = Symbol('plan-comments');

/** What the plan page hands down: the remarks state once its document is open, else null. */
export interface PlanCommentsRef {
	readonly current: PlanCommentsState | null;
}

/** Makes the plan's remarks available to every action below (ActionRemarks). */
export function setPlanComments(ref: PlanCommentsRef): void {
	setContext(CONTEXT, ref);
}

/** The plan's remarks, if the page provided them. */
export function getPlanComments(): PlanCommentsRef | null {
	return getContext<PlanCommentsRef | undefined>(CONTEXT) ?? null;
}

/** What the page knows: the signed-in user and the plan's comments document, if granted. */
export interface CommentsSource {
	user: { id: string; name: string; role: string };
	ref: { name: string; epoch: number; role: DocRole } | null;
}

/**
 * Opens the comments document while the page shows a family and follows it; call during
 * component init. Depends on primitive values only, so a refreshed family list (new objects,
 * same values) does not reopen it.
 */
export function followPlanComments(source: () => CommentsSource | null): PlanCommentsRef {
	return openCompartment({
		args: () => {
			const s = source();
			if (!s?.ref) return null;
			const { user, ref } = s;
			const { name, epoch, role } = ref;
			return { userId: user.id, userName: user.name, userRole: user.role, name, epoch, role };
		},
		acquire: acquireRef,
		make: (od, a) =>
			new PlanCommentsState(od.handle, a.role, {
				id: a.userId,
				name: a.userName,
				role: a.userRole
			}),
		close: (made) => made.destroy(),
		// Without its comments the plan still works; remarks simply do not show.
		failed: () => '',
		followDiscard: true
	});
}
