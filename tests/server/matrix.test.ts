/**
 * The role × compartment × action matrix against the real server with the demo's people and
 * grants (server/seed.ts) and real y-websocket clients. The expectations below are written from
 * domain.md §5.1 independently of the grant code: a disagreement means one of the two is wrong.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { AsystaServer } from '../../server/app.js';
import { Compartment, commentsDocName, familyDocName } from '../../src/lib/domain/compartments.js';
import { addRemark } from '../../src/lib/sync/comments-doc.js';
import { canManageFamily } from '../../src/lib/server/grant-policy.js';
import { notifyAccessChanged, revokeGrant } from '../../src/lib/server/grants.js';
import { CloseCode, type DocRole } from '../../src/lib/sync/protocol.js';
import {
	DEMO_EMAIL,
	startDemoServer,
	type DemoPerson,
	connectClient,
	rawSocket,
	sessionCookie,
	waitFor,
	settled
} from './helpers.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';

type Person = DemoPerson;
/** The plan's comments document is the matrix's ninth column. */
type Column = Compartment | 'plan-uwagi';
const COLUMNS: Column[] = [...Compartment.options, 'plan-uwagi'];

const all = (role: DocRole): Record<Column, DocRole> =>
	Object.fromEntries(COLUMNS.map((c) => [c, role])) as Record<Column, DocRole>;

/** domain.md §5.1 as the demo applies it; a missing entry means "no access at all". */
const EXPECTED: Record<Person, Partial<Record<Column, DocRole>>> = {
	// All compartments of her case; violence as a member of the diagnostic group (own grant).
	anna: all('edit'),
	// Core and plan (the demo co-edits the plan), assessments and visits by setting; no health,
	// violence, court or child-in-care without a justified grant.
	piotr: { core: 'edit', plan: 'edit', 'plan-uwagi': 'edit', assessments: 'read', visits: 'read' },
	// No standing access: a time-limited grant to comment on the plan.
	kasia: { plan: 'comment', 'plan-uwagi': 'edit' },
	// The violence compartment only.
	zenon: { violence: 'edit' },
	// Everything in the unit but the violence compartment; writes core.
	krystyna: { ...all('read'), core: 'edit', court: 'edit', violence: undefined }
};

let app: AsystaServer;
let wsUrl: string;
let origin: string;
let familyId: string;
let ids: Record<Person, string>;
let close: () => Promise<void>;

beforeAll(async () => {
	({ app, wsUrl, origin, familyId, ids, close } = await startDemoServer('matrix'));
});
afterAll(() => close());

const docOf = (c: Column) =>
	c === 'plan-uwagi' ? commentsDocName(familyId, 'plan') : familyDocName(familyId, c);

const rowsBy = (userId: string, docName: string) =>
	(
		app.db
			.prepare('SELECT count(*) AS n FROM doc_updates WHERE user_id = ? AND doc_name = ?')
			.get(userId, docName) as { n: number }
	).n;

const authorOf = (userId: string) => {
	const u = app.db.prepare('SELECT name, role FROM users WHERE id = ?').get(userId) as {
		name: string;
		role: string;
	};
	return { authorName: u.name, authorRole: u.role };
};

const cookieOf = (p: Person) => sessionCookie(app.db, ids[p]).cookie;

describe('role × compartment × action', () => {
	for (const person of Object.keys(EXPECTED) as Person[]) {
		for (const column of COLUMNS) {
			const role = EXPECTED[person][column];
			if (!role) {
				it(`[UP2][AC4] ${person} may not open ${column}: 4403 and not one byte`, async () => {
					const raw = rawSocket(`${wsUrl}/${docOf(column)}`, {
						Cookie: cookieOf(person),
						Origin: origin
					});
					expect((await raw.closed).code).toBe(CloseCode.forbidden);
					expect(raw.frames).toEqual([]);
				});
				continue;
			}
			it(`[AC2][RM7] ${person} ${role === 'edit' ? 'writes' : 'only reads'} ${column}`, async () => {
				const docName = docOf(column);
				const c = connectClient({
					wsUrl,
					docName,
					headers: { Cookie: cookieOf(person), Origin: origin }
				});
				await waitFor(() => c.provider.synced, 5000, `${person} syncs ${column}`);
				if (column === 'plan') expect(c.doc.getArray('goals').length).toBeGreaterThan(0);
				const before = rowsBy(ids[person], docName);
				if (column === 'plan-uwagi')
					// A comments document takes only remarks in the writer's own name (RM15).
					addRemark(c.doc, {
						itemId: 'probe',
						text: `uwaga ${person}`,
						authorId: ids[person],
						// [RM17] Stamped fields must be the writer's own, as the session knows them.
						...authorOf(ids[person])
					});
				// Every family document has a `meta` map of plain values (write policy, RM17).
				else c.doc.getMap('meta').set(`probe-${person}`, Date.now());
				if (role === 'edit') {
					await waitFor(() => rowsBy(ids[person], docName) > before, 5000, 'stored row');
				} else {
					await waitFor(() => c.notices.length > 0, 5000, 'read-only notice');
					expect(c.notices[0]).toEqual({ type: 'read-only', role });
					// The write was handled, and whatever it queued is stored: nothing was.
					await settled(c);
					await app.rooms.queue.flush();
					expect(rowsBy(ids[person], docName)).toBe(before);
				}
				c.destroy();
			});
		}
	}

	it('[AC7] grant: only the assistant and the head manage the family’s access', async () => {
		const orgId = (
			app.db.prepare('SELECT org_id FROM families WHERE id = ?').get(familyId) as { org_id: string }
		).org_id;
		const may: Person[] = [];
		for (const p of Object.keys(DEMO_EMAIL) as Person[]) {
			const role = (
				app.db.prepare('SELECT role FROM users WHERE id = ?').get(ids[p]) as { role: string }
			).role;
			if (await canManageFamily(sqliteSqlOf(app.db), { id: ids[p], role, orgId }, familyId))
				may.push(p);
		}
		expect(may).toEqual(['anna', 'krystyna']);
	});
});

describe('refusals mid-session', () => {
	it('[UP4] a forged Origin is refused for every document, with not one byte', async () => {
		for (const column of COLUMNS) {
			const raw = rawSocket(`${wsUrl}/${docOf(column)}`, {
				Cookie: cookieOf('anna'),
				Origin: 'https://evil.example'
			});
			expect((await raw.closed).code).toBe(CloseCode.forbidden);
			expect(raw.frames).toEqual([]);
		}
	});

	it('[AC3][RM11] revoking a grant closes the user’s open sockets to the family at once with 4403', async () => {
		const headers = { Cookie: cookieOf('kasia'), Origin: origin };
		const plan = connectClient({ wsUrl, docName: docOf('plan'), headers });
		const remarks = connectClient({ wsUrl, docName: docOf('plan-uwagi'), headers });
		const anna = connectClient({
			wsUrl,
			docName: docOf('plan'),
			headers: { Cookie: cookieOf('anna') }
		});
		await waitFor(() => plan.provider.synced && remarks.provider.synced && anna.provider.synced);
		const grant = app.db
			.prepare('SELECT id FROM grants WHERE user_id = ? AND family_id = ? AND revoked_at IS NULL')
			.get(ids.kasia, familyId) as { id: string };
		const changed = await revokeGrant(sqliteSqlOf(app.db), grant.id, ids.anna);
		expect(changed).toEqual({ userId: ids.kasia, familyId });
		notifyAccessChanged(changed as NonNullable<typeof changed>);
		// At once, not at the periodic re-check (SESSION_RECHECK_MS, 60 s here): the server has
		// closed both sockets before notifyAccessChanged returns.
		expect(app.rooms.closeSockets((c) => c.info.userId === ids.kasia, CloseCode.forbidden)).toBe(0);
		await waitFor(() => plan.closes.length > 0 && remarks.closes.length > 0, 5000, 'closed');
		expect(plan.closes[0].code).toBe(CloseCode.forbidden);
		expect(remarks.closes[0].code).toBe(CloseCode.forbidden);
		// Others are unaffected; a reconnect is refused before any byte.
		expect(anna.closes).toEqual([]);
		const again = rawSocket(`${wsUrl}/${docOf('plan')}`, headers);
		expect((await again.closed).code).toBe(CloseCode.forbidden);
		expect(again.frames).toEqual([]);
		for (const c of [plan, remarks, anna]) c.destroy();
		// The matrix's kasia rows need her grant back: tests of this file run in any order.
		app.db
			.prepare('UPDATE grants SET revoked_at = NULL, revoked_by = NULL WHERE id = ?')
			.run(grant.id);
	});

	it('[UP1][RM11] an expired session closes 4401; edits stay on the device and sync after a new sign-in', async () => {
		const docName = docOf('plan');
		const first = sessionCookie(app.db, ids.piotr);
		const doc = new Y.Doc();
		const c = connectClient({ wsUrl, docName, doc, headers: { Cookie: first.cookie } });
		await waitFor(() => c.provider.synced);
		app.db
			.prepare('UPDATE sessions SET expires_at = ? WHERE user_id = ?')
			.run(Date.now() - 1, ids.piotr);
		app.rooms.recheckSessions();
		await waitFor(() => c.closes.length > 0, 2000, 'closed');
		expect(c.closes[0].code).toBe(CloseCode.unauthorized);
		// Typed while signed out: kept in the device's document, never sent.
		doc.getMap('meta').set('po-wygasnieciu', 'zostaje');
		const before = rowsBy(ids.piotr, docName);
		c.provider.destroy();
		const again = connectClient({
			wsUrl,
			docName,
			doc,
			headers: { Cookie: sessionCookie(app.db, ids.piotr).cookie }
		});
		await waitFor(() => rowsBy(ids.piotr, docName) > before, 5000, 'edit stored after re-login');
		const check = connectClient({ wsUrl, docName, headers: { Cookie: cookieOf('anna') } });
		await waitFor(() => check.doc.getMap('meta').get('po-wygasnieciu') === 'zostaje');
		again.destroy();
		check.destroy();
	});
});
