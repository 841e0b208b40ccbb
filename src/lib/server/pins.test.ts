import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { ensureOrganisation } from './users';
import { openTempDatabase, staffOf } from './test-support';
import { createFamily, grantAccess } from './families';
import { MAX_PINS, pinnedFamilies, setPinned } from './pins';
import { sqliteSqlOf } from './sql';

let db: Db;
beforeEach(() => openTempDatabase('asysta-pins-', (opened) => (db = opened)));

async function setup() {
	const org = await ensureOrganisation(sqliteSqlOf(db), 'OPS Test');
	const mk = staffOf(db, org);
	const anna = await mk('anna@x.pl', 'asystent');
	const head = await mk('head@x.pl', 'kierownik');
	const mkFamily = (name: string) =>
		createFamily(db, { orgId: org, name, assistantId: anna, createdBy: anna });
	return { anna, head, mkFamily };
}

const readGrant = (familyId: string, userId: string, validTo?: number) =>
	grantAccess(db, {
		familyId,
		userId,
		role: 'read',
		compartments: ['core', 'plan'],
		grantedBy: null,
		reason: 'test',
		validTo
	});

describe('[AC12] pinned families, per user on the server', () => {
	it('a head pins and unpins a family it may read; another user’s pins are its own', async () => {
		const { anna, head, mkFamily } = await setup();
		const f = mkFamily('Rodzina A');
		readGrant(f, head);
		expect(setPinned(db, { userId: head, familyId: f, pinned: true })).toEqual({
			ok: true
		});
		// Pinning twice is harmless.
		expect(setPinned(db, { userId: head, familyId: f, pinned: true })).toEqual({
			ok: true
		});
		expect([...pinnedFamilies(db, head)]).toEqual([f]);
		expect(pinnedFamilies(db, anna).size).toBe(0);
		expect(setPinned(db, { userId: head, familyId: f, pinned: false })).toEqual({
			ok: true
		});
		expect(pinnedFamilies(db, head).size).toBe(0);
	});

	it('a family without a live grant cannot be pinned (no family id is confirmed)', async () => {
		const { head, mkFamily } = await setup();
		const none = mkFamily('Rodzina bez dostępu');
		const expired = mkFamily('Rodzina po dostępie');
		readGrant(expired, head, Date.now() - 1000);
		for (const familyId of [none, expired, 'nie-ma-takiej'])
			expect(setPinned(db, { userId: head, familyId, pinned: true })).toEqual({
				ok: false,
				code: 'no-such-family'
			});
		expect(pinnedFamilies(db, head).size).toBe(0);
	});

	it(`at most ${MAX_PINS} families are pinned at once`, async () => {
		const { head, mkFamily } = await setup();
		const ids = Array.from({ length: MAX_PINS + 1 }, (_, i) => mkFamily(`Rodzina ${i}`));
		for (const id of ids) readGrant(id, head);
		for (const id of ids.slice(0, MAX_PINS))
			expect(setPinned(db, { userId: head, familyId: id, pinned: true }).ok).toBe(true);
		expect(setPinned(db, { userId: head, familyId: ids[MAX_PINS], pinned: true })).toEqual({
			ok: false,
			code: 'too-many'
		});
		// Unpinning one makes room.
		setPinned(db, { userId: head, familyId: ids[0], pinned: false });
		expect(setPinned(db, { userId: head, familyId: ids[MAX_PINS], pinned: true }).ok).toBe(true);
	});
});
