/**
 * [RM17] Enforces a document's write policy (src/lib/sync/write-policy.ts) on every update before
 * it touches the live document.
 *
 * Yjs cannot roll back an applied update, so each update is first applied to a shadow copy of
 * the document (stack.md §9 rule 6). The shadow's transaction tells exactly what the update adds
 * (the structs past the state before it) and what it deletes (the transaction's delete set); both
 * are checked against the policy of the root they fall under (write-inspect.ts, record-guard.ts).
 * A refused update never reaches the live document; the shadow is then rebuilt from the live one.
 * An accepted update is applied to the live document too, so the two stay equal. The shadow exists
 * only while someone writes.
 */
import * as Y from 'yjs';
import type { DocPolicy } from '../src/lib/sync/write-policy.js';
import type { CaseContext } from './case-guard.js';
import { findConcurrentWrites, type ConcurrentFindings } from './concurrent-writes.js';
import { DeletedText } from './deleted-text.js';
import {
	findNarrativeOverlaps,
	type NarrativeOverlap,
	type WriterKnowledge
} from './narrative-conflicts.js';
import { SHADOW_ORIGIN } from '../src/lib/sync/origins.js';
import { inspect } from './write-inspect.js';

/** Why an update was refused; sent to the writer in a `write-refused` notice and audited. */
export type RefusalCode =
	| 'unknown-root'
	| 'not-a-record'
	| 'invalid-value'
	| 'unknown-field'
	| 'container-later'
	| 'field-not-yours'
	| 'deletes'
	| 'removes-record'
	| 'foreign-author'
	| 'not-an-exit'
	| 'not-your-transition'
	| 'guard'
	| 'submit-only'
	| 'incomplete';

/** A refusal with an optional short detail for the audit (never document content). */
export interface Refusal {
	code: RefusalCode;
	detail?: string;
}

/** The writer as the session knows them: stamps must equal these. */
export interface Writer {
	userId: string;
	name: string;
	staffRole: string;
	/** [NC1] The writer's Yjs client ids (marks the text it deletes); none when not given. */
	clients?: () => readonly number[];
	/**
	 * [NK2] Set for a write-only (`submit`) socket: whether a Yjs client id is the writer's own
	 * (bound to them, or claimed by this update). Such a writer adds records to the policy's
	 * `submitRoots` and changes fields of records it created; nothing else.
	 */
	ownsClient?: (clientId: number) => boolean;
}

/** The shadow copy of one live document and the policy it enforces. */
export class WriteGuard {
	#shadow: Y.Doc | null = null;
	/** [CF1] What the last accepted update wrote concurrently (null: nothing). */
	concurrent: ConcurrentFindings | null = null;
	/** [NC1] Passages the last accepted reconnect update merged into unseen changes. */
	narratives: NarrativeOverlap[] = [];
	/** [NC1] Narrative text accepted updates deleted, for a later offline writer's version. */
	readonly deleted = new DeletedText();

	constructor(
		private readonly live: Y.Doc,
		private readonly policy: DocPolicy,
		private readonly caseContext: () => CaseContext
	) {}

	/** Null when `update` may be applied to the live document; otherwise why not. */
	/**
	 * `knowledge`: what the writer had seen, for an update a device sends on reconnect (its
	 * offline writes); null for a live edit, which is not examined for narrative overlaps (NC1).
	 */
	check(
		update: Uint8Array,
		writer: Writer,
		knowledge: WriterKnowledge | null = null
	): Refusal | null {
		const shadow = (this.#shadow ??= copyOf(this.live));
		const pendingBefore = hasPending(shadow);
		let refusal: Refusal | null = null;
		this.concurrent = null;
		this.narratives = [];
		const inspectTr = (tr: Y.Transaction) => {
			if (tr.origin !== SHADOW_ORIGIN) return;
			refusal = inspect(tr, this.policy, writer, this.caseContext);
			if (!refusal) {
				const found = findConcurrentWrites(tr, this.policy, update, knowledge);
				if (found.writes.length + found.removed.length + found.orphans.length > 0)
					this.concurrent = found;
				this.narratives = findNarrativeOverlaps(
					tr,
					this.policy,
					knowledge && { ...knowledge, deleted: this.deleted }
				);
				if (tr.deleteSet.clients.size > 0) this.deleted.record(tr, writer.clients ?? (() => []));
			}
		};
		shadow.on('afterTransaction', inspectTr);
		try {
			Y.applyUpdate(shadow, update, SHADOW_ORIGIN);
		} catch (err) {
			// Undecodable: the room closes the socket (4400); the shadow may be half-applied.
			this.#shadow = null;
			throw err;
		} finally {
			shadow.off('afterTransaction', inspectTr);
		}
		// Structs waiting for ones the server never received could later land anywhere unchecked,
		// and the part that did integrate cannot be judged without them: ask for the rest first.
		// (A stored history that already waits on something must not lock every writer out.)
		if (!pendingBefore && hasPending(shadow)) refusal = { code: 'incomplete' };
		if (refusal) {
			this.concurrent = null;
			this.narratives = [];
			shadow.destroy();
			this.#shadow = null;
		}
		return refusal;
	}

	/** Frees the shadow (the room unloads, or nobody has written for a while). */
	release(): void {
		this.#shadow?.destroy();
		this.#shadow = null;
	}
}

function copyOf(doc: Y.Doc): Y.Doc {
	const copy = new Y.Doc({ gc: true });
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	return copy;
}

function hasPending(doc: Y.Doc): boolean {
	return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}
