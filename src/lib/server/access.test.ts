/**
 * Access rules (AC4–AC11, AL3, CS4, G2) on a real SQLite file: past 250 lines on purpose, as each
 * case builds on the same staff and family fixture.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { migrate } from './migrations';
import { ensureOrganisation } from './users';
import { openTempDatabase, staffOf, type StaffRole } from './test-support';
import { createFamily, documentAccess, grantAccess, listFamiliesForUser } from './families';
import { canManageFamily, checkGrant, GrantRequest } from './grant-policy';
import { familyTrail, listFamilyWrites } from './audit-writes';
import { projectCase, readProjection } from './case-projection';
import { headView } from './head-view';
import { Compartment, commentsDocName, familyDocName } from '../domain/compartments';
import type { CaseEvent } from '../domain/case-events';
import { reduceCase } from '../domain/case-view';
import { SqliteDocStore } from '../../../server/store/sqlite';
import { sqliteSqlOf } from './sql';

let db: Db;
beforeEach(() => openTempDatabase('asysta-ac-', (opened) => (db = opened)));

async function setup() {
	const org = await ensureOrganisation(sqliteSqlOf(db), 'OPS Test');
	const mk = (email: string, role: StaffRole) => staffOf(db, org)(email, role, email.split('@')[0]);
	const anna = await mk('anna@x.pl', 'asystent');
	const kasia = await mk('kasia@x.pl', 'kurator');
	const piotr = await mk('piotr@x.pl', 'pracownik_socjalny');
	const head = await mk('head@x.pl', 'kierownik');
	const zenon = await mk('zenon@x.pl', 'zespol_interdyscyplinarny');
	const family = createFamily(db, {
		orgId: org,
		name: 'Rodzina K.',
		assistantId: anna,
		createdBy: anna
	});
	return { org, anna, kasia, piotr, head, zenon, family };
}

const docCount = (familyId: string) =>
	(
		db.prepare('SELECT count(*) AS n FROM documents WHERE family_id = ?').get(familyId) as {
			n: number;
		}
	).n;

describe('compartments and comments documents', () => {
	it('[AC4] a new family has every compartment document and the plan comments document', async () => {
		const { family } = await setup();
		expect(docCount(family)).toBe(Compartment.options.length + 1);
		for (const c of Compartment.options)
			expect(documentAccess(db, 'nobody', familyDocName(family, c))).toEqual({
				ok: false,
				code: 'forbidden'
			});
	});

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
		expect(documentAccess(db, 'x', commentsDocName(family, 'plan'))).toMatchObject({
			ok: false
		});
	});

	it('[AC5] the assistant edits every compartment but violence, which needs its own grant', async () => {
		const { anna, family } = await setup();
		for (const c of Compartment.options) {
			const a = documentAccess(db, anna, familyDocName(family, c));
			if (c === 'violence') expect(a).toEqual({ ok: false, code: 'forbidden' });
			else expect(a).toMatchObject({ ok: true, role: 'edit', kind: 'family' });
		}
	});

	it('[AC6] commenters and editors write the comments document, readers only read it', async () => {
		const { anna, kasia, piotr, family } = await setup();
		const g = (userId: string, role: 'comment' | 'read') =>
			grantAccess(db, {
				familyId: family,
				userId,
				role,
				compartments: ['plan'],
				grantedBy: anna,
				reason: 'test'
			});
		g(kasia, 'comment');
		g(piotr, 'read');
		const comments = commentsDocName(family, 'plan');
		expect(documentAccess(db, kasia, comments)).toMatchObject({
			ok: true,
			role: 'edit',
			kind: 'comments'
		});
		expect(documentAccess(db, kasia, familyDocName(family, 'plan'))).toMatchObject({
			role: 'comment'
		});
		expect(documentAccess(db, piotr, comments)).toMatchObject({
			ok: true,
			role: 'read'
		});
		expect(documentAccess(db, anna, comments)).toMatchObject({
			ok: true,
			role: 'edit'
		});
	});

	it('[AC4] the family list names restricted compartments without their documents, and the case state only to core readers', async () => {
		const { anna, kasia, family } = await setup();
		grantAccess(db, {
			familyId: family,
			userId: kasia,
			role: 'comment',
			compartments: ['plan'],
			grantedBy: anna,
			reason: 'postanowienie',
			validTo: Date.now() + 86_400_000
		});
		const [k] = listFamiliesForUser(db, kasia);
		expect(Object.keys(k.docs)).toEqual(['plan']);
		expect(k.comments.plan?.role).toBe('edit');
		expect(k.restricted).toEqual(Compartment.options.filter((c) => c !== 'plan'));
		expect(JSON.stringify(k)).not.toContain(familyDocName(family, 'violence'));
		const [a] = listFamiliesForUser(db, anna);
		// [NK2] The family's assistant opens violence write-only (NK-A), never to read it.
		expect(a.restricted).toEqual([]);
		expect(a.docs.violence?.role).toBe('submit');
		// The projected case state is core content: only core readers get it.
		expect(k.caseState).toBeNull();
		expect(a.caseState).toBe('ZGLOSZENIE');
	});
});

describe('grant policy', () => {
	const req = (over: Partial<GrantRequest>): GrantRequest =>
		GrantRequest.parse({
			user: 'kasia@x.pl',
			role: 'comment',
			compartments: ['plan'],
			reason: 'postanowienie sądu',
			...over
		});

	it('[AC7] the assistant and the head of the organisation manage access; others do not', async () => {
		const { org, anna, kasia, head, family } = await setup();
		expect(canManageFamily(db, { id: anna, role: 'asystent', orgId: org }, family)).toBe(true);
		expect(canManageFamily(db, { id: head, role: 'kierownik', orgId: org }, family)).toBe(true);
		expect(canManageFamily(db, { id: head, role: 'kierownik', orgId: 'other' }, family)).toBe(
			false
		);
		expect(canManageFamily(db, { id: kasia, role: 'kurator', orgId: org }, family)).toBe(false);
	});

	it('[AC8] a kurator gets time-limited access only; dates must lie ahead', async () => {
		const { anna, family } = await setup();
		const actor = { id: anna, role: 'asystent' };
		// [ST3] The kurator's mandate: a court order in the case log.
		projectCase(
			db,
			family,
			reduceCase([
				{
					id: 'o1',
					at: new Date().toISOString(),
					actorId: anna,
					actorRole: 'asystent',
					online: true,
					type: 'postanowienie_sadu',
					orderId: 'order-1',
					orderType: 'nadzor_kuratora',
					date: '2026-11-02'
				}
			])
		);
		expect(checkGrant(db, actor, family, req({}))).toMatchObject({
			ok: false,
			status: 400
		});
		expect(checkGrant(db, actor, family, req({ validTo: Date.now() - 1 }))).toMatchObject({
			ok: false
		});
		expect(checkGrant(db, actor, family, req({ validTo: Date.now() + 1000 }))).toMatchObject({
			ok: true
		});
		expect(
			checkGrant(db, actor, family, req({ user: 'nikt@x.pl', validTo: Date.now() + 1000 }))
		).toMatchObject({
			ok: false,
			status: 404
		});
	});

	it('[AC7][AC11] the assistant passes on only what it edits itself (not violence); the head may, to a team member', async () => {
		const { anna, head, family } = await setup();
		const r = req({ user: 'zenon@x.pl', role: 'read', compartments: ['violence'] });
		expect(checkGrant(db, { id: anna, role: 'asystent' }, family, r)).toMatchObject({
			ok: false,
			status: 403
		});
		expect(checkGrant(db, { id: head, role: 'kierownik' }, family, r)).toMatchObject({
			ok: true
		});
	});

	it('[AC11] the violence compartment goes to interdisciplinary team members only, and nobody grants himself anything', async () => {
		const { head, family } = await setup();
		const actor = { id: head, role: 'kierownik' };
		const violence = (user: string) => req({ user, role: 'read', compartments: ['violence'] });
		// The head cannot reach the violence procedure, neither for himself nor for a social worker.
		expect(checkGrant(db, actor, family, violence('head@x.pl'))).toMatchObject({
			ok: false,
			status: 403
		});
		expect(checkGrant(db, actor, family, violence('piotr@x.pl'))).toMatchObject({
			ok: false,
			status: 403
		});
		const self = req({ user: 'head@x.pl', role: 'edit', compartments: ['visits'] });
		expect(checkGrant(db, actor, family, self)).toMatchObject({
			ok: false,
			status: 403
		});
		expect(checkGrant(db, actor, family, violence('zenon@x.pl'))).toMatchObject({
			ok: true
		});
	});

	it('[G2] the family’s social worker never gets edit on the assistant’s compartments', async () => {
		const { anna, piotr, family } = await setup();
		db.prepare('UPDATE families SET social_worker_id = ? WHERE id = ?').run(piotr, family);
		const actor = { id: anna, role: 'asystent' };
		const visits = req({ user: 'piotr@x.pl', role: 'edit', compartments: ['visits'] });
		expect(checkGrant(db, actor, family, visits)).toMatchObject({
			ok: false,
			status: 400
		});
		const core = req({ user: 'piotr@x.pl', role: 'edit', compartments: ['core', 'plan'] });
		expect(checkGrant(db, actor, family, core)).toMatchObject({ ok: true });
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
		projectCase(db, family, reduceCase(events));
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
		const view = headView(db, org, '2025-08-01');
		expect(view.caseload.find((a) => a.assistantId === anna)?.count).toBe(1);
		expect(view.overdueAssessments).toMatchObject([{ id: family, due: '2025-07-10' }]);
		expect(view.plansAwaitingConsultation).toMatchObject([{ id: family, version: 1 }]);
		expect(headView(db, org, '2025-07-01').overdueAssessments).toEqual([]);
		expect(readProjection('{zepsute')).toMatchObject({ consentDate: null });
	});
});
