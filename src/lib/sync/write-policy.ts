/**
 * [RM17] The write policy of every document kind, declared once: which root types a document
 * has, what may be written into each, what may be removed, and which fields of an appended entry
 * must name the writer. The server enforces it on every update before the update is stored or
 * broadcast (server/write-guard.ts); the client reads the same declaration (e.g. which case events
 * a role may record), so a rule exists in one place only.
 *
 * Yjs gives whoever may write a document the whole document: without this, a client with edit
 * rights could delete the case log, sign events with someone else's name or add roots nobody
 * reads. The policy is data, not code paths, so a reviewer reads in one screen what each role
 * can do to each document.
 */
import { z } from 'zod';
import { CaseEvent } from '../domain/case-events.js';
import type { Compartment, DocKind } from '../domain/compartments.js';
import { Assessment } from '../domain/assessment.js';
import { CourtOpinion, CourtOrder } from '../domain/court.js';
import { HouseholdText, Member } from '../domain/family.js';
import { FinalAssessment } from '../domain/final-assessment.js';
import { Contact, MonitoringContact, SafetyConcern } from '../domain/safety.js';
import { Visit } from '../domain/visit.js';
import { NkRecord } from '../domain/niebieska-karta.js';
import { Action, Goal } from '../domain/work-plan.js';
import type { StaffRole } from '../domain/roles.js';
import { caseEventDates, type DateField } from '../domain/date-bounds.js';
import { Remark } from './comments-doc.js';
import {
	AssessmentsRoot,
	CommentsRoot,
	CoreRoot,
	CourtRoot,
	PlanRoot,
	SafetyRoot,
	NkRoot,
	VisitsRoot
} from './doc-schema.js';

/** Fields of an appended entry that must equal the writer's identity from the session. */
export interface Stamp {
	/** Key holding the writer's user id. */
	id: string;
	/** Key holding the writer's display name (optional in old entries, checked when present). */
	name?: string;
	/** Key holding the writer's staff role. */
	role?: string;
}

/** What may be written into one root type. */
export type RootRule =
	/** A Y.Map of plain values (settings, flags, references). */
	| { kind: 'map'; value: z.ZodType }
	/** A top-level Y.Text edited as collaborative text. */
	| { kind: 'text' }
	/**
	 * A Y.Array of records, one Y.Map each: plain fields checked against `schema` field by field,
	 * collaborative text fields (Y.Text, Y.XmlFragment) created only together with their record.
	 * `removal: 'any'` lets an editor remove a record (plan goals and actions are drafted);
	 * `'invalid-only'` lets a record that does not parse be replaced by a corrected one (RE1) but
	 * never removes a valid record of the case file. `byRole` names plain fields only some staff
	 * roles may set (the head's approval of a court opinion).
	 */
	| {
			kind: 'records';
			schema: z.ZodObject<z.ZodRawShape>;
			removal: 'any' | 'invalid-only';
			byRole?: Readonly<Record<string, readonly StaffRole[]>>;
			/** [DB1] Date fields and the bounds each must fit when written (the server's slack added). */
			dates?: Readonly<Record<string, DateField>>;
	  }
	/**
	 * An append-only log of plain JSON entries: never deleted or changed, every new entry parses
	 * with `entry` and names its writer in the `stamp` fields. `caseLog` adds the lifecycle checks
	 * of the case (who may take a transition, guards G3–G5) on the server.
	 */
	| {
			kind: 'log';
			entry: z.ZodType;
			stamp: Stamp;
			caseLog?: true;
			/** [DB3] An entry's dated fields and the bounds each must fit (the server's slack added). */
			dates?: (entry: unknown) => [DateField, unknown][];
	  };

/** The policy of one document kind: its roots; anything else is refused. */
export interface DocPolicy {
	roots: Readonly<Record<string, RootRule>>;
	/**
	 * [NK2] Roots a write-only (`submit`) socket may write: new records, and fields of records it
	 * created itself; nothing else, no removal. Absent: a submit socket writes nothing.
	 */
	submitRoots?: readonly string[];
}

const plainValue = { kind: 'map', value: jsonValue() } as const satisfies RootRule;
const text = { kind: 'text' } as const satisfies RootRule;
const records = (
	schema: z.ZodObject<z.ZodRawShape>,
	removal: 'any' | 'invalid-only' = 'invalid-only',
	opts: {
		byRole?: Readonly<Record<string, readonly StaffRole[]>>;
		dates?: Readonly<Record<string, DateField>>;
	} = {}
): RootRule => ({ kind: 'records', schema, removal, ...opts });

/** Case events name their actor; remarks their author. */
const CASE_STAMP: Stamp = { id: 'actorId', name: 'actorName', role: 'actorRole' };
const REMARK_STAMP: Stamp = { id: 'authorId', name: 'authorName', role: 'authorRole' };

const safety = {
	[SafetyRoot.safety]: records(SafetyConcern, 'invalid-only', { dates: { date: 'contactDate' } })
};

/** Root rules per compartment document (RM17). */
const FAMILY: Record<Compartment, DocPolicy> = {
	core: {
		roots: {
			[CoreRoot.meta]: plainValue,
			[CoreRoot.address]: text,
			[CoreRoot.workPlace]: text,
			// [SY13] The address and place of work as whole values, replacing the texts above.
			[CoreRoot.household]: { kind: 'map', value: HouseholdText },
			[CoreRoot.flags]: plainValue,
			[CoreRoot.problems]: plainValue,
			// Members are removed when a person leaves the family record (CaseSection).
			[CoreRoot.members]: records(Member, 'any', { dates: { birthDate: 'birthDate' } }),
			[CoreRoot.professionals]: plainValue,
			[CoreRoot.caseEvents]: {
				kind: 'log',
				entry: CaseEvent,
				stamp: CASE_STAMP,
				caseLog: true,
				dates: caseEventDates
			},
			[CoreRoot.contacts]: records(Contact, 'invalid-only', { dates: { date: 'contactDate' } }),
			[CoreRoot.monitoring]: records(MonitoringContact, 'invalid-only', {
				dates: { date: 'contactDate' }
			})
		}
	},
	plan: {
		roots: {
			[PlanRoot.meta]: plainValue,
			[PlanRoot.goals]: records(Goal, 'any'),
			[PlanRoot.actions]: records(Action, 'any', { dates: { deadline: 'planDeadline' } }),
			[PlanRoot.notes]: text,
			[PlanRoot.coordination]: plainValue
		}
	},
	visits: {
		roots: {
			[VisitsRoot.meta]: plainValue,
			[VisitsRoot.visits]: records(Visit, 'invalid-only', {
				dates: { date: 'visitDate', nextDate: 'visitNextDate' }
			}),
			...safety
		}
	},
	assessments: {
		roots: {
			[AssessmentsRoot.meta]: plainValue,
			[AssessmentsRoot.assessments]: records(Assessment, 'invalid-only', {
				dates: {
					date: 'assessmentDate',
					periodFrom: 'assessmentPeriod',
					periodTo: 'assessmentPeriod',
					passedOn: 'handOverDate',
					receivedOn: 'handOverDate'
				}
			}),
			[AssessmentsRoot.finalAssessments]: records(FinalAssessment, 'invalid-only', {
				dates: { date: 'finalDate', monitoringUntil: 'monitoringUntil' }
			})
		}
	},
	court: {
		roots: {
			[CourtRoot.meta]: plainValue,
			// [CO1] Only the head approves an opinion for sending.
			[CourtRoot.opinions]: records(CourtOpinion, 'invalid-only', {
				byRole: { headApproved: ['kierownik'] },
				dates: { received: 'opinionReceived', due: 'opinionDue', sentOn: 'opinionSentOn' }
			}),
			[CourtRoot.orders]: records(CourtOrder, 'invalid-only', {
				dates: {
					date: 'courtOrderDate',
					validFrom: 'courtOrderValidity',
					validUntil: 'courtOrderValidity'
				}
			})
		}
	},
	// [NK1] The Niebieska Karta procedures' dates live beside the violence-related safety records.
	// [NK2] The family's assistant outside the group may start a procedure, write-only.
	violence: {
		roots: {
			meta: plainValue,
			...safety,
			[NkRoot.procedures]: records(NkRecord, 'invalid-only', {
				dates: {
					startedOn: 'nkDate',
					toChairOn: 'nkDate',
					toGroupOn: 'nkDate',
					firstMeetingOn: 'nkDate',
					suspectNotifiedOn: 'nkDate'
				}
			})
		},
		submitRoots: [NkRoot.procedures]
	},
	health: { roots: { meta: plainValue } },
	'child-in-care': { roots: { meta: plainValue } }
};

/** Remarks (RM15): appended only, in the writer's own name (RM15). */
const COMMENTS: DocPolicy = {
	roots: { [CommentsRoot.remarks]: { kind: 'log', entry: Remark, stamp: REMARK_STAMP } }
};

/**
 * The policy of a document, or null for a document without a domain schema (benchmark scratch
 * documents), which only the client-id rule protects.
 */
export function writePolicyOf(kind: DocKind, compartment: Compartment): DocPolicy | null {
	switch (kind) {
		case 'family':
			return FAMILY[compartment];
		case 'comments':
			return COMMENTS;
		case 'scratch':
			return null;
	}
}

/** A plain value of a settings map; each reader parses its keys with their own schema. */
function jsonValue(): z.ZodType {
	return z.union([z.string().max(20_000), z.number(), z.boolean(), z.null()]);
}
