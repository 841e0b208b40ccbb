/**
 * Projects a family's documents into the database after their updates commit: the core document
 * (case state, consent, plan versions) so caseloads (G1) and the head's view see real states, and
 * the assessments document (date of the latest assessment) for the head's overdue list. Debounced
 * per document: a burst of typing costs one read of the document, off the message path.
 */
import type * as Y from 'yjs';
import {
	projectCase,
	projectLastAssessment,
	projectNkDates,
	recordEventReceipts
} from '../src/lib/server/case-projection.js';
import { raiseSafetyAlerts } from '../src/lib/server/alerts.js';
import type { Sql } from '../src/lib/server/sql.js';
import { lastAssessmentDate, readAssessments } from '../src/lib/sync/assessments-doc.js';
import { readCore } from '../src/lib/sync/core-doc.js';
import { readNk } from '../src/lib/sync/nk-doc.js';
import { reviewStoredCaseLog } from './case-log-review.js';

/** Quiet time after the last commit before a document is read. */
export const PROJECTION_DEBOUNCE_MS = 1000;

/**
 * Reads one family document and returns the writes of what the server keeps of it. `owners`
 * binds the document's Yjs client ids to users (RM16). The document is read in the call itself,
 * so it may be destroyed once the call returns; the writes run when the projector says.
 */
export type Projection = (
	sql: Sql,
	familyId: string,
	doc: Y.Doc,
	owners: ReadonlyMap<number, string>
) => () => Promise<void>;

/** [CS4] The case as the core document's event log says. */
export const projectCoreDoc: Projection = (sql, familyId, doc, owners) => {
	const core = readCore(doc);
	// [CE8] Entries stored before the server checked the log, named for the head.
	const review = reviewStoredCaseLog(sql, familyId, doc, owners);
	return async () => {
		await projectCase(sql, familyId, core.caseView);
		await recordEventReceipts(
			sql,
			familyId,
			core.caseEvents.map((e) => e.id)
		);
		// [ZG3] A concern's alert, once per event, addressed to the head and the social worker.
		await raiseSafetyAlerts(sql, familyId, core.caseEvents);
		await review();
	};
};

/** [CS5] The latest periodic assessment, from the assessments document. */
export const projectAssessmentsDoc: Projection = (sql, familyId, doc) => {
	const date = lastAssessmentDate(readAssessments(doc).assessments);
	return () => projectLastAssessment(sql, familyId, date);
};

/** [NK3] The Niebieska Karta procedures' dates, from the violence document, for the head. */
export const projectViolenceDoc: Projection = (sql, familyId, doc) => {
	const dates = readNk(doc).procedures.map((p) => ({
		startedOn: p.startedOn,
		suspectAbsent: p.suspectAbsent,
		toChairOn: p.toChairOn,
		toGroupOn: p.toGroupOn,
		firstMeetingOn: p.firstMeetingOn,
		suspectNotifiedOn: p.suspectNotifiedOn
	}));
	return () => projectNkDates(sql, familyId, dates);
};

type Pending = {
	timer: NodeJS.Timeout;
	familyId: string;
	doc: Y.Doc;
	owners: ReadonlyMap<number, string>;
	project: Projection;
};

/** Schedules and runs projections of family documents. */
export class CaseProjector {
	readonly #pending = new Map<string, Pending>();
	/**
	 * Per document, the writes under way: a newer projection's writes wait for the older ones,
	 * so a slow write (PostgreSQL) never lands after, and over, a newer one. A drain waits too.
	 */
	readonly #writing = new Map<string, Promise<void>>();

	constructor(
		private readonly sql: Sql,
		private readonly log: (msg: string) => void,
		private readonly debounceMs = PROJECTION_DEBOUNCE_MS
	) {}

	/** Projects `doc` after the debounce; a newer call for the same document restarts it. */
	schedule(
		docName: string,
		familyId: string,
		doc: Y.Doc,
		owners: ReadonlyMap<number, string>,
		project: Projection
	): void {
		const old = this.#pending.get(docName);
		if (old) clearTimeout(old.timer);
		const timer = setTimeout(() => void this.flush(docName), this.debounceMs);
		timer.unref();
		this.#pending.set(docName, { timer, familyId, doc, owners, project });
	}

	/**
	 * Runs a scheduled projection now (before the document unloads); no-op if none. The document
	 * is read before this returns; the promise settles once the document's writes are done.
	 */
	flush(docName: string): Promise<void> {
		const p = this.#pending.get(docName);
		if (p) {
			clearTimeout(p.timer);
			this.#pending.delete(docName);
			// A projection is derived data: failing it must never disturb syncing.
			const fail = (err: unknown) =>
				this.log(`Asysta sync: projecting ${docName} failed: ${String(err)}`);
			let write: (() => Promise<void>) | null = null;
			try {
				write = p.project(this.sql, p.familyId, p.doc, p.owners);
			} catch (err) {
				fail(err);
			}
			if (write) {
				const writes = write;
				const before = this.#writing.get(docName) ?? Promise.resolve();
				const done: Promise<void> = before.then(writes).catch(fail);
				this.#writing.set(docName, done);
				void done.finally(() => {
					if (this.#writing.get(docName) === done) this.#writing.delete(docName);
				});
			}
		}
		return this.#writing.get(docName) ?? Promise.resolve();
	}

	/** Runs every scheduled projection and waits for every write under way (shutdown). */
	async flushAll(): Promise<void> {
		for (const name of [...this.#pending.keys()]) void this.flush(name);
		await Promise.all(this.#writing.values());
	}
}
