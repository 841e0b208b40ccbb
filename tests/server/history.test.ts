/**
 * History over HTTP (HI2, HI3, HI5): past 250 lines on purpose, as the cases share the offline-
 * editing helpers.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { grantAccess } from '../../src/lib/server/families.js';
import { createUser } from '../../src/lib/server/users.js';
import { listAudit } from '../../src/lib/server/audit-query.js';
import { authoringRangesOf } from '../../src/lib/server/authoring-times.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';
import type { SessionUser } from '../../src/lib/server/session.js';
import { AuthoringLog } from '../../src/lib/sync/authoring-log.js';
import { startAuthoringSync } from '../../src/lib/sync/authoring-sync.js';
import { addAction, addGoal, readPlan, setActionStatus } from '../../src/lib/sync/plan-doc.js';
import { GET as historyGET } from '../../src/routes/api/families/[id]/history/[section]/+server.js';
import { GET as asOfGET } from '../../src/routes/api/families/[id]/history/[section]/as-of/+server.js';
import { MemoryStorage } from '../../src/lib/sync/test-support.js';
import { connectClient, sessionCookie, startServer, waitFor } from './helpers.js';

let s: Awaited<ReturnType<typeof startServer>>;
let piotr: string;
beforeEach(async () => {
	s = await startServer();
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
		compartments: ['plan'],
		grantedBy: s.seed.editor,
		reason: 'test'
	});
});
afterEach(() => s.close());

const HOUR = 3_600_000;

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

/** The route as SvelteKit calls it: real Request URL, the session's user in locals. */
async function call(
	handler: typeof historyGET,
	userId: string | null,
	params: { id: string; section: string },
	query = ''
) {
	const url = new URL(
		`http://localhost/api/families/${params.id}/history/${params.section}${query}`
	);
	const event = { locals: { user: userId ? sessionUser(userId) : null }, params, url };
	const res = await handler(event as unknown as RequestEvent<{ id: string; section: string }>);
	return { status: res.status, body: await res.json() };
}

function device(userId: string, clock: { now: number }) {
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
	return { ...c, log, destroy: () => (stop(), c.destroy()) };
}

const rows = () =>
	(
		s.app.db
			.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_name = ?')
			.get(s.seed.planDoc) as {
			n: number;
		}
	).n;

type Entry = {
	seq: number | null;
	arrivedAt: number;
	authoredFrom: number | null;
	offline: boolean;
	userId: string | null;
	userName: string | null;
	userRole: string | null;
	compacted: boolean;
	changes: { part: string; kind: string; label: string; fields: string[] }[];
};

describe('[HI2] a section’s history through the API, with real sockets', () => {
	it('[HI2][HI1] two users’ edits, one made offline, come back with both authors and the right authoring times', async () => {
		const annaClock = { now: Date.now() };
		const anna = device(s.seed.editor, annaClock);
		await waitFor(() => anna.provider.synced);
		const goal = addGoal(anna.doc, {
			kind: 'glowny',
			title: 'Stabilizacja sytuacji mieszkaniowej'
		});
		await waitFor(() => rows() === 1, 5000, 'anna row');

		// Piotr works offline: his device's clock says three hours ago when he writes.
		const piotrAt = Date.now() - 3 * HOUR;
		const piotrClock = { now: piotrAt };
		const ps = device(piotr, piotrClock);
		await waitFor(() => ps.provider.synced && readPlan(ps.doc).goals.length === 1);
		ps.provider.disconnect();
		const action = addAction(ps.doc, goal, {
			description: 'Wniosek o dodatek mieszkaniowy',
			deadline: '2026-04-30'
		});
		piotrClock.now = Date.now();
		ps.provider.connect();
		await waitFor(() => rows() === 2, 5000, 'piotr row');
		await waitFor(() => ps.log.size === 0 && anna.log.size === 0, 8000, 'authoring settled');

		// Anna changes Piotr's action's status online.
		annaClock.now = Date.now();
		await waitFor(() => readPlan(anna.doc).actions.length === 1);
		setActionStatus(anna.doc, action, 'w_trakcie', '2026-03-10');
		await waitFor(() => rows() === 3, 5000, 'status row');
		await waitFor(() => anna.log.size === 0, 8000, 'anna settled');

		const res = await call(historyGET, s.seed.editor, { id: s.seed.familyId, section: 'plan' });
		expect(res.status).toBe(200);
		const entries = res.body.entries as Entry[];
		expect(entries.map((e) => e.userName)).toEqual([
			'Edyta Edytor',
			'Piotr Pracownik',
			'Edyta Edytor'
		]);
		const [status, offline, first] = entries;
		expect(offline.userRole).toBe('pracownik_socjalny');
		expect(offline.offline).toBe(true);
		expect(offline.authoredFrom).toBe(piotrAt);
		expect(offline.arrivedAt).toBeGreaterThan(piotrAt + 3 * HOUR - 60_000);
		expect(offline.changes).toEqual([
			{
				part: 'actions',
				kind: 'added',
				id: action,
				label: 'Wniosek o dodatek mieszkaniowy',
				fields: []
			}
		]);
		expect(first.offline).toBe(false);
		expect(first.authoredFrom).not.toBeNull();
		expect(Math.abs(first.arrivedAt - (first.authoredFrom as number))).toBeLessThan(60_000);
		expect(first.changes).toMatchObject([{ part: 'goals', kind: 'added' }]);
		expect(status.changes).toEqual([
			expect.objectContaining({ part: 'actions', kind: 'changed', fields: ['status'] })
		]);
		expect(res.body.people.map((p: { name: string }) => p.name).sort()).toEqual([
			'Edyta Edytor',
			'Piotr Pracownik'
		]);

		// Filter by person, and by a day range that excludes everything.
		const onlyPiotr = await call(
			historyGET,
			s.seed.editor,
			{ id: s.seed.familyId, section: 'plan' },
			`?user=${piotr}`
		);
		expect((onlyPiotr.body.entries as Entry[]).map((e) => e.userId)).toEqual([piotr]);
		const longAgo = await call(
			historyGET,
			s.seed.editor,
			{ id: s.seed.familyId, section: 'plan' },
			'?from=2020-01-01&to=2020-01-31'
		);
		expect(longAgo.body.entries).toEqual([]);

		// [HI4] The plan as it stood when Anna's goal arrived: no action yet.
		const asOf = await call(
			asOfGET,
			s.seed.reader,
			{ id: s.seed.familyId, section: 'plan' },
			`?at=${first.arrivedAt}`
		);
		expect(asOf.status).toBe(200);
		const then = new Y.Doc();
		Y.applyUpdate(then, Buffer.from(asOf.body.state, 'base64'));
		expect(readPlan(then).goals.map((g) => g.title)).toEqual([
			'Stabilizacja sytuacji mieszkaniowej'
		]);
		expect(readPlan(then).actions).toEqual([]);
		expect(asOf.body.seq).toBe(1);
		expect(asOf.body.versionHash).toMatch(/^[0-9a-f]{64}$/);
		const now = await call(
			asOfGET,
			s.seed.reader,
			{ id: s.seed.familyId, section: 'plan' },
			`?at=${Date.now()}`
		);
		const current = new Y.Doc();
		Y.applyUpdate(current, Buffer.from(now.body.state, 'base64'));
		expect(readPlan(current).actions.map((a) => a.status)).toEqual(['w_trakcie']);
		expect(now.body.seq).toBe(3);
		expect(now.body.versionHash).not.toBe(asOf.body.versionHash);
		expect(
			(await authoringRangesOf(sqliteSqlOf(s.app.db), s.seed.planDoc)).length
		).toBeGreaterThanOrEqual(3);
		anna.destroy();
		ps.destroy();
	});

	it('[HI3] a history request for a family, section or date the user may not read is refused and audited', async () => {
		const fam = { id: s.seed.familyId, section: 'plan' };
		const before = (await listAudit(sqliteSqlOf(s.app.db), null, 1000)).length;
		expect((await call(historyGET, null, fam)).status).toBe(401);
		const stranger = await call(historyGET, s.seed.stranger, fam);
		expect(stranger.status).toBe(403);
		expect(stranger.body.error).toMatch(/dostępu/);
		expect((await call(asOfGET, s.seed.stranger, fam, '?at=2026-03-01')).status).toBe(403);
		// The reader may read the plan, not the case record.
		expect((await call(historyGET, s.seed.reader, fam)).status).toBe(200);
		expect((await call(historyGET, s.seed.reader, { ...fam, section: 'core' })).status).toBe(403);
		expect((await call(historyGET, s.seed.editor, { ...fam, section: 'violence' })).status).toBe(
			404
		);
		expect(
			(await call(historyGET, s.seed.editor, { id: 'no-such-family', section: 'plan' })).status
		).toBe(404);
		expect((await call(asOfGET, s.seed.editor, fam, '?at=2001-01-01')).status).toBe(404);
		expect((await call(asOfGET, s.seed.editor, fam, '?at=31.02.2026')).status).toBe(400);
		const all = await listAudit(sqliteSqlOf(s.app.db), null, 1000);
		const refusals = all
			.slice(0, all.length - before)
			.filter((a) => a.action === 'refused' && a.detail.includes('"history"'));
		expect(refusals.map((a) => JSON.parse(a.detail).status).sort()).toEqual([
			403, 403, 403, 404, 404, 404
		]);
		expect(refusals.filter((a) => a.actorId === s.seed.stranger)).toHaveLength(2);
		expect(refusals.find((a) => a.actorId === s.seed.stranger)?.familyId).toBe(s.seed.familyId);
		// Reads are audited too.
		expect(
			(await listAudit(sqliteSqlOf(s.app.db), s.seed.familyId)).some((a) => a.action === 'history')
		).toBe(true);
	});

	it('[HI5] rows folded into a checkpoint still show as a dated span, and a moment inside it as that checkpoint', async () => {
		const anna = device(s.seed.editor, { now: Date.now() });
		await waitFor(() => anna.provider.synced);
		addGoal(anna.doc, { kind: 'glowny', title: 'Cel sprzed kompaktowania' });
		await waitFor(() => rows() === 1);
		anna.destroy();
		// The room unloads and checkpoints (RM6); then a compaction deletes the folded row.
		const checkpoint = () =>
			s.app.db
				.prepare('SELECT upto_seq, created_at FROM doc_checkpoints WHERE doc_name = ?')
				.get(s.seed.planDoc) as { upto_seq: number; created_at: number } | undefined;
		await waitFor(() => checkpoint() !== undefined, 5000, 'checkpoint');
		s.app.db
			.prepare('DELETE FROM doc_updates WHERE doc_name = ? AND seq <= ?')
			.run(s.seed.planDoc, 1);

		const again = device(s.seed.editor, { now: Date.now() });
		await waitFor(() => again.provider.synced && readPlan(again.doc).goals.length === 1);
		addGoal(again.doc, { kind: 'szczegolowy', title: 'Cel po kompaktowaniu' });
		await waitFor(() => rows() === 1);
		const res = await call(historyGET, s.seed.editor, { id: s.seed.familyId, section: 'plan' });
		const entries = res.body.entries as Entry[];
		expect(entries.map((e) => [e.compacted, e.changes.map((c) => c.label)])).toEqual([
			[false, ['Cel po kompaktowaniu']],
			[true, ['Cel sprzed kompaktowania']]
		]);
		expect(entries[1].arrivedAt).toBe(checkpoint()?.created_at);
		expect(entries[1].userId).toBeNull();
		expect(res.body.exactSince).toBe(checkpoint()?.created_at);

		const inside = await call(
			asOfGET,
			s.seed.editor,
			{ id: s.seed.familyId, section: 'plan' },
			`?at=${(checkpoint()?.created_at as number) - 1}`
		);
		expect(inside.body.exact).toBe(false);
		const latest = await call(
			asOfGET,
			s.seed.editor,
			{ id: s.seed.familyId, section: 'plan' },
			`?at=${Date.now()}`
		);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Buffer.from(latest.body.state, 'base64'));
		expect(readPlan(doc).goals.map((g) => g.title)).toEqual([
			'Cel sprzed kompaktowania',
			'Cel po kompaktowaniu'
		]);
		expect(latest.body.exact).toBe(true);
		again.destroy();
	});
});
