/**
 * [CE8] Case logs stored before the server checked every write (issue "The case file as
 * evidence", attack 1): a social worker's device removed the first case event and appended a
 * transition signed as the assistant. Such a log, found in the store, is named in the head's
 * view with each break — at start for logs nobody opens, and again whenever the document is
 * projected — and a log that keeps the policy (the demo's) is not flagged.
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
import { databaseFile, openDatabase } from '../../src/lib/server/db.js';
import { headView } from '../../src/lib/server/head-view.js';
import { readCore } from '../../src/lib/sync/core-doc.js';
import { coreRoots } from '../../src/lib/sync/doc-schema.js';
import { connectClient, DEMO_EMAIL, sessionCookie, waitFor } from './helpers.js';

const dirs: string[] = [];
const running: AsystaServer[] = [];
afterEach(async () => {
	for (const app of running.splice(0)) await app.close();
	for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function start(dataDir: string) {
	const app = await createAsystaServer({
		dataDir,
		port: 0,
		host: '127.0.0.1',
		sync: { unloadGraceMs: 100, persistIntervalMs: 20, persistedAckMs: 0 },
		prepare: seedDemo,
		log: () => {}
	});
	running.push(app);
	await app.caseLogReview;
	return app;
}

const idOf = (app: AsystaServer, email: string) =>
	(app.db.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: string }).id;
const family = (app: AsystaServer) =>
	app.db.prepare("SELECT id, org_id FROM families WHERE name = 'Rodzina Kowalskich'").get() as {
		id: string;
		org_id: string;
	};
const breaksOf = async (app: AsystaServer) =>
	(await headView(app.db, family(app).org_id, '2026-12-05')).caseLogBreaks;

/**
 * Writes into the store what a server without the write policy accepted: the social worker's
 * device removes the first case event and appends a closing transition signed as the assistant.
 */
async function storeTamperedLog(app: AsystaServer): Promise<void> {
	const docName = familyDocName(family(app).id, 'core');
	const loaded = await app.store.load(docName);
	const doc = new Y.Doc();
	if (loaded.checkpoint) Y.applyUpdate(doc, loaded.checkpoint.state);
	for (const u of loaded.updates) Y.applyUpdate(doc, u.bytes);
	const before = Y.encodeStateVector(doc);
	const piotr = idOf(app, DEMO_EMAIL.piotr);
	const anna = idOf(app, DEMO_EMAIL.anna);
	const state = readCore(doc).caseView.state;
	const forged: CaseEvent = {
		id: 'forged-closure',
		type: 'przejscie',
		at: '2026-11-20T10:00:00.000+01:00',
		actorId: anna,
		actorRole: 'asystent',
		actorName: 'Anna Asystent',
		online: true,
		from: state,
		to: 'ZAKONCZENIE',
		reason: ''
	};
	doc.transact(() => {
		coreRoots(doc).caseEvents.delete(0, 1);
		coreRoots(doc).caseEvents.push([forged]);
	});
	await app.store.commit({
		updates: [
			{
				docName,
				seq: loaded.lastSeq + 1,
				createdAt: Date.now(),
				userId: piotr,
				sessionId: 'pre-policy',
				clientIds: [doc.clientID],
				bytes: Y.encodeStateAsUpdate(doc, before)
			}
		],
		checkpoints: [],
		clients: [{ docName, clientId: doc.clientID, userId: piotr, boundAt: Date.now() }]
	});
	doc.destroy();
}

describe('[CE8] the head sees stored case-log entries that break the write policy', () => {
	it('the demo’s case logs keep the policy: nothing is flagged', async () => {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-review-'));
		dirs.push(dataDir);
		const app = await start(dataDir);
		const reviewed = app.db.prepare('SELECT count(*) AS n FROM case_log_reviews').get() as {
			n: number;
		};
		expect(reviewed.n).toBeGreaterThan(0);
		expect(await breaksOf(app)).toEqual([]);
	});

	it('a log tampered before the checks is named at start: the removed entry and the forged signature', async () => {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-review-'));
		dirs.push(dataDir);
		const first = await start(dataDir);
		await storeTamperedLog(first);
		await first.close();
		running.splice(running.indexOf(first), 1);
		// Reviews of the old log are gone with an upgrade from before CE8: start as such a server.
		const raw = openDatabase(databaseFile(dataDir));
		raw.prepare('DELETE FROM case_log_reviews').run();
		raw.close();

		const app = await start(dataDir);
		const flagged = await breaksOf(app);
		expect(flagged.map((f) => f.name)).toEqual(['Rodzina Kowalskich']);
		const breaks = flagged[0].breaks;
		expect(breaks.find((b) => b.code === 'removed')).toMatchObject({ position: 0 });
		expect(breaks.find((b) => b.code === 'foreign-author')).toMatchObject({
			eventId: 'forged-closure',
			writerName: expect.stringContaining('Piotr'),
			claimedActorName: expect.stringContaining('Anna')
		});
		expect(breaks).toHaveLength(2);
	});

	it('a tampered log is named again when its document is opened and projected', async () => {
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-review-'));
		dirs.push(dataDir);
		const app = await start(dataDir);
		expect(await breaksOf(app)).toEqual([]);
		await storeTamperedLog(app);
		const krystyna = idOf(app, DEMO_EMAIL.krystyna);
		const origin = app.url.replace('localhost', '127.0.0.1');
		const client = connectClient({
			wsUrl: origin.replace('http://', 'ws://') + '/sync',
			docName: familyDocName(family(app).id, 'core'),
			headers: { Cookie: sessionCookie(app.db, krystyna).cookie, Origin: origin }
		});
		try {
			await waitFor(
				async () => (await breaksOf(app)).length === 1,
				5000,
				'the projection to review the log'
			);
			expect((await breaksOf(app))[0].breaks.map((b) => b.code).sort()).toEqual([
				'foreign-author',
				'removed'
			]);
		} finally {
			client.destroy();
		}
	});
});
