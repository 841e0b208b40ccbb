/**
 * Demo data (`--demo`): the "OPS Demo" organisation, five accounts with the password
 * `asysta-demo`, and two families assigned to Anna with a small work plan. Idempotent: every
 * step looks for what it would create, so restarting the demo keeps the users' edits.
 */
import * as Y from 'yjs';
import type { Db } from '../src/lib/server/db.js';
import { createFamily, grantAccess } from '../src/lib/server/families.js';
import { createUser, ensureOrganisation, findUserIdByEmail } from '../src/lib/server/users.js';
import type { StaffRole } from '../src/lib/domain/roles.js';
import { Compartment, familyDocName } from '../src/lib/domain/compartments.js';
import type { DocRole } from '../src/lib/sync/protocol.js';
import { writeDemoPlan } from '../src/lib/sync/demo-plan.js';
import type { DocStore } from './store/doc-store.js';

const PASSWORD = 'asysta-demo';
const ORG = 'OPS Demo';

const PEOPLE: { email: string; name: string; role: StaffRole; access: DocRole | null }[] = [
	{ email: 'anna.asystent@demo.local', name: 'Anna Nowicka', role: 'asystent', access: null },
	{
		email: 'piotr.pracownik@demo.local',
		name: 'Piotr Wiśniewski',
		role: 'pracownik_socjalny',
		access: 'edit'
	},
	{ email: 'kasia.kurator@demo.local', name: 'Kasia Lewandowska', role: 'kurator', access: 'read' },
	{
		email: 'zenon.zespol@demo.local',
		name: 'Zenon Wójcik',
		role: 'zespol_interdyscyplinarny',
		access: 'comment'
	},
	{
		email: 'krystyna.kierownik@demo.local',
		name: 'Krystyna Kamińska',
		role: 'kierownik',
		access: 'read'
	}
];

const FAMILIES = ['Rodzina Kowalskich', 'Rodzina Zielińskich'] as const;

/** Seeds the demo organisation, accounts, families and plans unless already present. */
export async function seedDemo(db: Db, store: DocStore): Promise<void> {
	const orgId = ensureOrganisation(db, ORG);
	const ids = new Map<string, string>();
	for (const p of PEOPLE) {
		const id =
			findUserIdByEmail(db, p.email) ??
			(await createUser(db, {
				orgId,
				email: p.email,
				name: p.name,
				role: p.role,
				password: PASSWORD
			}));
		ids.set(p.email, id);
	}
	const anna = ids.get(PEOPLE[0].email) as string;
	const today = new Date().toISOString().slice(0, 10);
	for (const [variant, name] of FAMILIES.entries()) {
		const found = db
			.prepare('SELECT id FROM families WHERE org_id = ? AND name = ?')
			.get(orgId, name) as { id: string } | undefined;
		const familyId =
			found?.id ?? createFamily(db, { orgId, name, assistantId: anna, createdBy: anna });
		if (!found) {
			for (const p of PEOPLE) {
				if (!p.access) continue;
				const compartments =
					p.role === 'kierownik' ? Compartment.options : (['core', 'plan'] as const);
				grantAccess(db, {
					familyId,
					userId: ids.get(p.email) as string,
					role: p.access,
					compartments,
					grantedBy: anna,
					reason: 'dane demonstracyjne'
				});
			}
		}
		await seedPlan(store, familyDocName(familyId, 'plan'), variant as 0 | 1, today, anna);
	}
}

/** Writes the demo plan as the document's first row, only into an empty document. */
async function seedPlan(
	store: DocStore,
	docName: string,
	variant: 0 | 1,
	today: string,
	by: string
) {
	if ((await store.load(docName)).lastSeq > 0) return;
	const doc = new Y.Doc();
	writeDemoPlan(doc, variant, today);
	const row = {
		docName,
		seq: 1,
		createdAt: Date.now(),
		userId: by,
		sessionId: 'seed',
		clientIds: [doc.clientID],
		bytes: Y.encodeStateAsUpdate(doc)
	};
	await store.commit({ updates: [row], checkpoints: [] });
	doc.destroy();
}
