/**
 * Access rules (AC4–AC8, AC11, G2) on either engine (test-data.ts): past 250 lines on purpose, as
 * each case builds on the same staff and family fixture.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestData, type TestData } from './test-data';
import { staffOf, type StaffRole } from './test-support';
import { createFamily, documentAccess, grantAccess, listFamiliesForUser } from './families';
import { canManageFamily, checkGrant, GrantRequest } from './grant-policy';
import { projectCase } from './case-projection';
import { Compartment, commentsDocName, familyDocName } from '../domain/compartments';
import { reduceCase } from '../domain/case-view';

let data: TestData;
beforeEach(async () => {
	data = await openTestData('asysta-ac-');
});
afterEach(() => data.close());

async function setup() {
	const org = await data.accounts.ensureOrganisation('OPS Test');
	const mk = (email: string, role: StaffRole) =>
		staffOf(data.sql, org)(email, role, email.split('@')[0]);
	const anna = await mk('anna@x.pl', 'asystent');
	const kasia = await mk('kasia@x.pl', 'kurator');
	const piotr = await mk('piotr@x.pl', 'pracownik_socjalny');
	const head = await mk('head@x.pl', 'kierownik');
	const zenon = await mk('zenon@x.pl', 'zespol_interdyscyplinarny');
	const family = await await createFamily(data.sql, {
		orgId: org,
		name: 'Rodzina K.',
		assistantId: anna,
		createdBy: anna
	});
	return { org, anna, kasia, piotr, head, zenon, family };
}

const docCount = async (familyId: string) =>
	(
		await data.sql.get<{ n: number }>(
			'SELECT count(*) AS n FROM documents WHERE family_id = ?',
			familyId
		)
	)?.n;

describe('compartments and comments documents', () => {
	it('[AC4] a new family has every compartment document and the plan comments document', async () => {
		const { family } = await setup();
		expect(await docCount(family)).toBe(Compartment.options.length + 1);
		for (const c of Compartment.options)
			expect(await documentAccess(data.sql, 'nobody', familyDocName(family, c))).toEqual({
				ok: false,
				code: 'forbidden'
			});
	});

	it('[AC5] the assistant edits every compartment but violence, which needs its own grant', async () => {
		const { anna, family } = await setup();
		for (const c of Compartment.options) {
			const a = await documentAccess(data.sql, anna, familyDocName(family, c));
			if (c === 'violence') expect(a).toEqual({ ok: false, code: 'forbidden' });
			else expect(a).toMatchObject({ ok: true, role: 'edit', kind: 'family' });
		}
	});

	it('[AC6] commenters and editors write the comments document, readers only read it', async () => {
		const { anna, kasia, piotr, family } = await setup();
		const g = (userId: string, role: 'comment' | 'read') =>
			grantAccess(data.sql, {
				familyId: family,
				userId,
				role,
				compartments: ['plan'],
				grantedBy: anna,
				reason: 'test'
			});
		await g(kasia, 'comment');
		await g(piotr, 'read');
		const comments = commentsDocName(family, 'plan');
		expect(await documentAccess(data.sql, kasia, comments)).toMatchObject({
			ok: true,
			role: 'edit',
			kind: 'comments'
		});
		expect(await documentAccess(data.sql, kasia, familyDocName(family, 'plan'))).toMatchObject({
			role: 'comment'
		});
		expect(await documentAccess(data.sql, piotr, comments)).toMatchObject({
			ok: true,
			role: 'read'
		});
		expect(await documentAccess(data.sql, anna, comments)).toMatchObject({
			ok: true,
			role: 'edit'
		});
	});

	it('[AC4] the family list names restricted compartments without their documents, and the case state only to core readers', async () => {
		const { anna, kasia, family } = await setup();
		await grantAccess(data.sql, {
			familyId: family,
			userId: kasia,
			role: 'comment',
			compartments: ['plan'],
			grantedBy: anna,
			reason: 'postanowienie',
			validTo: Date.now() + 86_400_000
		});
		const [k] = await listFamiliesForUser(data.sql, kasia);
		expect(Object.keys(k.docs)).toEqual(['plan']);
		expect(k.comments.plan?.role).toBe('edit');
		expect(k.restricted).toEqual(Compartment.options.filter((c) => c !== 'plan'));
		expect(JSON.stringify(k)).not.toContain(familyDocName(family, 'violence'));
		const [a] = await listFamiliesForUser(data.sql, anna);
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
		expect(
			await canManageFamily(data.sql, { id: anna, role: 'asystent', orgId: org }, family)
		).toBe(true);
		expect(
			await canManageFamily(data.sql, { id: head, role: 'kierownik', orgId: org }, family)
		).toBe(true);
		expect(
			await canManageFamily(data.sql, { id: head, role: 'kierownik', orgId: 'other' }, family)
		).toBe(false);
		expect(
			await canManageFamily(data.sql, { id: kasia, role: 'kurator', orgId: org }, family)
		).toBe(false);
	});

	it('[AC8] a kurator gets time-limited access only; dates must lie ahead', async () => {
		const { anna, family } = await setup();
		const actor = { id: anna, role: 'asystent' };
		// [ST3] The kurator's mandate: a court order in the case log.
		await projectCase(
			data.sql,
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

		expect(await checkGrant(data.sql, actor, family, req({}))).toMatchObject({
			ok: false,
			status: 400
		});
		expect(
			await checkGrant(data.sql, actor, family, req({ validTo: Date.now() - 1 }))
		).toMatchObject({
			ok: false
		});
		expect(
			await checkGrant(data.sql, actor, family, req({ validTo: Date.now() + 1000 }))
		).toMatchObject({
			ok: true
		});
		expect(
			await checkGrant(
				data.sql,
				actor,
				family,
				req({ user: 'nikt@x.pl', validTo: Date.now() + 1000 })
			)
		).toMatchObject({
			ok: false,
			status: 404
		});
	});

	it('[AC7][AC11] the assistant passes on only what it edits itself (not violence); the head may, to a team member', async () => {
		const { anna, head, family } = await setup();
		const r = req({ user: 'zenon@x.pl', role: 'read', compartments: ['violence'] });
		expect(await checkGrant(data.sql, { id: anna, role: 'asystent' }, family, r)).toMatchObject({
			ok: false,
			status: 403
		});
		expect(await checkGrant(data.sql, { id: head, role: 'kierownik' }, family, r)).toMatchObject({
			ok: true
		});
	});

	it('[AC11] the violence compartment goes to interdisciplinary team members only, and nobody grants himself anything', async () => {
		const { head, family } = await setup();
		const actor = { id: head, role: 'kierownik' };
		const violence = (user: string) => req({ user, role: 'read', compartments: ['violence'] });
		// The head cannot reach the violence procedure, neither for himself nor for a social worker.
		expect(await checkGrant(data.sql, actor, family, violence('head@x.pl'))).toMatchObject({
			ok: false,
			status: 403
		});
		expect(await checkGrant(data.sql, actor, family, violence('piotr@x.pl'))).toMatchObject({
			ok: false,
			status: 403
		});
		const self = req({ user: 'head@x.pl', role: 'edit', compartments: ['visits'] });
		expect(await checkGrant(data.sql, actor, family, self)).toMatchObject({
			ok: false,
			status: 403
		});
		expect(await checkGrant(data.sql, actor, family, violence('zenon@x.pl'))).toMatchObject({
			ok: true
		});
	});

	it('[G2] the family’s social worker never gets edit on the assistant’s compartments', async () => {
		const { anna, piotr, family } = await setup();
		await data.sql.run('UPDATE families SET social_worker_id = ? WHERE id = ?', piotr, family);
		const actor = { id: anna, role: 'asystent' };
		const visits = req({ user: 'piotr@x.pl', role: 'edit', compartments: ['visits'] });
		expect(await checkGrant(data.sql, actor, family, visits)).toMatchObject({
			ok: false,
			status: 400
		});
		const core = req({ user: 'piotr@x.pl', role: 'edit', compartments: ['core', 'plan'] });
		expect(await checkGrant(data.sql, actor, family, core)).toMatchObject({ ok: true });
	});
});
