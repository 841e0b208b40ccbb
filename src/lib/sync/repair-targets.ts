/**
 * [RE1] Which schema checks a correction, by the list the malformed item was read from. Every
 * list root name is unique across documents (doc-schema.ts), so one entry point serves them all.
 */
import type * as Y from 'yjs';
import type { z } from 'zod';
import { Assessment, assessmentNarratives } from '../domain/assessment.js';
import { CourtOpinion, opinionSections } from '../domain/court.js';
import { Member, Professionals } from '../domain/family.js';
import { Contact, MonitoringContact, SafetyConcern } from '../domain/safety.js';
import { Visit, VisitNarrative } from '../domain/visit.js';
import { Action, Goal } from '../domain/work-plan.js';
import type { InvalidItem } from '../domain/invalid-item.js';
import {
	jsonSnapshot,
	repairListItem,
	repairMap,
	type RepairOptions,
	type RepairResult
} from './record-repair.js';

interface Target {
	schema: z.ZodType;
	opts: RepairOptions;
}

const TARGETS: Record<string, Target> = {
	assessments: { schema: Assessment, opts: { narratives: assessmentNarratives } },
	opinions: { schema: CourtOpinion, opts: { narratives: opinionSections } },
	visits: { schema: Visit, opts: { narratives: VisitNarrative.options } },
	safety: { schema: SafetyConcern, opts: { narratives: ['description', 'outcome'] } },
	contacts: { schema: Contact, opts: { narratives: ['outcome'] } },
	monitoring: { schema: MonitoringContact, opts: { narratives: ['observations'] } },
	// [SY10] A plan's short fields are whole values: corrected as such.
	goals: { schema: Goal, opts: { snapshot: jsonSnapshot } },
	actions: { schema: Action, opts: { snapshot: jsonSnapshot } },
	// [SY13] A member's name is a whole value: a repair writes it whole too.
	members: { schema: Member, opts: { snapshot: jsonSnapshot } }
};

/** Whether an invalid item can be corrected in place (append-only log entries cannot, RE4). */
export function isRepairable(item: InvalidItem): boolean {
	if (item.appendOnly || !item.at) return false;
	return item.at.list === 'professionals' || item.at.list in TARGETS;
}

/** [RE1][RE2] Corrects `item` of `doc` with the edited raw `text`, or says why not. */
export function repairInvalid(doc: Y.Doc, item: InvalidItem, text: string): RepairResult {
	if (item.appendOnly) return { ok: false, reason: 'append-only' };
	const list = item.at?.list;
	if (list === 'professionals') return repairMap(doc.getMap(list), Professionals, text);
	const target = list ? TARGETS[list] : undefined;
	if (!list || !target) return { ok: false, reason: 'changed' };
	return repairListItem(doc.getArray(list), target.schema, item, text, target.opts);
}
