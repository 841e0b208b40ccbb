import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staffOf } from './test-support';
import { openTestData, type TestData } from './test-data';
import { createFamily, grantAccess } from './families';
import { MAX_PINS, pinnedFamilies, setPinned } from './pins';

let data: TestData;
beforeEach(async () => {
	data = await openTestData('asysta-pins-');
});
afterEach(() => data.close());

async function setup() {
	const { sql, accounts } = data;
	const org = await accounts.ensureOrganisation('OPS Test');
	const mk = staffOf(sql, org);
	const anna = await mk('anna@x.pl', 'asystent');
	const head = await mk('head@x.pl', 'kierownik');
	const mkFamily = (name: string) =>
		createFamily(sql, { orgId: org, name, assistantId: anna, createdBy: anna });
	return { anna, head, mkFamily };
}

const readGrant = (familyId: string, userId: string, validTo?: number) =>
	grantAccess(data.sql, {
		familyId,
		userId,
		role: 'read',
		compartments: ['core', 'plan'],
		grantedBy: null,
		reason: 'test',
		validTo
	});

const pin = (userId: string, familyId: string, pinned: boolean) =>
	setPinned(data.sql, { userId, familyId, pinned });

describe('[AC12] pinned families, per user on the server', () => {
	it('a head pins and unpins a family it may read; another user’s pins are its own', async () => {
		const { anna, head, mkFamily } = await setup();
		const f = await mkFamily('Rodzina A');
		await readGrant(f, head);
		expect(await pin(head, f, true)).toEqual({ ok: true });
		// Pinning twice is harmless.
		expect(await pin(head, f, true)).toEqual({ ok: true });
		expect([...(await pinnedFamilies(data.sql, head))]).toEqual([f]);
		expect((await pinnedFamilies(data.sql, anna)).size).toBe(0);
		expect(await pin(head, f, false)).toEqual({ ok: true });
		expect((await pinnedFamilies(data.sql, head)).size).toBe(0);
	});

	it('a family without a live grant cannot be pinned (no family id is confirmed)', async () => {
		const { head, mkFamily } = await setup();
		const none = await mkFamily('Rodzina bez dostępu');
		const expired = await mkFamily('Rodzina po dostępie');
		await readGrant(expired, head, Date.now() - 1000);
		for (const familyId of [none, expired, 'nie-ma-takiej'])
			expect(await pin(head, familyId, true)).toEqual({ ok: false, code: 'no-such-family' });
		expect((await pinnedFamilies(data.sql, head)).size).toBe(0);
	});

	it(`at most ${MAX_PINS} families are pinned at once`, async () => {
		const { head, mkFamily } = await setup();
		const ids: string[] = [];
		for (let i = 0; i <= MAX_PINS; i++) ids.push(await mkFamily(`Rodzina ${i}`));
		for (const id of ids) await readGrant(id, head);
		for (const id of ids.slice(0, MAX_PINS)) expect((await pin(head, id, true)).ok).toBe(true);
		expect(await pin(head, ids[MAX_PINS], true)).toEqual({ ok: false, code: 'too-many' });
		// Unpinning one makes room.
		await pin(head, ids[0], false);
		expect((await pin(head, ids[MAX_PINS], true)).ok).toBe(true);
	});
});
