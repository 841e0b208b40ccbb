/**
 * Demo data (`--demo`): the "OPS Demo" organisation, five accounts with the password
 * `asysta-demo`, and two families assigned to Anna with a small work plan. Idempotent: every
 * step looks for what it would create, so restarting the demo keeps the users' edits.
 */
import * as Y from 'yjs';
import type { Db } from '../src/lib/server/db.js';
import { sqliteSqlOf } from '../src/lib/server/sql.js';
import { createFamily, grantAccess } from '../src/lib/server/families.js';
import { createUser, ensureOrganisation, findUserIdByEmail } from '../src/lib/server/users.js';
import { storeParticipant } from '../src/lib/server/staff-law.js';
import type { Participant } from '../src/lib/domain/institution.js';
import type { StaffRole } from '../src/lib/domain/roles.js';
import { Compartment, familyDocName } from '../src/lib/domain/compartments.js';
import { todayInPoland } from '../src/lib/domain/dates.js';
import type { DocRole } from '../src/lib/sync/protocol.js';
import { writeDemoPlan } from '../src/lib/sync/demo-plan.js';
import { writeDemoCase, writeDemoVisits } from '../src/lib/sync/demo-case.js';
import type { DocStore } from './store/doc-store.js';

const PASSWORD = 'asysta-demo';
const ORG = 'OPS Demo';

type Access = {
	role: DocRole;
	compartments: readonly Compartment[];
	days?: number;
	reason: string;
};

/**
 * The demo's grants follow domain.md §5.1 (AC9). Piotr also edits the plan: the demo shows two
 * people co-editing it live. The kurator has a time-limited comment grant on the plan only. The ZI
 * member opens the violence compartment only: core holds far more than identity (socio-economic
 * and legal status, the case log), and the family's name comes with the grant itself. Anna opens
 * the violence compartment as a member of the diagnostic group, by its own grant. The head reads
 * everything but the violence compartment and writes core (assignment, closure approval).
 */
const PEOPLE: {
	email: string;
	name: string;
	role: StaffRole;
	access: Access[];
	/** [ST2] The institution and team membership the staff record says. */
	institution?: Participant;
}[] = [
	{
		email: 'anna.asystent@demo.local',
		name: 'Anna Nowicka',
		role: 'asystent',
		institution: { kind: 'ops', name: '', ziMember: true },
		access: [
			{ role: 'edit', compartments: ['violence'], reason: 'członek grupy diagnostyczno-pomocowej' }
		]
	},
	{
		email: 'piotr.pracownik@demo.local',
		name: 'Piotr Wiśniewski',
		role: 'pracownik_socjalny',
		access: [
			{ role: 'edit', compartments: ['core', 'plan'], reason: 'pracownik socjalny (demo)' },
			{ role: 'read', compartments: ['assessments', 'visits'], reason: 'pracownik socjalny (demo)' }
		]
	},
	{
		email: 'kasia.kurator@demo.local',
		name: 'Kasia Lewandowska',
		role: 'kurator',
		institution: {
			kind: 'sad',
			name: 'Sąd Rejonowy w Przykładowie, III Wydział Rodzinny i Nieletnich',
			ziMember: false
		},
		access: [
			{ role: 'comment', compartments: ['plan'], days: 180, reason: 'postanowienie sądu (demo)' }
		]
	},
	{
		email: 'zenon.zespol@demo.local',
		name: 'Zenon Wójcik',
		role: 'zespol_interdyscyplinarny',
		institution: {
			kind: 'policja',
			name: 'Komenda Powiatowa Policji w Przykładowie',
			ziMember: true
		},
		access: [
			{ role: 'edit', compartments: ['violence'], reason: 'procedura Niebieskiej Karty (demo)' }
		]
	},
	{
		// [CE10] A second assistant with no family of her own, so the head can change a family's
		// assistant in the demo (and its Playwright walk); she holds no grant until then.
		email: 'beata.asystent@demo.local',
		name: 'Beata Zając',
		role: 'asystent',
		access: []
	},
	{
		email: 'krystyna.kierownik@demo.local',
		name: 'Krystyna Kamińska',
		role: 'kierownik',
		access: [
			// Core: approves closure and suspension; court: approves opinions (domain.md §5.1).
			{ role: 'edit', compartments: ['core', 'court'], reason: 'kierownik jednostki' },
			{
				role: 'read',
				compartments: Compartment.options.filter(
					(c) => c !== 'core' && c !== 'court' && c !== 'violence'
				),
				reason: 'kierownik jednostki'
			}
		]
	}
];

const FAMILIES = ['Rodzina Kowalskich', 'Rodzina Zielińskich'] as const;

/** Seeds the demo organisation, accounts, families and plans unless already present. */
export async function seedDemo(db: Db, store: DocStore): Promise<void> {
	const sql = sqliteSqlOf(db);
	const orgId = await ensureOrganisation(sql, ORG);
	const ids = new Map<string, string>();
	for (const p of PEOPLE) {
		const found = await findUserIdByEmail(sql, p.email);
		const id =
			found ??
			(await createUser(sql, {
				orgId,
				email: p.email,
				name: p.name,
				role: p.role,
				password: PASSWORD
			}));
		if (!found && p.institution) await storeParticipant(sql, id, p.institution);
		ids.set(p.email, id);
	}
	const anna = ids.get(PEOPLE[0].email) as string;
	const person = (i: number) => ({ id: ids.get(PEOPLE[i].email) as string, name: PEOPLE[i].name });
	const staff = { assistant: person(0), ps: person(1), head: person(5) };
	// Poland's calendar, as the app's Terminy: a UTC date is yesterday's for an hour after midnight.
	const today = todayInPoland();
	for (const [variant, name] of FAMILIES.entries()) {
		const found = await sql.get<{ id: string }>(
			'SELECT id FROM families WHERE org_id = ? AND name = ?',
			orgId,
			name
		);
		const familyId =
			found?.id ?? (await createFamily(sql, { orgId, name, assistantId: anna, createdBy: anna }));
		if (!found) {
			for (const p of PEOPLE) {
				for (const a of p.access) {
					await grantAccess(sql, {
						familyId,
						userId: ids.get(p.email) as string,
						role: a.role,
						compartments: a.compartments,
						grantedBy: anna,
						reason: a.reason,
						validTo: a.days ? Date.now() + a.days * 86_400_000 : null
					});
				}
			}
		}
		const v = variant as 0 | 1;
		await seedDoc(store, familyDocName(familyId, 'plan'), (d) => writeDemoPlan(d, v, today), anna);
		await seedDoc(
			store,
			familyDocName(familyId, 'core'),
			(d) => writeDemoCase(d, v, today, staff),
			anna
		);
		await seedDoc(
			store,
			familyDocName(familyId, 'visits'),
			(d) => writeDemoVisits(d, v, today),
			anna
		);
	}
}

/**
 * How old the demo content is: its first row is dated this many days back, so the history has a
 * "yesterday" without today's changes (HI4) and the file reads like one in progress.
 */
const SEED_AGE_DAYS = 7;

/**
 * Writes demo content as the document's first row, only into an empty document. Its client ids
 * are bound to their writers (RM16): `by`, unless `write` says who wrote under which id.
 */
async function seedDoc(
	store: DocStore,
	docName: string,
	write: (doc: Y.Doc) => Map<number, string> | void,
	by: string
) {
	if ((await store.load(docName)).lastSeq > 0) return;
	const doc = new Y.Doc();
	const owners = write(doc) ?? new Map([[doc.clientID, by]]);
	const createdAt = Date.now() - SEED_AGE_DAYS * 86_400_000;
	const row = {
		docName,
		seq: 1,
		createdAt,
		userId: by,
		sessionId: 'seed',
		clientIds: [...owners.keys()],
		bytes: Y.encodeStateAsUpdate(doc)
	};
	const clients = [...owners].map(([clientId, userId]) => ({
		docName,
		clientId,
		userId,
		boundAt: createdAt
	}));
	await store.commit({ updates: [row], checkpoints: [], clients });
	doc.destroy();
}
