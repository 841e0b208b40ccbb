/**
 * [ST3][ST4] (issue 13) External participants on the real server, with the demo's people and
 * real y-websocket clients: a kurator's grant rests on a court order the case log records (the
 * server's projection of the core document, also for logs stored before the projection knew
 * court orders), and a person recorded as another institution's loses `edit` on the case file at
 * once, on the sockets already open too.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createAsystaServer, type AsystaServer } from '../../server/app.js';
import { seedDemo } from '../../server/seed.js';
import { familyDocName } from '../../src/lib/domain/compartments.js';
import type { CaseEvent } from '../../src/lib/domain/case-events.js';
import { todayInPoland } from '../../src/lib/domain/dates.js';
import { checkGrant, GrantRequest } from '../../src/lib/server/grant-policy.js';
import { listGrants } from '../../src/lib/server/grants.js';
import { recordParticipant } from '../../src/lib/server/staff-law.js';
import { appendCaseEvent } from '../../src/lib/sync/core-doc.js';
import { coreRoots } from '../../src/lib/sync/doc-schema.js';
import { connectClient, DEMO_EMAIL, sessionCookie, settled, waitFor } from './helpers.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';

const dirs: string[] = [];
const running: AsystaServer[] = [];
afterEach(async () => {
	for (const app of running.splice(0)) await app.close();
	for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function start(dataDir?: string) {
	const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-law3-'));
	if (!dataDir) dirs.push(dir);
	const app = await createAsystaServer({
		dataDir: dir,
		port: 0,
		host: '127.0.0.1',
		sync: { unloadGraceMs: 100, persistIntervalMs: 20, persistedAckMs: 0 },
		prepare: seedDemo,
		log: () => {}
	});
	running.push(app);
	await app.caseLogReview;
	const idOf = (email: string) =>
		(app.db.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: string }).id;
	const family = app.db
		.prepare("SELECT id, org_id FROM families WHERE name = 'Rodzina Kowalskich'")
		.get() as { id: string; org_id: string };
	const head = { id: idOf(DEMO_EMAIL.krystyna), orgId: family.org_id, role: 'kierownik' };
	return {
		app,
		dir,
		idOf,
		familyId: family.id,
		head,
		wsUrl: app.url.replace('http://', 'ws://').replace('localhost', '127.0.0.1') + '/sync',
		origin: app.url.replace('localhost', '127.0.0.1')
	};
}

/** The head asks for a grant to the kurator on the family's core file and plan. */
const kuratorGrant = (s: Awaited<ReturnType<typeof start>>) =>
	checkGrant(
		sqliteSqlOf(s.app.db),
		s.head,
		s.familyId,
		GrantRequest.parse({
			user: DEMO_EMAIL.kasia,
			role: 'read',
			compartments: ['core', 'plan'],
			validTo: Date.now() + 30 * 86_400_000,
			reason: 'nadzór kuratora'
		})
	);

const order = (id: string, actorId: string): CaseEvent => ({
	id,
	at: new Date().toISOString(),
	actorId,
	actorRole: 'asystent',
	online: true,
	type: 'postanowienie_sadu',
	orderId: `order-${id}`,
	orderType: 'nadzor_kuratora',
	date: todayInPoland()
});

describe('[ST3] a kurator’s grant rests on a court order in the case log', () => {
	it('[ST3][CT2] refused while the log has no order; granted once the assistant records one over the socket', async () => {
		const s = await start();
		const refused = await kuratorGrant(s);
		expect(refused).toMatchObject({ ok: false, status: 403 });
		expect(refused.ok ? '' : refused.error).toContain('tylko na podstawie postanowienia sądu');

		const anna = s.idOf(DEMO_EMAIL.anna);
		const c = connectClient({
			wsUrl: s.wsUrl,
			docName: familyDocName(s.familyId, 'core'),
			headers: { Cookie: sessionCookie(s.app.db, anna).cookie, Origin: s.origin }
		});
		await waitFor(() => c.provider.synced, 5000, 'anna syncs core');
		appendCaseEvent(c.doc, order('st3-1', anna));
		// The server projects the core document after the commit (debounced): the grant follows.
		await waitFor(async () => (await kuratorGrant(s)).ok, 5000, 'the order projected');
		expect(c.notices).toEqual([]);
		c.destroy();
	});

	it('[ST3] an order stored before the projection knew court orders counts after a restart', async () => {
		const first = await start();
		const dir = first.dir;
		dirs.push(dir);
		// What an older server stored: the order in the log, a projection row without its types.
		const docName = familyDocName(first.familyId, 'core');
		const loaded = await first.app.store.load(docName);
		const doc = new Y.Doc();
		if (loaded.checkpoint) Y.applyUpdate(doc, loaded.checkpoint.state);
		for (const u of loaded.updates) Y.applyUpdate(doc, u.bytes);
		const before = Y.encodeStateVector(doc);
		const anna = first.idOf(DEMO_EMAIL.anna);
		doc.transact(() => coreRoots(doc).caseEvents.push([order('st3-old', anna)]));
		await first.app.store.commit({
			updates: [
				{
					docName,
					seq: loaded.lastSeq + 1,
					createdAt: Date.now(),
					userId: anna,
					sessionId: 'older-server',
					clientIds: [doc.clientID],
					bytes: Y.encodeStateAsUpdate(doc, before)
				}
			],
			checkpoints: [],
			clients: [{ docName, clientId: doc.clientID, userId: anna, boundAt: Date.now() }]
		});
		doc.destroy();
		first.app.db
			.prepare(
				"UPDATE families SET case_projection = json_remove(case_projection, '$.courtOrderTypes') WHERE id = ?"
			)
			.run(first.familyId);
		expect(await kuratorGrant(first)).toMatchObject({ ok: false, status: 403 });
		running.splice(running.indexOf(first.app), 1);
		await first.app.close();

		const again = await start(dir);
		expect(await kuratorGrant(again)).toMatchObject({ ok: true });
	});
});

describe('[ST4] recorded as another institution’s, a person loses edit at once', () => {
	it('[ST4][ST2][RM11] the social worker’s open plan turns read-only when the head records him as PCPR; his read grants stay', async () => {
		const s = await start();
		const piotr = s.idOf(DEMO_EMAIL.piotr);
		const docName = familyDocName(s.familyId, 'plan');
		const rows = () =>
			(
				s.app.db
					.prepare('SELECT count(*) AS n FROM doc_updates WHERE user_id = ? AND doc_name = ?')
					.get(piotr, docName) as { n: number }
			).n;
		const c = connectClient({
			wsUrl: s.wsUrl,
			docName,
			headers: { Cookie: sessionCookie(s.app.db, piotr).cookie, Origin: s.origin }
		});
		await waitFor(() => c.provider.synced, 5000, 'piotr syncs the plan');
		c.doc.getMap('meta').set('probe-before', 1);
		await waitFor(() => rows() > 0, 5000, 'his edit stored');
		// Everything the first write queued is stored before counting.
		await settled(c);
		await s.app.rooms.queue.flush();
		const stored = rows();

		const r = await recordParticipant(sqliteSqlOf(s.app.db), s.head, piotr, {
			kind: 'pcpr',
			name: 'PCPR w Przykładowie',
			ziMember: false
		});
		expect(r).toMatchObject({ ok: true });

		// The open socket: the next write is refused as a reader's, nothing stored.
		c.doc.getMap('meta').set('probe-after', 2);
		await settled(c);
		await s.app.rooms.queue.flush();
		expect(rows()).toBe(stored);
		expect(c.notices).toEqual([{ type: 'read-only', role: 'read' }]);
		c.destroy();

		// The grants: edit on core and plan became read (in both demo families), the reads stayed.
		expect(r.ok ? r.changes.map((ch) => ch.to.map((t) => t.role)) : []).toEqual([
			['read'],
			['read']
		]);
		const live = (await listGrants(sqliteSqlOf(s.app.db), s.familyId))
			.filter((g) => g.userId === piotr && g.revokedAt === null)
			.map((g) => `${g.role}:${g.compartments.join('+')}`)
			.sort();
		expect(live).toEqual(['read:assessments+visits', 'read:core+plan']);
	});
});
