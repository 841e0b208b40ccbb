/**
 * [HI2][HI4][DS17] "Historia" with DATABASE_URL: the documents' rows are in PostgreSQL (SQLite's
 * document tables stay empty), and the history list and the section as of a moment read them
 * there — a real y-websocket client edits the plan through a server started as main.ts starts it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RequestEvent } from '@sveltejs/kit';
import * as Y from 'yjs';
import { afterEach, expect, it } from 'vitest';
import { createAsystaServer, type AsystaServer } from '../../server/app.js';
import { PgDocStore } from '../../server/store/pg.js';
import { ensureSqliteDocSchema } from '../../server/store/sqlite.js';
import { familyTrail } from '../../src/lib/server/audit-writes.js';
import type { SessionUser } from '../../src/lib/server/session.js';
import { getUpdateLog } from '../../src/lib/server/update-log.js';
import { addAction, addGoal, readPlan } from '../../src/lib/sync/plan-doc.js';
import { GET as historyGET } from '../../src/routes/api/families/[id]/history/[section]/+server.js';
import { GET as asOfGET } from '../../src/routes/api/families/[id]/history/[section]/as-of/+server.js';
import { pgSuite } from '../contract/pg-cluster.js';
import { connectClient, seedFamily, sessionCookie, waitFor } from './helpers.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
	for (const c of cleanups.splice(0).reverse()) await c();
});

function sessionUser(app: AsystaServer, id: string): SessionUser {
	const u = app.db
		.prepare('SELECT id, org_id AS orgId, email, name, role, color FROM users WHERE id = ?')
		.get(id) as SessionUser;
	return { ...u };
}

/** A route as SvelteKit calls it, for the signed-in `user`. */
async function call(
	handler: typeof historyGET,
	user: SessionUser,
	params: { id: string; section: string },
	query = ''
) {
	const url = new URL(
		`http://localhost/api/families/${params.id}/history/${params.section}${query}`
	);
	const event = { locals: { user }, params, url };
	const res = await handler(event as unknown as RequestEvent<{ id: string; section: string }>);
	return { status: res.status, body: await res.json() };
}

await pgSuite('history', (pgdb) => {
	it('[HI2][HI4][DS17] the history and the plan as of now come from PostgreSQL’s rows, with their author', async () => {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-pghist-'));
		cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
		const url = await pgdb.schema();
		const app = await createAsystaServer({
			dataDir,
			port: 0,
			host: '127.0.0.1',
			sync: { unloadGraceMs: 100, persistIntervalMs: 20, persistedAckMs: 0 },
			log: () => {},
			openStore: (db) => {
				ensureSqliteDocSchema(db);
				return PgDocStore.open({ connectionString: url });
			}
		});
		cleanups.push(() => app.close());
		const seed = await seedFamily(app.db);
		const wsUrl = app.url.replace('localhost', '127.0.0.1').replace('http', 'ws') + '/sync';
		const c = connectClient({
			wsUrl,
			docName: seed.planDoc,
			headers: { Cookie: sessionCookie(app.db, seed.editor).cookie }
		});
		cleanups.push(() => c.destroy());
		await waitFor(() => c.provider.synced, 10_000, 'sync');
		const goal = addGoal(c.doc, { kind: 'glowny', title: 'Stabilizacja sytuacji mieszkaniowej' });
		addAction(c.doc, goal, { description: 'Wniosek o dodatek mieszkaniowy' });
		const pg = await PgDocStore.open({ connectionString: url });
		cleanups.push(() => pg.close());
		// Both changes stored (the rows a commit writes are visible to another pool at once).
		for (const end = Date.now() + 10_000; (await pg.log.rows(seed.planDoc, 0)).length < 2;) {
			if (Date.now() > end) throw new Error('timed out waiting for the two rows');
			await new Promise((r) => setTimeout(r, 10));
		}
		// Nothing of the document is in SQLite: whatever the routes show came from PostgreSQL.
		const sqliteRows = app.db
			.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_name = ?')
			.get(seed.planDoc) as { n: number };
		expect(sqliteRows.n).toBe(0);

		const editor = sessionUser(app, seed.editor);
		const fam = { id: seed.familyId, section: 'plan' };
		const list = await call(historyGET, editor, fam);
		expect(list.status).toBe(200);
		expect(list.body.matched).toBe(2);
		expect(list.body.entries.map((e: { userName: string }) => e.userName)).toEqual([
			'Edyta Edytor',
			'Edyta Edytor'
		]);
		expect(list.body.entries[1].changes).toMatchObject([{ part: 'goals', kind: 'added' }]);
		expect(list.body.entries[0].changes).toMatchObject([
			{ part: 'actions', kind: 'added', label: 'Wniosek o dodatek mieszkaniowy' }
		]);

		// [AL3] The family's trail lists the same writes, from the same rows.
		const trail = await familyTrail(sqliteSqlOf(app.db), getUpdateLog(), seed.familyId);
		const writes = trail.filter((r) => r.action === 'write');
		expect(writes.map((w) => [w.object, w.actorName])).toEqual([[seed.planDoc, 'Edyta Edytor']]);
		expect(JSON.parse(writes[0].detail)).toMatchObject({ updates: 2, seq: [1, 2] });

		const asOf = await call(asOfGET, editor, fam, `?at=${Date.now()}`);
		expect(asOf.status).toBe(200);
		expect(asOf.body.seq).toBe(2);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, Buffer.from(asOf.body.state, 'base64'));
		expect(readPlan(doc).actions.map((a) => a.description)).toEqual([
			'Wniosek o dodatek mieszkaniowy'
		]);
	});
});
