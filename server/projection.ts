/**
 * Projects a family's core document into the database (case state, consent, plan versions) after
 * its updates commit, so caseloads (G1) and the head's view see real states. Debounced per
 * document: a burst of typing costs one read of the document, off the message path.
 */
import type * as Y from 'yjs';
import { projectCase, recordEventReceipts } from '../src/lib/server/case-projection.js';
import type { Db } from '../src/lib/server/db.js';
import { readCore } from '../src/lib/sync/core-doc.js';

/** Quiet time after the last commit before a core document is read. */
export const PROJECTION_DEBOUNCE_MS = 1000;

type Pending = { timer: NodeJS.Timeout; familyId: string; doc: Y.Doc };

/** Schedules and runs projections of core documents. */
export class CaseProjector {
	readonly #pending = new Map<string, Pending>();

	constructor(
		private readonly db: Db,
		private readonly log: (msg: string) => void,
		private readonly debounceMs = PROJECTION_DEBOUNCE_MS
	) {}

	/** Projects `doc` after the debounce; a newer call for the same document restarts it. */
	schedule(docName: string, familyId: string, doc: Y.Doc): void {
		const old = this.#pending.get(docName);
		if (old) clearTimeout(old.timer);
		const timer = setTimeout(() => this.flush(docName), this.debounceMs);
		timer.unref();
		this.#pending.set(docName, { timer, familyId, doc });
	}

	/** Runs a scheduled projection now (before the document unloads); no-op if none. */
	flush(docName: string): void {
		const p = this.#pending.get(docName);
		if (!p) return;
		clearTimeout(p.timer);
		this.#pending.delete(docName);
		try {
			const core = readCore(p.doc);
			projectCase(this.db, p.familyId, core.caseView);
			recordEventReceipts(
				this.db,
				p.familyId,
				core.caseEvents.map((e) => e.id)
			);
		} catch (err) {
			// A projection is derived data: failing it must never disturb syncing.
			this.log(`Asysta sync: projecting ${docName} failed: ${String(err)}`);
		}
	}

	/** Runs every scheduled projection (shutdown). */
	flushAll(): void {
		for (const name of [...this.#pending.keys()]) this.flush(name);
	}
}
