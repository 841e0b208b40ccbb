/**
 * [CF1]–[CF7] Offline edits of the same field (issue 11), with the real server, real SQLite,
 * real y-websocket clients: the assistant offline and the social worker online replace the same
 * action's fields; the server reports each field once with both values, no field holds an
 * interleaving, and the bad inputs (a record removed meanwhile, a third writer, a clock years
 * off, a reader's acknowledgement) each have a clear outcome.
 *
 * Past 250 lines on purpose: CF1–CF7 are told in one story (concurrent write, removal,
 * acknowledgement) over the same offline-client helpers.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { grantAccess } from '../../src/lib/server/families.js';
import { createUser } from '../../src/lib/server/users.js';
import type { SessionUser } from '../../src/lib/server/session.js';
import type { FieldConflict } from '../../src/lib/domain/conflicts.js';
import { AuthoringLog } from '../../src/lib/sync/authoring-log.js';
import { startAuthoringSync } from '../../src/lib/sync/authoring-sync.js';
import {
	addAction,
	addGoal,
	readPlan,
	removeAction,
	setActionDeadline,
	setActionText
} from '../../src/lib/sync/plan-doc.js';
import { sectionHistory } from '../../src/lib/server/history.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';
import { GET as listGET } from '../../src/routes/api/families/[id]/conflicts/+server.js';
import { POST as ackPOST } from '../../src/routes/api/conflicts/[id]/ack/+server.js';
import { MemoryStorage } from '../../src/lib/sync/test-support.js';
import { connectClient, sessionCookie, startServer, waitFor } from './helpers.js';

let s: Awaited<ReturnType<typeof startServer>>;
let piotr: string;
let zenon: string;
beforeEach(async () => {
	s = await startServer();
	const mk = async (email: string, name: string, role: SessionUser['role']) => {
		const id = await createUser(sqliteSqlOf(s.app.db), {
			orgId: s.seed.org,
			email,
			name,
			role,
			password: 'test-password'
		});
		await grantAccess(sqliteSqlOf(s.app.db), {
			familyId: s.seed.familyId,
			userId: id,
			role: 'edit',
			compartments: ['plan'],
			grantedBy: s.seed.editor,
			reason: 'test'
		});
		return id;
	};
	piotr = await mk('ps@test.local', 'Piotr Pracownik', 'pracownik_socjalny');
	zenon = await mk('zi@test.local', 'Zenon Zespół', 'zespol_interdyscyplinarny');
});
afterEach(() => s.close());

function sessionUser(id: string): SessionUser {
	const u = s.app.db
		.prepare('SELECT id, org_id, email, name, role, color FROM users WHERE id = ?')
		.get(id) as {
		id: string;
		org_id: string;
		email: string;
		name: string;
		role: SessionUser['role'];
		color: string;
	};
	return { id: u.id, orgId: u.org_id, email: u.email, name: u.name, role: u.role, color: u.color };
}

async function list(userId: string, all = false): Promise<FieldConflict[]> {
	const url = new URL(
		`http://localhost/api/families/${s.seed.familyId}/conflicts${all ? '?all=1' : ''}`
	);
	const event = { locals: { user: sessionUser(userId) }, params: { id: s.seed.familyId }, url };
	const res = await listGET(event as unknown as RequestEvent<{ id: string }>);
	expect(res.status).toBe(200);
	return ((await res.json()) as { conflicts: FieldConflict[] }).conflicts;
}

async function ack(userId: string, id: string) {
	const event = { locals: { user: sessionUser(userId) }, params: { id } };
	const res = await ackPOST(event as unknown as RequestEvent<{ id: string }>);
	return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

/** A device: a real y-websocket client that also reports its authoring times (message 102). */
function device(userId: string, clock = { now: Date.now() }) {
	const c = connectClient({
		wsUrl: s.wsUrl,
		docName: s.seed.planDoc,
		headers: { Cookie: sessionCookie(s.app.db, userId).cookie }
	});
	const log = new AuthoringLog(new MemoryStorage(), 'k');
	const stop = startAuthoringSync({
		doc: c.doc,
		provider: c.provider,
		log,
		isRemoteOrigin: (o) => o === c.provider,
		now: () => clock.now
	});
	return { ...c, log, clock, destroy: () => (stop(), c.destroy()) };
}
type Device = ReturnType<typeof device>;

const rows = () =>
	(
		s.app.db
			.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_name = ?')
			.get(s.seed.planDoc) as { n: number }
	).n;

/** Anna's plan with one action, synced to every device given. */
async function planWithAction(...devices: Device[]): Promise<string> {
	const [first] = devices;
	const goal = addGoal(first.doc, { kind: 'glowny', title: 'Mieszkanie' });
	const action = addAction(first.doc, goal, {
		description: 'Wizyta w MOPS: dodatek mieszkaniowy',
		responsible: 'Pracownik socjalny',
		deadline: '2026-12-02',
		expectedEffect: 'Wniosek złożony'
	});
	await waitFor(() => devices.every((d) => readPlan(d.doc).actions.length === 1), 5000, 'synced');
	return action;
}

const actionOf = (d: Device) => readPlan(d.doc).actions[0];
const byField = (cs: FieldConflict[]) => new Map(cs.map((c) => [c.field, c]));

describe('[CF1][CF2] the scene: one offline, one online, the same action', () => {
	it('[CF1][CF2][CF6] each replaced field is one conflict with both values and names, never an interleaving; the edit history keeps every change', async () => {
		const anna = device(s.seed.editor);
		const ps = device(piotr);
		await waitFor(() => anna.provider.synced && ps.provider.synced);
		const action = await planWithAction(anna, ps);
		await waitFor(() => anna.log.size === 0, 8000, 'anna authoring settled');

		anna.provider.disconnect();
		anna.clock.now = Date.now() - 2 * 3_600_000; // written two hours before she reconnects
		setActionText(anna.doc, action, 'responsible', 'Matka');
		setActionText(anna.doc, action, 'description', 'Wizyta przełożona na 10.12');
		setActionText(anna.doc, action, 'expectedEffect', 'Dodatek przyznany (ANNA offline)');
		setActionDeadline(anna.doc, action, '2026-12-10');

		setActionText(ps.doc, action, 'responsible', 'Ojciec');
		setActionText(ps.doc, action, 'description', 'Wizyta w MOPS: dodatek mieszkaniowy, 15.12');
		setActionText(ps.doc, action, 'expectedEffect', 'Decyzja o dodatku wydana (PIOTR online)');
		setActionDeadline(ps.doc, action, '2026-12-15');
		const before = rows();
		await waitFor(() => rows() >= before + 4, 5000, 'piotr rows');

		anna.clock.now = Date.now();
		anna.provider.connect();
		await waitFor(
			() =>
				JSON.stringify(actionOf(anna)) === JSON.stringify(actionOf(ps)) &&
				actionOf(anna).deadline !== '2026-12-02',
			8000,
			'converged'
		);
		// No field holds text neither person wrote.
		const a = actionOf(anna);
		expect(['Matka', 'Ojciec']).toContain(a.responsible);
		expect(['Wizyta przełożona na 10.12', 'Wizyta w MOPS: dodatek mieszkaniowy, 15.12']).toContain(
			a.description
		);
		expect([
			'Dodatek przyznany (ANNA offline)',
			'Decyzja o dodatku wydana (PIOTR online)'
		]).toContain(a.expectedEffect);

		await waitFor(() => anna.log.size === 0, 8000, 'anna authoring settled');
		const conflicts = await list(piotr);
		expect(conflicts).toHaveLength(4);
		const f = byField(conflicts);
		expect([...f.keys()].sort()).toEqual(
			['deadline', 'description', 'expectedEffect', 'responsible'].sort()
		);
		const owner = f.get('responsible')!;
		expect(owner.recordId).toBe(action);
		expect(owner.section).toBe('plan');
		expect(owner.values.map((v) => [v.value, v.userName]).sort()).toEqual([
			['Matka', 'Edyta Edytor'],
			['Ojciec', 'Piotr Pracownik']
		]);
		// Anna's value carries her device's time (two hours before arrival), Piotr's his arrival.
		const annaValue = owner.values.find((v) => v.userId === s.seed.editor)!;
		expect(annaValue.authoringUnknown).toBe(false);
		expect(annaValue.authoredAt).not.toBeNull();
		expect(annaValue.arrivedAt! - annaValue.authoredAt!).toBeGreaterThan(3_600_000);
		const piotrValue = owner.values.find((v) => v.userId === piotr)!;
		expect(piotrValue.authoredAt).not.toBeNull();
		expect(
			f
				.get('deadline')!
				.values.map((v) => v.value)
				.sort()
		).toEqual(['2026-12-10', '2026-12-15']);
		// [HI2] The plan's history holds every change, the ones that lost at once included.
		const history = await sectionHistory(
			sqliteSqlOf(s.app.db),
			s.app.store.log!,
			s.seed.planDoc,
			'plan',
			{
				limit: 100
			}
		);
		const fieldsOf = (userId: string) =>
			new Set(
				history.entries
					.filter((e) => e.userId === userId)
					.flatMap((e) => e.changes.flatMap((c) => [...c.fields, ...(c.overwritten ?? [])]))
			);
		for (const who of [s.seed.editor, piotr])
			expect([...fieldsOf(who)].sort()).toEqual(
				expect.arrayContaining(['deadline', 'description', 'expectedEffect', 'responsible'])
			);
		// Both see the same list.
		expect((await list(s.seed.editor)).map((c) => c.id).sort()).toEqual(
			conflicts.map((c) => c.id).sort()
		);
		anna.destroy();
		ps.destroy();
	});

	it('[CF7] an editor acknowledges: the marker clears for everyone, both sockets are told; a reader is refused (403) and audited', async () => {
		const anna = device(s.seed.editor);
		const ps = device(piotr);
		await waitFor(() => anna.provider.synced && ps.provider.synced);
		const action = await planWithAction(anna, ps);
		anna.provider.disconnect();
		setActionText(anna.doc, action, 'responsible', 'Matka');
		setActionText(ps.doc, action, 'responsible', 'Ojciec');
		await waitFor(() => actionOf(ps).responsible === 'Ojciec');
		const before = rows();
		anna.provider.connect();
		await waitFor(() => rows() > before && (ps.notices.length > 0 || anna.notices.length > 0));
		const [conflict] = await list(s.seed.editor);
		expect(conflict.field).toBe('responsible');

		const reader = await ack(s.seed.reader, conflict.id);
		expect(reader.status).toBe(403);
		expect(reader.body.error).toMatch(/edytować/);
		const refusedAudit = s.app.db
			.prepare(
				`SELECT count(*) AS n FROM audit_log WHERE action = 'refused' AND actor_id = ? AND detail LIKE '%conflict-ack%'`
			)
			.get(s.seed.reader) as { n: number };
		expect(refusedAudit.n).toBe(1);
		expect(await list(piotr)).toHaveLength(1);
		// The reader sees the conflict (any grant reads), but cannot clear it.
		expect(await list(s.seed.reader)).toHaveLength(1);
		expect((await ack(s.seed.stranger, conflict.id)).status).toBe(404);

		const noticesBefore = ps.notices.length;
		expect((await ack(piotr, conflict.id)).status).toBe(204);
		await waitFor(() => ps.notices.length > noticesBefore, 5000, 'ack notice');
		expect(ps.notices.at(-1)!.type).toBe('conflicts');
		expect(await list(s.seed.editor)).toHaveLength(0);
		const all = await list(s.seed.editor, true);
		expect(all[0].acknowledged?.userName).toBe('Piotr Pracownik');
		expect((await ack(s.seed.editor, conflict.id)).status).toBe(409);
		anna.destroy();
		ps.destroy();
	});
});

describe('[CF3][CF5] bad input', () => {
	it('[CF3] a third concurrent value joins the same conflict: all three values listed', async () => {
		const anna = device(s.seed.editor);
		const ps = device(piotr);
		const zi = device(zenon);
		await waitFor(() => anna.provider.synced && ps.provider.synced && zi.provider.synced);
		const action = await planWithAction(anna, ps, zi);
		anna.provider.disconnect();
		zi.provider.disconnect();
		setActionText(anna.doc, action, 'responsible', 'Matka');
		setActionText(zi.doc, action, 'responsible', 'Babcia');
		setActionText(ps.doc, action, 'responsible', 'Ojciec');
		await waitFor(() => rows() >= 3);
		anna.provider.connect();
		await waitFor(() => actionOf(anna).responsible === actionOf(ps).responsible, 5000, 'a+p');
		const r = rows();
		zi.provider.connect();
		await waitFor(() => rows() > r && actionOf(zi).responsible === actionOf(ps).responsible);
		const conflicts = await list(piotr);
		expect(conflicts).toHaveLength(1);
		expect(conflicts[0].values.map((v) => v.value).sort()).toEqual(['Babcia', 'Matka', 'Ojciec']);
		expect(['Babcia', 'Matka', 'Ojciec']).toContain(actionOf(zi).responsible);
		anna.destroy();
		ps.destroy();
		zi.destroy();
	});

	it('[CF5] an action removed while someone edited it offline: the edit and the removed record’s values are kept in the conflict list', async () => {
		const anna = device(s.seed.editor);
		const ps = device(piotr);
		await waitFor(() => anna.provider.synced && ps.provider.synced);
		const action = await planWithAction(anna, ps);
		anna.provider.disconnect();
		setActionText(anna.doc, action, 'responsible', 'Matka');
		removeAction(ps.doc, action);
		await waitFor(() => rows() >= 2);
		const r = rows();
		anna.provider.connect();
		await waitFor(() => rows() > r && readPlan(anna.doc).actions.length === 0);
		const [conflict] = await list(piotr);
		expect(conflict.recordRemoved).toBe(true);
		expect(conflict.recordId).toBe(action);
		expect(conflict.values.map((v) => [v.value, v.userId])).toContainEqual([
			'Matka',
			s.seed.editor
		]);
		expect(conflict.removedRecord).toMatchObject({
			responsible: 'Pracownik socjalny',
			deadline: '2026-12-02',
			expectedEffect: 'Wniosek złożony'
		});
		anna.destroy();
		ps.destroy();
	});

	it('[CF5] an action removed offline while someone else changed it: the change that vanished and the removed record’s values are in the list; an untouched one removed offline is no conflict', async () => {
		const anna = device(s.seed.editor);
		const ps = device(piotr);
		await waitFor(() => anna.provider.synced && ps.provider.synced);
		const action = await planWithAction(anna, ps);
		const untouched = addAction(ps.doc, readPlan(ps.doc).goals[0].id, {
			description: 'Spotkanie w szkole',
			responsible: 'Matka',
			deadline: '2026-12-05',
			expectedEffect: 'Plan wsparcia ucznia'
		});
		await waitFor(() => readPlan(anna.doc).actions.length === 2, 5000, 'both actions');
		anna.provider.disconnect();
		removeAction(anna.doc, action);
		removeAction(anna.doc, untouched);
		const before = rows();
		setActionText(ps.doc, action, 'responsible', 'Ojciec');
		await waitFor(() => rows() > before, 5000, 'piotr row');
		const r = rows();
		anna.provider.connect();
		await waitFor(
			() => rows() > r && readPlan(ps.doc).actions.length === 0,
			8000,
			'removal arrived'
		);
		const conflicts = await list(piotr);
		expect(conflicts.map((c) => [c.recordId, c.field])).toEqual([[action, 'responsible']]);
		const [conflict] = conflicts;
		expect(conflict.recordRemoved).toBe(true);
		expect(conflict.values.map((v) => [v.value, v.userId])).toEqual([['Ojciec', piotr]]);
		expect(conflict.removedRecord).toMatchObject({
			responsible: 'Ojciec',
			deadline: '2026-12-02',
			expectedEffect: 'Wniosek złożony'
		});
		// The one who removed it reads the same list.
		expect((await list(s.seed.editor)).map((c) => c.id)).toEqual([conflict.id]);
		anna.destroy();
		ps.destroy();
	});

	it('[CF3][HI2] a device whose clock is years off: its value is listed with the authoring time unknown', async () => {
		const anna = device(s.seed.editor);
		const ps = device(piotr);
		await waitFor(() => anna.provider.synced && ps.provider.synced);
		const action = await planWithAction(anna, ps);
		await waitFor(() => anna.log.size === 0, 8000);
		anna.provider.disconnect();
		anna.clock.now = Date.UTC(2019, 0, 1);
		setActionText(anna.doc, action, 'responsible', 'Matka');
		setActionText(ps.doc, action, 'responsible', 'Ojciec');
		await waitFor(() => actionOf(ps).responsible === 'Ojciec');
		anna.provider.connect();
		await waitFor(() => anna.log.size === 0, 8000, 'anna authoring settled');
		const [conflict] = await list(piotr);
		const annaValue = conflict.values.find((v) => v.userId === s.seed.editor)!;
		expect(annaValue.value).toBe('Matka');
		expect(annaValue.authoringUnknown).toBe(true);
		expect(annaValue.authoredAt).toBeNull();
		expect(annaValue.arrivedAt).not.toBeNull();
		anna.destroy();
		ps.destroy();
	});

	it('[CF3][HI1] a device whose clock is years ahead: its value is listed with the authoring time unknown, never a future date', async () => {
		const anna = device(s.seed.editor);
		const ps = device(piotr);
		await waitFor(() => anna.provider.synced && ps.provider.synced);
		const action = await planWithAction(anna, ps);
		await waitFor(() => anna.log.size === 0, 8000);
		anna.provider.disconnect();
		anna.clock.now = Date.now() + 5 * 365 * 86_400_000;
		setActionText(anna.doc, action, 'responsible', 'Matka');
		setActionText(ps.doc, action, 'responsible', 'Ojciec');
		await waitFor(() => actionOf(ps).responsible === 'Ojciec');
		anna.provider.connect();
		await waitFor(() => anna.log.size === 0, 8000, 'anna authoring settled');
		const [conflict] = await list(piotr);
		const annaValue = conflict.values.find((v) => v.userId === s.seed.editor)!;
		expect(annaValue.value).toBe('Matka');
		expect(annaValue.authoringUnknown).toBe(true);
		expect(annaValue.authoredAt).toBeNull();
		anna.destroy();
		ps.destroy();
	});

	it('[CF2] sequential edits by different people and concurrent edits by one person are no conflict', async () => {
		const anna = device(s.seed.editor);
		const ps = device(piotr);
		await waitFor(() => anna.provider.synced && ps.provider.synced);
		const action = await planWithAction(anna, ps);
		setActionText(anna.doc, action, 'responsible', 'Matka');
		await waitFor(() => actionOf(ps).responsible === 'Matka');
		setActionText(ps.doc, action, 'responsible', 'Ojciec');
		await waitFor(() => actionOf(anna).responsible === 'Ojciec');
		// Anna's second device, offline, against her first: one person, no conflict.
		const anna2 = device(s.seed.editor);
		await waitFor(() => anna2.provider.synced && actionOf(anna2)?.responsible === 'Ojciec');
		anna2.provider.disconnect();
		setActionDeadline(anna2.doc, action, '2026-12-20');
		setActionDeadline(anna.doc, action, '2026-12-21');
		await waitFor(() => actionOf(ps).deadline === '2026-12-21');
		const r = rows();
		anna2.provider.connect();
		await waitFor(() => rows() > r && actionOf(anna2).deadline === actionOf(ps).deadline);
		expect(await list(piotr)).toHaveLength(0);
		anna.destroy();
		anna2.destroy();
		ps.destroy();
	});
});
