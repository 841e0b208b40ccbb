/**
 * A compartment's comments document ↔ domain values. Remarks are plain, immutable values appended
 * to one top-level array, tied to an item of the compartment by its id (e.g. a plan action), so a
 * commenter never writes the compartment itself (AC6). The author fields are what the writing
 * client claims; the server's update log holds who really sent each change (AL3).
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { commentsRoots } from './doc-schema.js';
import { LOCAL_ORIGIN } from './origins.js';
import { m } from '../paraglide/messages.js';

/** One remark. */
export const Remark = z.object({
	id: z.string().min(1).max(64),
	/** The commented item's id, e.g. an action id of the plan. */
	itemId: z.string().min(1).max(64),
	text: z
		.string()
		.trim()
		.min(1, m.domain_remark_text_required())
		.max(2000, m.domain_remark_text_too_long()),
	authorId: z.string().min(1).max(64),
	authorName: z.string().max(200),
	authorRole: z.string().max(64),
	/** Device time, ISO. */
	at: z.string().datetime({ offset: true })
});
export type Remark = z.infer<typeof Remark>;

/** Remarks that parse, in document order, and a count of those that do not (kept, not shown). */
export function readRemarks(doc: Y.Doc): { remarks: Remark[]; invalid: number } {
	const remarks: Remark[] = [];
	let invalid = 0;
	for (const raw of commentsRoots(doc).remarks.toArray()) {
		const p = Remark.safeParse(raw);
		if (p.success) remarks.push(p.data);
		else invalid++;
	}
	return { remarks, invalid };
}

/** Appends a remark after validating it; returns the Polish error instead of writing bad input. */
export function addRemark(
	doc: Y.Doc,
	r: Omit<Remark, 'id' | 'at'>,
	now = new Date()
): { ok: true; id: string } | { ok: false; error: string } {
	const p = Remark.safeParse({ ...r, id: crypto.randomUUID(), at: now.toISOString() });
	if (!p.success)
		return { ok: false, error: p.error.issues[0]?.message ?? m.domain_remark_invalid() };
	doc.transact(() => commentsRoots(doc).remarks.push([p.data]), LOCAL_ORIGIN);
	return { ok: true, id: p.data.id };
}
