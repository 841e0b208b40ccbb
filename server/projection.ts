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
import type { Db } from '../src/lib/server/db.js';
import { lastAssessmentDate, readAssessments } from '../src/lib/sync/assessments-doc.js';
import { readCore } from '../src/lib/sync/core-doc.js';
import { readNk } from '../src/lib/sync/nk-doc.js';
import { reviewStoredCaseLog } from './case-log-review.js';

/** Quiet time after the last commit before a document is read. */
export const PROJECTION_DEBOUNCE_MS = 1000;

/**
 * Reads one family document and writes what the server keeps of it. `owners` binds the
 * document's Yjs client ids to users (RM16).
 */
export type Projection = (
	db: Db,
	familyId: string,
	doc: Y.Doc,
	owners: ReadonlyMap<number, string>
) => void;

/** [CS4] The case as the core document's event log says. */
export const projectCoreDoc: Projection = (db, familyId, doc, owners) => {
	const core = readCore(doc);
	projectCase(db, familyId, core.caseView);
	recordEventReceipts(
		db,
		familyId,
		core.caseEvents.map((e) => e.id)
	);
	// [ZG3] A concern's alert, once per event, addressed to the head and the social worker.
	raiseSafetyAlerts(db, familyId, core.caseEvents);
	// [CE8] Entries stored before the server checked the log, named for the head.
	reviewStoredCaseLog(db, familyId, doc, owners);
};

/** [CS5] The latest periodic assessment, from the assessments document. */
export const projectAssessmentsDoc: Projection = (db, familyId, doc) => {
	projectLastAssessment(db, familyId, lastAssessmentDate(readAssessments(doc).assessments));
};

/** [NK3] The Niebieska Karta procedures' dates, from the violence document, for the head. */
export const projectViolenceDoc: Projection = (db, familyId, doc) => {
	projectNkDates(
		db,
		familyId,
		readNk(doc).procedures.map((p) => ({
			startedOn: p.startedOn,
			suspectAbsent: p.suspectAbsent,
			toChairOn: p.toChairOn,
			toGroupOn: p.toGroupOn,
			firstMeetingOn: p.firstMeetingOn,
			suspectNotifiedOn: p.suspectNotifiedOn
		}))
	);
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

	constructor(
		private readonly db: Db,
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
		const timer = setTimeout(() => this.flush(docName), this.debounceMs);
		timer.unref();
		this.#pending.set(docName, { timer, familyId, doc, owners, project });
	}

	/** Runs a scheduled projection now (before the document unloads); no-op if none. */
	flush(docName: string): void {
		const p = this.#pending.get(docName);
		if (!p) return;
		clearTimeout(p.timer);
		this.#pending.delete(docName);
		try {
			p.project(this.db, p.familyId, p.doc, p.owners);
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
