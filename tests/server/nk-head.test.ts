/**
 * [NK3] The head's view learns the Niebieska Karta procedures' dates from the server's projection
 * of the violence document, and nothing else of it (the head does not read the compartment).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openDatabase, type Db } from '../../src/lib/server/db.js';
import { createUser, ensureOrganisation } from '../../src/lib/server/users.js';
import { createFamily } from '../../src/lib/server/families.js';
import { headView } from '../../src/lib/server/head-view.js';
import { addNk, updateNk } from '../../src/lib/sync/nk-doc.js';
import { projectViolenceDoc } from '../../server/projection.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';

let db: Db;
let dir: string;
let org: string;
let family: string;

beforeEach(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-nk-head-'));
	db = openDatabase(path.join(dir, 'db.sqlite'));
	org = await ensureOrganisation(sqliteSqlOf(db), 'OPS Test', 15);
	const anna = await createUser(sqliteSqlOf(db), {
		orgId: org,
		email: 'anna@t',
		name: 'Anna',
		role: 'asystent',
		password: 'haslo-123'
	});
	family = await createFamily(sqliteSqlOf(db), {
		orgId: org,
		name: 'Rodzina K.',
		assistantId: anna,
		createdBy: anna
	});
});
afterEach(() => {
	db.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('NK3: Niebieska Karta deadlines in the head’s view', () => {
	it('[NK3] the violence document’s procedures reach the head’s view as dates only', async () => {
		const doc = new Y.Doc();
		const id = addNk(doc, { startedOn: '2026-04-30', suspectAbsent: true });
		updateNk(doc, id, { toChairOn: '2026-05-04' });
		doc.getArray('safety').push([new Y.Map([['description', 'treść tylko dla grupy']])]);
		await projectViolenceDoc(sqliteSqlOf(db), family, doc, new Map())();
		const v = await headView(sqliteSqlOf(db), org, '2026-05-11');
		expect(v.niebieskaKarta).toHaveLength(1);
		expect(v.niebieskaKarta[0].procedures).toEqual([
			{
				startedOn: '2026-04-30',
				suspectAbsent: true,
				toChairOn: '2026-05-04',
				toGroupOn: '',
				firstMeetingOn: '',
				suspectNotifiedOn: ''
			}
		]);
		const stored = JSON.stringify(
			db.prepare('SELECT case_projection FROM families WHERE id = ?').get(family)
		);
		expect(stored).not.toContain(id);
		expect(stored).not.toContain('treść');
	});

	it('[NK3] a family without procedures is not listed; a later projection replaces the dates', async () => {
		expect((await headView(sqliteSqlOf(db), org, '2026-05-11')).niebieskaKarta).toEqual([]);
		const doc = new Y.Doc();
		const id = addNk(doc, { startedOn: '2026-04-30', suspectAbsent: false });
		await projectViolenceDoc(sqliteSqlOf(db), family, doc, new Map())();
		updateNk(doc, id, { toChairOn: '2026-05-05' });
		await projectViolenceDoc(sqliteSqlOf(db), family, doc, new Map())();
		expect(
			(await headView(sqliteSqlOf(db), org, '2026-05-11')).niebieskaKarta[0].procedures[0].toChairOn
		).toBe('2026-05-05');
	});
});
