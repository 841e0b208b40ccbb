/**
 * What a room is given once its stored state is in, per document kind: the write policy and
 * the audit of refusals (RM17), the conflicts found on writes (CF2, NC1), the authoring ranges'
 * handler (HI1) and the case projection after commits (CS4, CS5). Apart from rooms.ts because
 * this is the data layer's wiring of one document; the lifecycle is the same for every room.
 */
import {
	documentLookups,
	type DocumentInfo,
	type ProjectedDocument
} from '../src/lib/server/documents.js';
import type { Db } from '../src/lib/server/db.js';
import type { Sql } from '../src/lib/server/sql.js';
import { caseContextOf } from '../src/lib/server/caseload.js';
import { Compartment, DocKind } from '../src/lib/domain/compartments.js';
import { writePolicyOf } from '../src/lib/sync/write-policy.js';
import { attachAuthoring } from './authoring.js';
import {
	projectAssessmentsDoc,
	projectCoreDoc,
	projectViolenceDoc,
	type CaseProjector
} from './projection.js';
import type { ConflictRecorder } from './room-conflicts.js';
import type { Room } from './room.js';
import type { SyncAudit } from './sync-audit.js';
import { WriteGuard } from './write-guard.js';

/** Gives each loaded room the hooks of its document. */
export class RoomHooks {
	readonly #projectedDoc: (name: string) => ProjectedDocument | undefined;
	readonly #docInfo: (name: string) => DocumentInfo | undefined;

	constructor(
		private readonly db: Db,
		private readonly sql: Sql,
		private readonly log: (msg: string) => void,
		private readonly projector: CaseProjector,
		private readonly conflicts: ConflictRecorder,
		private readonly audit: SyncAudit
	) {
		const lookups = documentLookups(db);
		this.#projectedDoc = lookups.projected;
		this.#docInfo = lookups.info;
	}

	/** Equips a room whose stored state was just applied. */
	equip(room: Room): void {
		this.#guard(room);
		attachAuthoring(room, this.sql, this.log);
		this.#watchCase(room);
	}

	/**
	 * [RM17] Every document of a known kind gets its write policy; the case log's guards read the
	 * family's assistant, social worker, caseload and settings when a transition is appended.
	 * Refusals are audited once per socket and reason.
	 */
	#guard(room: Room): void {
		room.onRefused = (conn, refusal) => this.audit.refusal(conn, refusal);
		const doc = this.#docInfo(room.docName);
		const kind = DocKind.safeParse(doc?.kind);
		const compartment = Compartment.safeParse(doc?.compartment);
		if (!doc || !kind.success || !compartment.success) return;
		const policy = writePolicyOf(kind.data, compartment.data);
		if (!policy) return;
		const familyId = doc.family_id;
		room.guard = new WriteGuard(room.docObject, policy, () => caseContextOf(this.db, familyId));
		room.onConcurrent = (conn, found) =>
			this.conflicts.recordConcurrent(room, familyId, conn, found);
		room.onNarratives = (conn, found) =>
			this.conflicts.recordNarratives(room, familyId, conn, found);
	}

	/**
	 * [CS4][CS5] A family's core and assessments documents are projected after every commit of
	 * their rows, and once on load (documents stored before projections existed). Other documents
	 * pay nothing.
	 */
	#watchCase(room: Room): void {
		const found = this.#projectedDoc(room.docName);
		if (!found) return;
		const projection =
			found.compartment === 'core'
				? projectCoreDoc
				: found.compartment === 'violence'
					? projectViolenceDoc
					: projectAssessmentsDoc;
		const project = () =>
			this.projector.schedule(room.docName, found.family_id, room.doc, room.owners, projection);
		room.onCommit = project;
		project();
	}
}
