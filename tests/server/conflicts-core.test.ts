/**
 * [SY13][CF1]–[CF5][RM17] Sprawa i rodzina's short fields (the family's address, a member's name
 * and own address) replaced by two people while apart: real server, real SQLite, real y-websocket
 * clients on the family's core document. Each is one conflict with both values, never an
 * interleaving; a member removed meanwhile keeps its values in the list; what a hostile editor
 * can send into the new fields is refused.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { familyDocName } from '../../src/lib/domain/compartments.js';
import type { FieldConflict } from '../../src/lib/domain/conflicts.js';
import { grantAccess } from '../../src/lib/server/families.js';
import type { SessionUser } from '../../src/lib/server/session.js';
import { createUser } from '../../src/lib/server/users.js';
import {
	addMember,
	readCore,
	removeMember,
	setHouseholdText,
	setMemberField
} from '../../src/lib/sync/core-doc.js';
import { coreRoots } from '../../src/lib/sync/doc-schema.js';
import { GET as listGET } from '../../src/routes/api/families/[id]/conflicts/+server.js';
import { connectClient, sessionCookie, startServer, waitFor } from './helpers.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';

let s: Awaited<ReturnType<typeof startServer>>;
let piotr: string;
let coreDoc: string;
beforeEach(async () => {
	s = await startServer();
	coreDoc = familyDocName(s.seed.familyId, 'core');
	piotr = await createUser(sqliteSqlOf(s.app.db), {
		orgId: s.seed.org,
		email: 'ps@test.local',
		name: 'Piotr Pracownik',
		role: 'pracownik_socjalny',
		password: 'test-password'
	});
	await grantAccess(sqliteSqlOf(s.app.db), {
		familyId: s.seed.familyId,
		userId: piotr,
		role: 'edit',
		compartments: ['core'],
		grantedBy: s.seed.editor,
		reason: 'test'
	});
});
afterEach(() => s.close());

function sessionUser(id: string): SessionUser {
	const u = s.app.db
		.prepare('SELECT id, org_id, email, name, role, color FROM users WHERE id = ?')
		.get(id) as SessionUser & { org_id: string };
	return { id: u.id, orgId: u.org_id, email: u.email, name: u.name, role: u.role, color: u.color };
}

async function list(userId: string): Promise<FieldConflict[]> {
	const url = new URL(`http://localhost/api/families/${s.seed.familyId}/conflicts`);
	const event = { locals: { user: sessionUser(userId) }, params: { id: s.seed.familyId }, url };
	const res = await listGET(event as unknown as RequestEvent<{ id: string }>);
	expect(res.status).toBe(200);
	return ((await res.json()) as { conflicts: FieldConflict[] }).conflicts;
}

function device(userId: string) {
	return connectClient({
		wsUrl: s.wsUrl,
		docName: coreDoc,
		headers: { Cookie: sessionCookie(s.app.db, userId).cookie }
	});
}
type Device = ReturnType<typeof device>;

/** Everything the device holds is stored on the server (its persisted acknowledgement). */
const savedOnServer = (d: Device, what: string) =>
	waitFor(
		() => d.persisted.some((snap) => Y.snapshotContainsUpdate(snap, Y.encodeStateAsUpdate(d.doc))),
		5000,
		what
	);

const stored = () =>
	(
		s.app.db.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_name = ?').get(coreDoc) as {
			n: number;
		}
	).n;
const conflictRows = () =>
	(s.app.db.prepare('SELECT count(*) AS n FROM field_conflicts').get() as { n: number }).n;

/** Two synced devices, Anna's and Piotr's, and a member Anna added. */
async function twoDevices(): Promise<{ anna: Device; ps: Device; member: string }> {
	const anna = device(s.seed.editor);
	const ps = device(piotr);
	await waitFor(() => anna.provider.synced && ps.provider.synced);
	setHouseholdText(anna.doc, 'address', 'ul. Krótka 1, Gdynia');
	const member = addMember(anna.doc, { name: 'Jan Kowalski', relation: 'ojciec' });
	await waitFor(
		() => readCore(ps.doc).members.length === 1 && readCore(ps.doc).address !== '',
		5000,
		'synced'
	);
	await savedOnServer(anna, 'anna stored');
	return { anna, ps, member };
}

/** Piotr's writes are stored, then Anna reconnects and both converge. */
async function reconnect(anna: Device, ps: Device) {
	await savedOnServer(ps, 'piotr stored');
	anna.provider.connect();
	await waitFor(
		() => JSON.stringify(readCore(anna.doc)) === JSON.stringify(readCore(ps.doc)),
		8000,
		'converged'
	);
}

describe('[SY13][CF1] short fields of Sprawa i rodzina replaced apart', () => {
	it('[SY13][CF1][CF2][CF6] the family’s address and a member’s name and address: one conflict each with both values and names, never an interleaving', async () => {
		const { anna, ps, member } = await twoDevices();
		anna.provider.disconnect();
		setHouseholdText(anna.doc, 'address', 'ul. Polna 3, Gdańsk');
		setMemberField(anna.doc, member, 'name', 'Jan Kowalski-Nowak');
		setMemberField(anna.doc, member, 'address', 'Sopot, ul. Morska 2');
		setHouseholdText(ps.doc, 'address', 'ul. Leśna 7, Gdynia');
		setMemberField(ps.doc, member, 'name', 'Janusz Kowalski');
		setMemberField(ps.doc, member, 'address', 'Rumia, ul. Dworcowa 9');
		await reconnect(anna, ps);

		const core = readCore(ps.doc);
		expect(['ul. Polna 3, Gdańsk', 'ul. Leśna 7, Gdynia']).toContain(core.address);
		expect(['Jan Kowalski-Nowak', 'Janusz Kowalski']).toContain(core.members[0].name);
		expect(['Sopot, ul. Morska 2', 'Rumia, ul. Dworcowa 9']).toContain(core.members[0].address);

		const conflicts = await list(piotr);
		const key = (c: FieldConflict) => `${c.root}/${c.recordId ?? ''}/${c.field}`;
		expect(conflicts.map(key).sort()).toEqual(
			['household//address', `members/${member}/address`, `members/${member}/name`].sort()
		);
		for (const c of conflicts) {
			expect(c.section).toBe('core');
			expect(c.values.map((v) => v.userName).sort()).toEqual(['Edyta Edytor', 'Piotr Pracownik']);
		}
		const address = conflicts.find((c) => c.root === 'household')!;
		expect(address.values.map((v) => v.value).sort()).toEqual(
			['ul. Leśna 7, Gdynia', 'ul. Polna 3, Gdańsk'].sort()
		);
		anna.destroy();
		ps.destroy();
	});

	it('[SY13][CF1] an older document’s address text and member name text are replaced whole; the conflict lists the older text as it stood', async () => {
		const anna = device(s.seed.editor);
		const ps = device(piotr);
		await waitFor(() => anna.provider.synced && ps.provider.synced);
		// An older client: the address as a root Y.Text, a member's name as a nested Y.Text.
		anna.doc.transact(() => {
			coreRoots(anna.doc).address.insert(0, 'ul. Stara 1');
			const m = new Y.Map<unknown>();
			const name = new Y.Text();
			name.insert(0, 'Anna Stara');
			for (const [k, v] of Object.entries({
				id: 'm-old',
				relation: 'matka',
				birthDate: '',
				adultSigner: false,
				school: '',
				parentalAuthority: '',
				whereabouts: ''
			}))
				m.set(k, v);
			m.set('name', name);
			coreRoots(anna.doc).members.push([m]);
		});
		await waitFor(() => readCore(ps.doc).members[0]?.name === 'Anna Stara', 5000, 'old synced');
		await savedOnServer(anna, 'old stored');
		expect(readCore(ps.doc).address).toBe('ul. Stara 1');
		anna.provider.disconnect();
		setMemberField(anna.doc, 'm-old', 'name', 'Anna Nowa');
		setMemberField(ps.doc, 'm-old', 'name', 'Anna Inna');
		setHouseholdText(ps.doc, 'address', 'ul. Nowa 2');
		await reconnect(anna, ps);
		expect(readCore(anna.doc).address).toBe('ul. Nowa 2');
		expect(['Anna Nowa', 'Anna Inna']).toContain(readCore(anna.doc).members[0].name);
		const [c] = await list(piotr);
		expect(c.field).toBe('name');
		expect(c.values.map((v) => v.value).sort()).toEqual(['Anna Inna', 'Anna Nowa']);
		anna.destroy();
		ps.destroy();
	});

	it('[CF5] a member removed while someone changed the address offline: the address and the removed member’s values are in the list', async () => {
		const { anna, ps, member } = await twoDevices();
		anna.provider.disconnect();
		setMemberField(anna.doc, member, 'address', 'Sopot, ul. Morska 2');
		removeMember(ps.doc, member);
		await reconnect(anna, ps);
		expect(readCore(ps.doc).members).toEqual([]);
		await waitFor(() => conflictRows() === 1, 5000, 'conflict recorded');
		const [c] = await list(s.seed.editor);
		expect(c.recordRemoved).toBe(true);
		expect(c.recordId).toBe(member);
		expect(c.field).toBe('address');
		expect(c.values.map((v) => v.value)).toContain('Sopot, ul. Morska 2');
		expect(c.removedRecord).toMatchObject({ name: 'Jan Kowalski', relation: 'ojciec' });
		anna.destroy();
		ps.destroy();
	});
});

describe('[SY13][RM17] what a hostile editor sends into the new fields', () => {
	it('[SY13][RM17] a household value that is not text or too long, a member address too long, are refused: nothing stored', async () => {
		const { anna, ps, member } = await twoDevices();
		const before = stored();
		const attempts: [string, (d: Y.Doc) => void][] = [
			['number', (d) => coreRoots(d).household.set('address', 42)],
			['too long', (d) => coreRoots(d).household.set('workPlace', 'x'.repeat(501))],
			[
				'member address',
				(d) => {
					const m = coreRoots(d)
						.members.toArray()
						.find((x) => x.get('id') === member)!;
					m.set('address', 'y'.repeat(301));
				}
			]
		];
		for (const [what, write] of attempts) {
			const c = device(s.seed.editor);
			await waitFor(() => c.provider.synced, 5000, `${what} synced`);
			write(c.doc);
			await waitFor(() => c.notices.length > 0, 5000, `${what} refused`);
			expect(c.notices[0], what).toEqual({ type: 'write-refused', reason: 'invalid-value' });
			c.destroy();
		}
		expect(stored()).toBe(before);
		expect(readCore(ps.doc).address).toBe('ul. Krótka 1, Gdynia');
		anna.destroy();
		ps.destroy();
	});
});
