/**
 * The family's core document ↔ domain values: family record, members, flags, problem areas,
 * linked professionals and the append-only case event log. Reads are zod-parsed; every write is
 * one named transaction.
 */
import * as Y from 'yjs';
import { CaseEvent, parseCaseLog, reduceCase, type CaseView } from '../domain/case-events.js';
import {
	FamilyFlag,
	HouseholdText,
	Member,
	ProblemArea,
	Professionals,
	type Relation
} from '../domain/family.js';
import type { InvalidItem } from '../domain/work-plan.js';
import { CoreRoot, coreRoots, HouseholdKey, MemberKey, type HouseholdField } from './doc-schema.js';
import { describeInvalid, rawText } from './record-repair.js';
import { LOCAL_ORIGIN } from './origins.js';

export interface CoreFile {
	address: string;
	workPlace: string;
	flags: Record<FamilyFlag, boolean>;
	problems: ProblemArea[];
	members: Member[];
	professionals: Professionals;
	caseEvents: CaseEvent[];
	caseView: CaseView;
	invalid: InvalidItem[];
}

/** A parsed snapshot of the core document. */
export function readCore(doc: Y.Doc): CoreFile {
	const r = coreRoots(doc);
	const invalid: InvalidItem[] = [];
	const flags = Object.fromEntries(
		FamilyFlag.options.map((f) => [f, r.flags.get(f) === true])
	) as Record<FamilyFlag, boolean>;
	const problems = ProblemArea.options.filter((p) => r.problems.get(p) === true);
	const members: Member[] = [];
	r.members.toArray().forEach((m: unknown, index) => {
		const json = m instanceof Y.AbstractType ? m.toJSON() : m;
		const p = Member.safeParse(json);
		if (p.success) members.push(p.data);
		else
			invalid.push(
				describeInvalid(
					CoreRoot.members,
					index,
					json,
					p.error.issues.map((i) => i.message)
				)
			);
	});
	const prof = Professionals.safeParse(r.professionals.toJSON());
	if (!prof.success)
		invalid.push({
			id: 'professionals',
			raw: rawText(r.professionals.toJSON()),
			issues: prof.error.issues.map((i) => i.message),
			at: { list: CoreRoot.professionals, index: -1 }
		});
	const log = parseCaseLog(r.caseEvents.toArray());
	// [RE4] The case log is append-only: a malformed event is shown, never rewritten.
	for (const bad of log.invalid)
		invalid.push({
			id: null,
			raw: rawText(bad),
			// What the schema says is wrong, as for every other invalid record (no text of sync's own).
			issues: CaseEvent.safeParse(bad).error?.issues.map((i) => i.message) ?? [],
			appendOnly: true
		});
	return {
		address: householdText(doc, 'address'),
		workPlace: householdText(doc, 'workPlace'),
		flags,
		problems,
		members,
		professionals: prof.success ? prof.data : Professionals.parse({}),
		caseEvents: log.events,
		caseView: reduceCase(log.events),
		invalid
	};
}

/** Marks the schema version; every container is top-level or created with its item. */
export function initCore(doc: Y.Doc): void {
	doc.transact(() => coreRoots(doc).meta.set('schemaVersion', 1), LOCAL_ORIGIN);
}

/**
 * [SY13] The family's address or place of work: the whole value once written, else an older
 * document's collaborative text.
 */
export function householdText(doc: Y.Doc, field: HouseholdField): string {
	const r = coreRoots(doc);
	const v = r.household.get(HouseholdKey[field]);
	return typeof v === 'string' ? v : r[field].toString();
}

/** [SY13] Writes the family's address or place of work whole (never merged by character). */
export function setHouseholdText(doc: Y.Doc, field: HouseholdField, value: string): void {
	const v = HouseholdText.parse(value);
	doc.transact(() => coreRoots(doc).household.set(HouseholdKey[field], v), LOCAL_ORIGIN);
}

/** Sets or clears a family flag. */
export function setFlag(doc: Y.Doc, flag: FamilyFlag, on: boolean): void {
	const f = FamilyFlag.parse(flag);
	doc.transact(() => coreRoots(doc).flags.set(f, on), LOCAL_ORIGIN);
}

/** Marks or unmarks a problem area. */
export function setProblem(doc: Y.Doc, area: ProblemArea, on: boolean): void {
	const a = ProblemArea.parse(area);
	doc.transact(() => coreRoots(doc).problems.set(a, on), LOCAL_ORIGIN);
}

/** Sets the name of a linked professional. */
export function setProfessional(doc: Y.Doc, role: keyof Professionals, name: string): void {
	const value = Professionals.shape[role].parse(name);
	doc.transact(() => coreRoots(doc).professionals.set(role, value), LOCAL_ORIGIN);
}

/** Adds a family member; returns the id. */
export function addMember(
	doc: Y.Doc,
	init: { name: string; relation: Relation },
	id = crypto.randomUUID()
): string {
	const m = Member.parse({
		id,
		name: init.name,
		relation: init.relation,
		birthDate: '',
		adultSigner: false,
		school: '',
		parentalAuthority: '',
		whereabouts: '',
		address: ''
	});
	doc.transact(() => {
		const ym = new Y.Map<unknown>();
		for (const [k, v] of Object.entries(m)) ym.set(k, v);
		coreRoots(doc).members.push([ym]);
	}, LOCAL_ORIGIN);
	return id;
}

type MemberField = Exclude<keyof Member, 'id'>;

/** Sets one field of a member, validated by the member schema first. */
export function setMemberField<K extends MemberField>(
	doc: Y.Doc,
	id: string,
	field: K,
	value: Member[K]
): void {
	const v = Member.shape[field].parse(value);
	doc.transact(() => {
		const item = coreRoots(doc)
			.members.toArray()
			.find((m) => m instanceof Y.Map && m.get(MemberKey.id) === id);
		item?.set(MemberKey[field], v);
	}, LOCAL_ORIGIN);
}

/** Removes a member. */
export function removeMember(doc: Y.Doc, id: string): void {
	const { members } = coreRoots(doc);
	doc.transact(() => {
		const i = members.toArray().findIndex((m) => m instanceof Y.Map && m.get(MemberKey.id) === id);
		if (i >= 0) members.delete(i, 1);
	}, LOCAL_ORIGIN);
}

/** [CE1] Appends a case event after validating it; events are never edited or removed. */
export function appendCaseEvent(doc: Y.Doc, event: CaseEvent): void {
	const e = CaseEvent.parse(event);
	doc.transact(() => coreRoots(doc).caseEvents.push([e]), LOCAL_ORIGIN);
}
