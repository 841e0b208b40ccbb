import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendCaseEvent } from '../../src/lib/sync/core-doc.js';
import { familyDocName } from '../../src/lib/domain/compartments.js';
import { acknowledgeAlert, openAlerts } from '../../src/lib/server/alerts.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';
import { grantAccess } from '../../src/lib/server/families.js';
import { createUser } from '../../src/lib/server/users.js';
import { listAudit } from '../../src/lib/server/audit-query.js';
import type { StaffRole } from '../../src/lib/domain/roles.js';
import { connectClient, sessionCookie, startServer, waitFor } from './helpers.js';

let s: Awaited<ReturnType<typeof startServer>>;
let head: string;
let worker: string;
let kurator: string;
let otherWorker: string;

beforeAll(async () => {
	s = await startServer();
	const db = s.app.db;
	const mk = (email: string, name: string, role: StaffRole) =>
		createUser(sqliteSqlOf(db), {
			orgId: s.seed.org,
			email,
			name,
			role,
			password: 'test-password'
		});
	head = await mk('kier@test.local', 'Krystyna Kierownik', 'kierownik');
	worker = await mk('ps@test.local', 'Piotr Pracownik', 'pracownik_socjalny');
	kurator = await mk('kur@test.local', 'Kasia Kurator', 'kurator');
	// A social worker of the organisation without a grant on this family: not told.
	otherWorker = await mk('ps2@test.local', 'Paweł Inny', 'pracownik_socjalny');
	const grant = (userId: string, role: 'edit' | 'comment', validTo?: number) =>
		grantAccess(sqliteSqlOf(db), {
			familyId: s.seed.familyId,
			userId,
			role,
			compartments: ['core', 'plan'],
			grantedBy: s.seed.editor,
			reason: 'test',
			validFrom: 0,
			validTo
		});
	await grant(worker, 'edit');
	await grant(kurator, 'comment', Date.now() + 180 * 86_400_000);
});
afterAll(() => s.close());

describe('child-safety alerts (ZG)', () => {
	it('[ZG3][ZG4] a zagrożenie event synced into the core document alerts the head and the social worker, not the kurator, once; only an addressee acknowledges, for themselves, audited', async () => {
		const { cookie } = sessionCookie(s.app.db, s.seed.editor);
		const c = connectClient({
			wsUrl: s.wsUrl,
			docName: familyDocName(s.seed.familyId, 'core'),
			headers: { Cookie: cookie }
		});
		await waitFor(() => c.provider.synced, 5000, 'synced');
		appendCaseEvent(c.doc, {
			id: 'zg-1',
			at: new Date().toISOString(),
			actorId: s.seed.editor,
			actorRole: 'asystent',
			online: true,
			type: 'zagrozenie',
			date: '2026-11-20',
			concernId: 'concern-1'
		});
		const db = s.app.db;
		const sql = sqliteSqlOf(db);
		await waitFor(
			async () => (await openAlerts(sql, head)).length === 1,
			5000,
			'alert for the head'
		);
		await waitFor(
			async () => (await openAlerts(sql, worker)).length === 1,
			5000,
			'alert for the social worker'
		);
		expect(await openAlerts(sql, kurator)).toEqual([]);
		expect(await openAlerts(sql, otherWorker)).toEqual([]);
		expect(await openAlerts(sql, s.seed.editor)).toEqual([]);
		const [a] = await openAlerts(sql, head);
		expect(a).toMatchObject({
			familyId: s.seed.familyId,
			familyName: 'Rodzina T.',
			kind: 'zagrozenie',
			date: '2026-11-20'
		});
		// Nothing of the concern but its date is kept: no record id, no content.
		expect(Object.keys(a).sort()).toEqual(
			['createdAt', 'date', 'familyId', 'familyName', 'id', 'kind'].sort()
		);

		// A later commit re-projects the document: the same event never alerts twice.
		appendCaseEvent(c.doc, {
			id: 'zg-2-other',
			at: new Date().toISOString(),
			actorId: s.seed.editor,
			actorRole: 'asystent',
			online: true,
			type: 'wycofanie_zgody',
			date: '2026-11-21'
		});
		await waitFor(
			() =>
				(
					db
						.prepare('SELECT count(*) AS n FROM case_event_receipts WHERE event_id = ?')
						.get('zg-2-other') as { n: number }
				).n === 1,
			5000,
			'the second commit projected'
		);
		expect(await openAlerts(sql, head)).toHaveLength(1);
		expect((db.prepare('SELECT count(*) AS n FROM alerts').get() as { n: number }).n).toBe(1);
		c.destroy();
		// [ZG4] Only an addressee acknowledges; acknowledging removes the alert for that addressee
		// only and is audited (one scene with ZG3: tests of one file may run in any order).
		const [w] = await openAlerts(sql, worker);
		expect(await acknowledgeAlert(sql, w.id, { id: kurator, role: 'kurator' })).toBe('not-found');
		expect(await acknowledgeAlert(sql, 'nie-ma', { id: worker, role: 'pracownik_socjalny' })).toBe(
			'not-found'
		);
		expect(
			await acknowledgeAlert(sql, w.id, { id: worker, role: 'pracownik_socjalny' }, 1_000)
		).toBe('ok');
		expect(await openAlerts(sql, worker)).toEqual([]);
		expect(await openAlerts(sql, head)).toHaveLength(1);
		// Acknowledging again changes nothing and is not audited twice.
		expect(
			await acknowledgeAlert(sql, w.id, { id: worker, role: 'pracownik_socjalny' }, 2_000)
		).toBe('ok');
		const acks = (await listAudit(sqliteSqlOf(db), s.seed.familyId)).filter(
			(r) => r.action === 'ack'
		);
		expect(acks).toHaveLength(1);
		expect(acks[0]).toMatchObject({ actorId: worker, object: `alert:${w.id}` });
	});
});
