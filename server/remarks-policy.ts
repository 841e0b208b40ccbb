/**
 * [RM15] What a writer may do to a comments document: append remarks in their own name. Remarks
 * are immutable (AC6), so a socket that deletes anything, writes outside the remarks array, nests
 * shared types, or appends a remark whose author is someone else is refused before the update
 * touches the live document. Without this a commenter's client could rewrite other people's
 * remarks: Yjs grants whoever writes a document the whole document.
 */
import * as Y from 'yjs';
import { Remark } from '../src/lib/sync/comments-doc.js';
import { commentsRoots } from '../src/lib/sync/doc-schema.js';

/** Why an update to a comments document was refused. */
export type RemarksRefusal =
	'deletes' | 'outside-remarks' | 'not-a-remark' | 'foreign-author' | 'incomplete';

/**
 * Replays `update` on a scratch copy of `doc` and inspects what it would change. Comments
 * documents are small and written rarely, so the copy costs little; the live document is never
 * touched by a refused update.
 */
export function checkRemarksUpdate(
	doc: Y.Doc,
	update: Uint8Array,
	userId: string
): RemarksRefusal | null {
	const scratch = new Y.Doc({ gc: false });
	try {
		Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
		const pendingBefore = hasPending(scratch);
		const remarks = commentsRoots(scratch).remarks;
		let refusal: RemarksRefusal | null = null;
		scratch.once('afterTransaction', (tr: Y.Transaction) => {
			refusal = inspect(tr, remarks, userId);
		});
		Y.applyUpdate(scratch, update);
		if (refusal) return refusal;
		// Structs waiting for missing ones could later land anywhere: accept only what integrates.
		// (A stored history that already waits on something must not lock every writer out.)
		if (!pendingBefore && hasPending(scratch)) return 'incomplete';
		return null;
	} finally {
		scratch.destroy();
	}
}

function inspect(
	tr: Y.Transaction,
	remarks: Y.Array<unknown>,
	userId: string
): RemarksRefusal | null {
	if (tr.deleteSet.clients.size > 0) return 'deletes';
	for (const type of tr.changed.keys()) if (type !== remarks) return 'outside-remarks';
	for (let item = remarks._start; item !== null; item = item.right) {
		const before = tr.beforeState.get(item.id.client) ?? 0;
		if (item.id.clock + item.length <= before) continue; // stored before this update
		if (!(item.content instanceof Y.ContentAny)) return 'not-a-remark';
		// Only the part past the sender's previous clock is new (an item may straddle it).
		const fresh = item.content.getContent().slice(Math.max(0, before - item.id.clock));
		for (const value of fresh) {
			const remark = Remark.safeParse(value);
			if (!remark.success) return 'not-a-remark';
			if (remark.data.authorId !== userId) return 'foreign-author';
		}
	}
	return null;
}

function hasPending(doc: Y.Doc): boolean {
	return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}
