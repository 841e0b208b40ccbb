/**
 * Families, their documents and the grants that open them. A family's file is split into
 * compartment documents; a grant names the compartments it opens, with a role and a validity
 * period, and who gave it. Access is decided here for the HTTP API and the sync server alike.
 *
 * Past 250 lines on purpose: granting and deciding access share the grant rows and the role
 * rules, and one file keeps the single place where a document is opened.
 */
import type { Db } from './db.js';
import type { Sql } from './sql.js';
import { appendAudit } from './audit.js';
import {
	ASSISTANT_COMPARTMENTS,
	COMMENTABLE,
	Compartment,
	commentsDocName,
	familyDocName,
	type DocKind
} from '../domain/compartments.js';
import { DocRole } from '../sync/protocol.js';
import { m } from '../paraglide/messages.js';
import type { Done, Refusal } from '../domain/result.js';

/**
 * [AC4] Every compartment's document exists from the family's creation on, with a comments
 * document beside each commentable one: the list of what exists is then the same for everyone,
 * and the UI can show a compartment as restricted without knowing anything of its content.
 */
export async function registerFamilyDocuments(sql: Sql, familyId: string): Promise<void> {
	for (const c of Compartment.options)
		await registerDocument(sql, familyDocName(familyId, c), familyId, c, 'family');
	for (const c of COMMENTABLE)
		await registerDocument(sql, commentsDocName(familyId, c), familyId, c, 'comments');
}

export interface NewFamily {
	orgId: string;
	name: string;
	assistantId: string | null;
	createdBy: string | null;
}

/** Creates a family with all its documents; its assistant gets an edit grant (AC5). */
export async function createFamily(sql: Sql, f: NewFamily): Promise<string> {
	const id = crypto.randomUUID();
	const now = Date.now();
	await sql.tx(async (t) => {
		await t.run(
			'INSERT INTO families (id, org_id, name, assistant_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)',
			id,
			f.orgId,
			f.name,
			f.assistantId,
			now,
			f.createdBy
		);
		await registerFamilyDocuments(t, id);
		if (f.assistantId) {
			await grantAccess(t, {
				familyId: id,
				userId: f.assistantId,
				role: 'edit',
				compartments: ASSISTANT_COMPARTMENTS,
				grantedBy: f.createdBy,
				reason: m.api_grant_reason_lead_assistant()
			});
		}
	});
	return id;
}

/** Registers a document the server may sync. Idempotent. */
export async function registerDocument(
	sql: Sql,
	name: string,
	familyId: string | null,
	compartment: Compartment,
	kind: DocKind
): Promise<void> {
	await sql.run(
		`INSERT INTO documents (name, family_id, compartment, kind, created_at) VALUES (?, ?, ?, ?, ?)
		 ON CONFLICT (name) DO NOTHING`,
		name,
		familyId,
		compartment,
		kind,
		Date.now()
	);
}

export interface NewGrant {
	familyId: string;
	userId: string;
	role: DocRole;
	compartments: readonly Compartment[];
	grantedBy: string | null;
	reason: string;
	validFrom?: number;
	validTo?: number | null;
}

/** Records a grant and its audit entry. */
export async function grantAccess(sql: Sql, g: NewGrant): Promise<string> {
	const id = crypto.randomUUID();
	const now = Date.now();
	const role = DocRole.parse(g.role);
	const compartments = JSON.stringify(g.compartments.map((c) => Compartment.parse(c)));
	await sql.run(
		`INSERT INTO grants (id, family_id, user_id, role, compartments, valid_from, valid_to, granted_by, reason, created_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id,
		g.familyId,
		g.userId,
		role,
		compartments,
		g.validFrom ?? now,
		g.validTo ?? null,
		g.grantedBy,
		g.reason,
		now
	);
	await appendAudit(sql, {
		actorId: g.grantedBy,
		action: 'grant',
		object: g.userId,
		familyId: g.familyId,
		detail: { grantId: id, role: g.role, compartments: g.compartments }
	});
	return id;
}

const ROLE_RANK: Record<DocRole, number> = { submit: 0, read: 1, comment: 2, edit: 3 };

/** The strongest of two roles. */
export function strongerRole(a: DocRole | null, b: DocRole): DocRole {
	return a === null || ROLE_RANK[b] > ROLE_RANK[a] ? b : a;
}

export type DocumentAccess =
	| Done<{
			role: DocRole;
			familyId: string | null;
			compartment: Compartment;
			kind: DocKind;
			epoch: number;
	  }>
	| Refusal<{ code: 'unknown-document' | 'forbidden' }>;

type GrantRow = { role: DocRole; compartments: string };

/** Live grants of a user for a family: not revoked, inside their validity period. */
export async function liveGrants(
	sql: Sql,
	userId: string,
	familyId: string,
	now: number
): Promise<GrantRow[]> {
	return sql.all<GrantRow>(
		`SELECT role, compartments FROM grants
		 WHERE user_id = ? AND family_id = ? AND revoked_at IS NULL
		   AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)`,
		userId,
		familyId,
		now,
		now
	);
}

function roleFor(grants: GrantRow[], compartment: Compartment): DocRole | null {
	let role: DocRole | null = null;
	for (const g of grants) {
		const covered = JSON.parse(g.compartments) as string[];
		if (covered.includes(compartment)) role = strongerRole(role, g.role);
	}
	return role;
}

/**
 * [AC6] The role a compartment role gives on a document of that compartment: the compartment's
 * own document as granted; its comments document writable for commenters and editors (that is
 * what commenting means), read-only for readers.
 */
export function roleOnDocument(kind: DocKind, compartmentRole: DocRole | null): DocRole | null {
	if (compartmentRole === null || kind !== 'comments') return compartmentRole;
	return compartmentRole === 'read' ? 'read' : 'edit';
}

/**
 * [NK2] The family's assistant who edits the core file and holds no grant on the violence
 * compartment may still start a Niebieska Karta procedure there (the assistant fills in NK-A,
 * Dz.U. 2023 poz. 1870): write-only, never reading the compartment. A grant (membership of the
 * diagnostic group) always wins over it.
 */
function submitRole(
	grants: GrantRow[],
	assistantId: string | null,
	userId: string,
	kind: DocKind,
	compartment: Compartment
): DocRole | null {
	if (kind !== 'family' || compartment !== 'violence' || assistantId !== userId) return null;
	return roleFor(grants, 'core') === 'edit' ? 'submit' : null;
}

/** A row of `ACCESS_QUERY`. */
export type AccessRow = {
	family_id: string | null;
	compartment: Compartment;
	kind: DocKind;
	epoch: number;
	assistant_id: string | null;
	role: DocRole | null;
	compartments: string | null;
};

/**
 * The document, its family's assistant and the user's live grants in one statement: one row per
 * live grant, or one with no grant (params: `accessParams`). The sync server asks on every
 * connection, so this is one round trip on PostgreSQL.
 */
export const ACCESS_QUERY = `SELECT d.family_id, d.compartment, d.kind, d.epoch, f.assistant_id, g.role, g.compartments
	FROM documents d
	LEFT JOIN families f ON f.id = d.family_id
	LEFT JOIN grants g ON g.family_id = d.family_id AND g.user_id = ? AND g.revoked_at IS NULL
	  AND g.valid_from <= ? AND (g.valid_to IS NULL OR g.valid_to > ?)
	WHERE d.name = ?`;

/** The parameters of `ACCESS_QUERY`. */
export const accessParams = (userId: string, docName: string, now: number) =>
	[userId, now, now, docName] as const;

/**
 * [NK2] Only the sync server passes `writeOnly`: it alone knows how to serve a `submit` role
 * (nothing sent). Every other reader of access (history, conflicts, audit uploads) treats access
 * as reading, so it never sees `submit`.
 */
export type AccessOptions = { writeOnly?: boolean };

/** What a user may do with a document, decided from the user's live grants. */
export async function documentAccess(
	sql: Sql,
	userId: string,
	docName: string,
	now = Date.now(),
	opts: AccessOptions = {}
): Promise<DocumentAccess> {
	const rows = await sql.all<AccessRow>(ACCESS_QUERY, ...accessParams(userId, docName, now));
	return accessOf(rows, userId, opts);
}

/**
 * [RM11] `documentAccess` answered at once on SQLite's connection, for the socket checks that
 * must close a revoked socket before the revocation's signal returns. The caller makes sure no
 * transaction holds the connection (its writes would not be committed yet).
 */
export function documentAccessNow(
	db: Db,
	userId: string,
	docName: string,
	now: number,
	opts: AccessOptions = {}
): DocumentAccess {
	const rows = db.prepare(ACCESS_QUERY).all(...accessParams(userId, docName, now)) as AccessRow[];
	return accessOf(rows, userId, opts);
}

/** The decision on the rows of `ACCESS_QUERY` (for a caller that ran it on its own connection). */
export function accessOf(
	rows: AccessRow[],
	userId: string,
	opts: AccessOptions = {}
): DocumentAccess {
	const doc = rows[0];
	if (!doc) return { ok: false, code: 'unknown-document' };
	if (doc.family_id === null) return { ok: false, code: 'forbidden' };
	const grants = rows.flatMap((r) =>
		r.role !== null && r.compartments !== null
			? [{ role: r.role, compartments: r.compartments }]
			: []
	);
	const role =
		roleOnDocument(doc.kind, roleFor(grants, doc.compartment)) ??
		(opts.writeOnly
			? submitRole(grants, doc.assistant_id, userId, doc.kind, doc.compartment)
			: null);
	if (role === null) return { ok: false, code: 'forbidden' };
	return {
		ok: true,
		role,
		familyId: doc.family_id,
		compartment: doc.compartment,
		kind: doc.kind,
		epoch: doc.epoch
	};
}

export interface FamilyDocument {
	name: string;
	role: DocRole;
	epoch: number;
}

/** One entry of `GET /api/families`. */
export interface FamilySummary {
	id: string;
	name: string;
	/** The work-plan document: the field scripts and the benchmark rely on. */
	doc: string;
	/** Every compartment document this user may open, with the role. */
	docs: Partial<Record<Compartment, FamilyDocument>>;
	/** Comments documents this user may open, keyed by the compartment they comment on. */
	comments: Partial<Record<Compartment, FamilyDocument>>;
	/** [AC4] Compartments that exist but this user may not open: names only, never content. */
	restricted: Compartment[];
	assistantId: string | null;
	/**
	 * The case state as the server projected it (CS4), for those who may read the core document
	 * (it is core content); null otherwise. Lets a list show states without opening documents.
	 */
	caseState: string | null;
}

type DocRow = {
	family_id: string;
	name: string;
	compartment: Compartment;
	kind: DocKind;
	epoch: number;
};
type FamilyGrantRow = GrantRow & { family_id: string };

/** The live-grant condition on `g` for one user at one time (params: user, now, now). */
const LIVE_GRANT = `g.user_id = ? AND g.revoked_at IS NULL AND g.valid_from <= ?
	AND (g.valid_to IS NULL OR g.valid_to > ?)`;

/**
 * Families the user holds a live grant for, with the documents each grant opens. Three
 * statements whatever the number of families (families, grants, documents), not three per family.
 */
export async function listFamiliesForUser(
	sql: Sql,
	userId: string,
	now = Date.now()
): Promise<FamilySummary[]> {
	const families = await sql.all<{
		id: string;
		name: string;
		assistant_id: string | null;
		case_state: string;
	}>(
		`SELECT DISTINCT f.id, f.name, f.assistant_id, f.case_state FROM families f JOIN grants g ON g.family_id = f.id
		 WHERE ${LIVE_GRANT}
		 ORDER BY f.name`,
		userId,
		now,
		now
	);
	if (families.length === 0) return [];
	const grantRows = await sql.all<FamilyGrantRow>(
		`SELECT g.family_id, g.role, g.compartments FROM grants g WHERE ${LIVE_GRANT}`,
		userId,
		now,
		now
	);
	const docRows = await sql.all<DocRow>(
		`SELECT d.family_id, d.name, d.compartment, d.kind, d.epoch FROM documents d
		 WHERE d.family_id IN (SELECT g.family_id FROM grants g WHERE ${LIVE_GRANT})
		 ORDER BY d.name`,
		userId,
		now,
		now
	);
	return families.map((f) => {
		const grants = grantRows.filter((g) => g.family_id === f.id);
		const docs: FamilySummary['docs'] = {};
		const comments: FamilySummary['comments'] = {};
		const restricted: Compartment[] = [];
		for (const d of docRows) {
			if (d.family_id !== f.id) continue;
			const role =
				roleOnDocument(d.kind, roleFor(grants, d.compartment)) ??
				submitRole(grants, f.assistant_id, userId, d.kind, d.compartment);
			const entry = role ? { name: d.name, role, epoch: d.epoch } : null;
			if (d.kind === 'comments') {
				if (entry) comments[d.compartment] = entry;
			} else if (entry) docs[d.compartment] = entry;
			else restricted.push(d.compartment);
		}
		restricted.sort((a, b) => Compartment.options.indexOf(a) - Compartment.options.indexOf(b));
		return {
			id: f.id,
			name: f.name,
			doc: familyDocName(f.id, 'plan'),
			docs,
			comments,
			restricted,
			assistantId: f.assistant_id,
			caseState: docs.core ? f.case_state : null
		};
	});
}
