/**
 * Access cases that read modules still on SQLite's connection (issue 16): the migrations'
 * backfill (AC4), the family trail from the document store (AL3) and the case projection with
 * the head's view (CS4, HV1). The engine-neutral access rules are in access.test.ts.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { sqliteSqlOf } from './sql';
import { migrate } from './migrations';
import { ensureOrganisation } from './users';
import { openTempDatabase, staffOf, type StaffRole } from './test-support';
import { createFamily, documentAccess } from './families';
import { familyTrail, listFamilyWrites } from './audit-writes';
import { projectCase, readProjection } from './case-projection';
import { headView } from './head-view';
import { Compartment, commentsDocName, familyDocName } from '../domain/compartments';
import type { CaseEvent } from '../domain/case-events';
import { reduceCase } from '../domain/case-view';
import { SqliteDocStore } from '../../../server/store/sqlite';

let db: Db;
beforeEach(() => openTempDatabase('asysta-ac-', (opened) => (db = opened)));

async function setup() {
	const org = await ensureOrganisation(sqliteSqlOf(db), 'OPS Test');
	const mk = (email: string, role: StaffRole) => staffOf(db, org)(email, role, email.split('@')[0]);
	const anna = await mk('anna@x.pl', 'asystent');
	const family = await createFamily(sqliteSqlOf(db), {
		orgId: org,
		name: 'Rodzina K.',
		assistantId: anna,
		createdBy: anna
	});
	return { org, anna, family };
}

const docCount = (familyId: string) =>
	(
		db.prepare('SELECT count(*) AS n FROM documents WHERE family_id = ?').get(familyId) as {
			n: number;
		}
	).n;

describe('the backfill of compartment documents', () => {
	it('[AC4] the backfill registers missing documents of older families, idempotently', async () => {
		const { family } = await setup();
		db.prepare(
			"DELETE FROM documents WHERE family_id = ? AND compartment NOT IN ('core', 'plan')"
		).run(family);
		db.prepare("DELETE FROM documents WHERE family_id = ? AND kind = 'comments'").run(family);
		expect(docCount(family)).toBe(2);
		for (let i = 0; i < 2; i++) {
			db.pragma('user_version = 3');
			migrate(db);
			expect(docCount(family)).toBe(Compartment.options.length + 1);
		}
		expect(
			await documentAccess(sqliteSqlOf(db), 'x', commentsDocName(family, 'plan'))
		).toMatchObject({
			ok: false
		});
	});
});

describe('audit trail and projections', () => {
	it('[AL3] stored writes appear in the family trail with user and arrival time', async () => {
		const { anna, family } = await setup();
		const store = new SqliteDocStore(db);
		const t = Date.now();
		await store.commit({
			updates: [1, 2, 3].map((seq) => ({
				docName: familyDocName(family, 'plan'),
				seq,
				createdAt: t + seq,
				userId: anna,
				sessionId: 'session-hash-0123456789',
				clientIds: [1],
				bytes: new Uint8Array([0, 0])
			})),
			checkpoints: []
		});
		const writes = await listFamilyWrites(sqliteSqlOf(db), store.log, family);
		expect(writes).toHaveLength(1);
		expect(writes[0]).toMatchObject({
			action: 'write',
			actorId: anna,
			actorName: 'anna',
			at: t + 3
		});
		expect(JSON.parse(writes[0].detail)).toMatchObject({ updates: 3, seq: [1, 3] });
		const trail = await familyTrail(sqliteSqlOf(db), store.log, family);
		expect(trail.map((r) => r.action)).toContain('grant');
		expect(trail[0].action).toBe('write');
	});

	it('[CS4] the projection records state, consent and plan versions; the head sees them (HV1)', async () => {
		const { org, anna, family } = await setup();
		const base = { at: '2025-01-10T10:00:00Z', actorId: anna, actorRole: 'asystent', online: true };
		const events: CaseEvent[] = [
			{ ...base, id: '1', type: 'przejscie', from: 'ZGLOSZENIE', to: 'WYWIAD', reason: '' },
			{ ...base, id: '2', type: 'przejscie', from: 'WYWIAD', to: 'WNIOSEK', reason: '' },
			{ ...base, id: '3', type: 'przejscie', from: 'WNIOSEK', to: 'PRZYDZIELONA', reason: '' },
			{ ...base, id: '4', type: 'zgoda', kind: 'pisemna', date: '2025-01-10', signatories: [] },
			{ ...base, id: '5', type: 'przejscie', from: 'PRZYDZIELONA', to: 'NAWIAZANIE', reason: '' },
			{
				...base,
				id: '6',
				type: 'plan_uzgodniony',
				version: 1,
				planHash: 'a'.repeat(64),
				plan: {},
				agreedBy: ['Jan K.'],
				method: 'ekran',
				refusalReason: ''
			}
		];
		await projectCase(sqliteSqlOf(db), family, reduceCase(events));
		const row = db
			.prepare('SELECT case_state, case_projection FROM families WHERE id = ?')
			.get(family) as {
			case_state: string;
			case_projection: string;
		};
		expect(row.case_state).toBe('NAWIAZANIE');
		expect(readProjection(row.case_projection)).toMatchObject({
			consentDate: '2025-01-10',
			agreedPlanVersion: 1,
			planConsulted: false
		});
		const view = await headView(sqliteSqlOf(db), org, '2025-08-01');
		expect(view.caseload.find((a) => a.assistantId === anna)?.count).toBe(1);
		expect(view.overdueAssessments).toMatchObject([{ id: family, due: '2025-07-10' }]);
		expect(view.plansAwaitingConsultation).toMatchObject([{ id: family, version: 1 }]);
		expect((await headView(sqliteSqlOf(db), org, '2025-07-01')).overdueAssessments).toEqual([]);
		expect(readProjection('{zepsute')).toMatchObject({ consentDate: null });
	});
});
