/**
 * The shape of every Y.Doc, and the only file that names Y.Map keys and root types.
 *
 * Rules (stack.md §9): only top-level named types at the root; one Y.Map per list item inside a
 * top-level Y.Array; nested containers (Y.Text inside an item) are created once, by the client
 * that creates the item, never by two clients under one key; free text that people may edit at
 * the same time is Y.Text, so concurrent edits merge instead of one overwriting the other.
 * Every read goes through zod in the *-doc.ts modules: any peer can write any value.
 */
import * as Y from 'yjs';

/** Bump when the layout changes; older clients then reload before editing. */
export const PLAN_SCHEMA_VERSION = 1;

/** Root type names of the plan document. */
export const PlanRoot = {
	meta: 'meta',
	goals: 'goals',
	actions: 'actions',
	notes: 'notes',
	/** [PC3] Coordinated mode (pkt 2): a map of CoordinationKey → string. */
	coordination: 'coordination'
} as const;

/** Keys of the plan's `coordination` map (plain strings; short references, not prose). */
export const CoordinationKey = {
	childPlanRef: 'childPlanRef',
	coordinator: 'coordinator'
} as const;

/** Keys of the `meta` map. */
export const MetaKey = { schemaVersion: 'schemaVersion' } as const;

/** Keys of a goal's Y.Map. `title` holds a Y.Text. */
export const GoalKey = { id: 'id', kind: 'kind', title: 'title' } as const;

/** Keys of an action's Y.Map. description, responsible and expectedEffect hold Y.Text. */
export const ActionKey = {
	id: 'id',
	goalId: 'goalId',
	description: 'description',
	responsible: 'responsible',
	deadline: 'deadline',
	expectedEffect: 'expectedEffect',
	status: 'status',
	doneDate: 'doneDate',
	/** [DU1] The art. 15 ust. 1 duty area (absent on older actions). */
	area: 'area'
} as const;

/** The plan document's root types. */
export function planRoots(doc: Y.Doc) {
	return {
		meta: doc.getMap<unknown>(PlanRoot.meta),
		goals: doc.getArray<Y.Map<unknown>>(PlanRoot.goals),
		actions: doc.getArray<Y.Map<unknown>>(PlanRoot.actions),
		notes: doc.getText(PlanRoot.notes),
		coordination: doc.getMap<unknown>(PlanRoot.coordination)
	};
}

/** Root type names of the core document (family record and case event log). */
export const CoreRoot = {
	meta: 'meta',
	/** Older documents' family address and place of work (collaborative text, read only). */
	address: 'address',
	workPlace: 'workPlace',
	/** [SY13] The family's address and place of work as whole values (`HouseholdKey`). */
	household: 'household',
	flags: 'flags',
	problems: 'problems',
	members: 'members',
	professionals: 'professionals',
	caseEvents: 'caseEvents',
	contacts: 'contacts',
	monitoring: 'monitoring'
} as const;

/** [SY13] Keys of the family's `household` map: short fields written whole. */
export const HouseholdKey = { address: 'address', workPlace: 'workPlace' } as const;
export type HouseholdField = keyof typeof HouseholdKey;

/** Keys of a member's Y.Map: plain values (an older member's name may hold a Y.Text). */
export const MemberKey = {
	id: 'id',
	name: 'name',
	relation: 'relation',
	birthDate: 'birthDate',
	adultSigner: 'adultSigner',
	school: 'school',
	parentalAuthority: 'parentalAuthority',
	whereabouts: 'whereabouts',
	/** [SY13] Where the member lives when not with the family (optional, whole value). */
	address: 'address'
} as const;

/**
 * The core document's root types. Free-text fields are top-level Y.Text, so no client ever has
 * to create them (a nested Y.Text created by two clients under one key would lose one). `flags` and `problems` are maps of booleans keyed by code, so
 * two people ticking different boxes never collide; `caseEvents` holds immutable JSON entries
 * that are only ever appended.
 */
export function coreRoots(doc: Y.Doc) {
	return {
		meta: doc.getMap<unknown>(CoreRoot.meta),
		address: doc.getText(CoreRoot.address),
		workPlace: doc.getText(CoreRoot.workPlace),
		household: doc.getMap<unknown>(CoreRoot.household),
		flags: doc.getMap<unknown>(CoreRoot.flags),
		problems: doc.getMap<unknown>(CoreRoot.problems),
		members: doc.getArray<Y.Map<unknown>>(CoreRoot.members),
		professionals: doc.getMap<unknown>(CoreRoot.professionals),
		caseEvents: doc.getArray<unknown>(CoreRoot.caseEvents),
		/** Inter-agency contacts (kontakt z instytucją): records, see record-list.ts. */
		contacts: doc.getArray<Y.Map<unknown>>(CoreRoot.contacts),
		/** Monitoring contacts after closure: records, see record-list.ts. */
		monitoring: doc.getArray<Y.Map<unknown>>(CoreRoot.monitoring)
	};
}

/** Root type names of the visits document. */
export const VisitsRoot = { meta: 'meta', visits: 'visits' } as const;

/*
 * Records (visits, assessments, opinions, …) are Y.Maps whose keys are the fields of their zod
 * schema in src/lib/domain (plus one Y.XmlFragment per narrative field): see record-list.ts.
 */

/** The visits document's root types. */
export function visitsRoots(doc: Y.Doc) {
	return {
		meta: doc.getMap<unknown>(VisitsRoot.meta),
		visits: doc.getArray<Y.Map<unknown>>(VisitsRoot.visits)
	};
}

/**
 * Root type name of the safety-concern records (zagrożenie / interwencja). The same root exists in
 * the visits document (not violence-related) and in the violence compartment (violence-related),
 * so a record's document is decided when it is made, never by a field inside one document.
 */
export const SafetyRoot = { safety: 'safety' } as const;

/** The safety-concern list of a visits or violence document. */
export function safetyRoots(doc: Y.Doc) {
	return { safety: doc.getArray<Y.Map<unknown>>(SafetyRoot.safety) };
}

/**
 * [NK1] Root type name of the Niebieska Karta procedures, in the violence compartment only (the
 * diagnostic group's document): the procedure's dates and nothing of its content.
 */
export const NkRoot = { procedures: 'niebieskaKarta' } as const;

/** The Niebieska Karta procedure list of the violence document. */
export function nkRoots(doc: Y.Doc) {
	return { procedures: doc.getArray<Y.Map<unknown>>(NkRoot.procedures) };
}

/** Root type names of a comments document (remarks on a compartment's items, e.g. plan actions). */
export const CommentsRoot = { remarks: 'remarks' } as const;

/** The comments document's root types: remarks are immutable plain values, appended only. */
export function commentsRoots(doc: Y.Doc) {
	return { remarks: doc.getArray<unknown>(CommentsRoot.remarks) };
}

/** Root type names of the assessments document (periodic assessments of the family). */
export const AssessmentsRoot = {
	meta: 'meta',
	assessments: 'assessments',
	/** [ZK1] Final assessments (ocena końcowa), a list of their own: never read as periodic ones. */
	finalAssessments: 'finalAssessments'
} as const;

/** The assessments document's root types. */
export function assessmentsRoots(doc: Y.Doc) {
	return {
		meta: doc.getMap<unknown>(AssessmentsRoot.meta),
		assessments: doc.getArray<Y.Map<unknown>>(AssessmentsRoot.assessments),
		finalAssessments: doc.getArray<Y.Map<unknown>>(AssessmentsRoot.finalAssessments)
	};
}

/** Root type names of the court document (opinions for the court; court orders). */
export const CourtRoot = { meta: 'meta', opinions: 'opinions', orders: 'orders' } as const;

/** The court document's root types. */
export function courtRoots(doc: Y.Doc) {
	return {
		meta: doc.getMap<unknown>(CourtRoot.meta),
		opinions: doc.getArray<Y.Map<unknown>>(CourtRoot.opinions),
		/** [CT1] Court orders (postanowienia): records, see record-list.ts. */
		orders: doc.getArray<Y.Map<unknown>>(CourtRoot.orders)
	};
}
