/**
 * A compartment's comments document ↔ domain values. Remarks are plain, immutable values appended
 * to one top-level array, tied to an item of the compartment by its id (e.g. a plan action), so a
 * commenter never writes the compartment itself (AC6). The author fields are what the writing
 * client claims; the server's update log holds who really sent each change (AL3).
 */
import * as Y from 'yjs';
import { commentsRoots } from './doc-schema.js';
import { LOCAL_ORIGIN } from './origins.js';
import { Remark, remarkError } from '../domain/remark.js';
import type { Result } from '../domain/result.js';

export { Remark };

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

/** Appends a remark after validating it; returns the domain's error instead of writing bad input. */
export function addRemark(
	doc: Y.Doc,
	r: Omit<Remark, 'id' | 'at'>,
	now = new Date()
): Result<{ id: string }, { error: string }> {
	const p = Remark.safeParse({ ...r, id: crypto.randomUUID(), at: now.toISOString() });
	if (!p.success) return { ok: false, error: remarkError(p.error) };
	doc.transact(() => commentsRoots(doc).remarks.push([p.data]), LOCAL_ORIGIN);
	return { ok: true, id: p.data.id };
}
