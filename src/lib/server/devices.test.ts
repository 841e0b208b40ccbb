import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sql } from './sql';
import { openTestData, type TestData } from './test-data';
import {
	listDevices,
	markDeviceLost,
	onDeviceLost,
	releaseDeviceKey,
	renameDevice
} from './devices';
import { createSession, generateSessionToken, isSessionLive } from './session';
import { ensureOrganisation } from './users';
import { actorsOf } from './test-support';

let data: TestData;
let sql: Sql;
beforeEach(async () => {
	data = await openTestData('asysta-dev-');
	sql = data.sql;
});
afterEach(() => data.close());

const DEV = 'AbCdEfGhIjKlMnOpQrStUv12';

async function staff() {
	const org = await ensureOrganisation(sql, 'OPS');
	const other = await ensureOrganisation(sql, 'Inny OPS');
	const mk = actorsOf(sql, org);
	return {
		anna: await mk('anna@x.pl', 'asystent'),
		piotr: await mk('piotr@x.pl', 'asystent'),
		head: await mk('kier@x.pl', 'kierownik'),
		foreignHead: await actorsOf(sql, other)('kier@inny.pl', 'kierownik')
	};
}

async function session(userId: string): Promise<string> {
	return (await createSession(sql, generateSessionToken(), userId)).id;
}

async function audits(change: string): Promise<number> {
	return (
		await sql.all<{ detail: string }>(`SELECT detail FROM audit_log WHERE action = 'device'`)
	).filter((r) => JSON.parse(r.detail).change === change).length;
}

describe('[DV3] escrow keys per user and device', () => {
	it('[DV3] the same user and device get the same 32-byte key; another user or device another', async () => {
		const { anna, piotr } = await staff();
		const a1 = await releaseDeviceKey(sql, anna, await session(anna.id), DEV, { pending: 2 });
		const a2 = await releaseDeviceKey(sql, anna, await session(anna.id), DEV, {});
		const p = await releaseDeviceKey(sql, piotr, await session(piotr.id), DEV, {});
		const a3 = await releaseDeviceKey(sql, anna, await session(anna.id), DEV.replace('A', 'Z'), {});
		if (!a1.ok || !a2.ok || !p.ok || !a3.ok) throw new Error('refused');
		expect(a1.key.length).toBe(32);
		expect(a1.created).toBe(true);
		expect(a2.created).toBe(false);
		expect(Buffer.from(a2.key).equals(Buffer.from(a1.key))).toBe(true);
		expect(Buffer.from(p.key).equals(Buffer.from(a1.key))).toBe(false);
		expect(Buffer.from(a3.key).equals(Buffer.from(a1.key))).toBe(false);
		expect(await audits('registered')).toBe(3);
		expect(await audits('key-released')).toBe(1);
	});

	it('[DV3] a malformed device id is refused', async () => {
		const { anna } = await staff();
		expect(await releaseDeviceKey(sql, anna, await session(anna.id), 'short', {})).toEqual({
			ok: false,
			reason: 'bad-device'
		});
	});
});

describe('[DV7] devices list and lost devices', () => {
	it('[DV7] the user sees their devices, the head the organisation’s, with the changes reported waiting', async () => {
		const { anna, piotr, head } = await staff();
		await releaseDeviceKey(sql, anna, await session(anna.id), DEV, {
			pending: 4,
			name: 'Laptop Anny'
		});
		await releaseDeviceKey(sql, piotr, await session(piotr.id), DEV, {});
		expect((await listDevices(sql, anna)).map((d) => [d.userId, d.name, d.pending])).toEqual([
			[anna.id, 'Laptop Anny', 4]
		]);
		expect(await listDevices(sql, head)).toHaveLength(2);
	});

	it('[DV7] a lost device: its sessions end, its key is refused, others are untouched', async () => {
		const { anna, head, foreignHead } = await staff();
		const s1 = await session(anna.id);
		const sOther = await session(anna.id);
		await releaseDeviceKey(sql, anna, s1, DEV, { pending: 3 });
		await releaseDeviceKey(sql, anna, sOther, DEV.replace('A', 'Z'), {});
		expect(await markDeviceLost(sql, foreignHead, anna.id, DEV)).toEqual({
			ok: false,
			status: 404
		});
		expect(await markDeviceLost(sql, head, anna.id, DEV)).toEqual({ ok: true, sessions: 1 });
		expect(await isSessionLive(sql, s1)).toBe(false);
		expect(await isSessionLive(sql, sOther)).toBe(true);
		// A new login on the lost device gets no key.
		expect(await releaseDeviceKey(sql, anna, await session(anna.id), DEV, { pending: 3 })).toEqual({
			ok: false,
			reason: 'lost'
		});
		expect((await releaseDeviceKey(sql, anna, sOther, DEV.replace('A', 'Z'), {})).ok).toBe(true);
		const lost = (await listDevices(sql, head)).find((d) => d.deviceId === DEV);
		expect(lost?.lostAt).not.toBeNull();
		expect(lost?.pending).toBe(3);
		expect(await audits('marked-lost')).toBe(1);
		expect(await audits('key-refused')).toBe(1);
	});
});

describe('[DV8][DV9] lost devices told at once; users name and revoke their own devices', () => {
	it('[DV8] marking lost announces the sessions of that device (their sockets close 4410) before they end', async () => {
		const { anna, head } = await staff();
		const s1 = await session(anna.id);
		const sOther = await session(anna.id);
		await releaseDeviceKey(sql, anna, s1, DEV, {});
		await releaseDeviceKey(sql, anna, sOther, DEV.replace('A', 'Z'), {});
		// The check starts inside the signal, before the sessions end; awaited below.
		const seen: { ids: string[]; live: Promise<boolean> }[] = [];
		const off = onDeviceLost((ids) => seen.push({ ids, live: isSessionLive(sql, ids[0]) }));
		try {
			expect(await markDeviceLost(sql, head, anna.id, DEV)).toEqual({ ok: true, sessions: 1 });
		} finally {
			off();
		}
		const settled = await Promise.all(seen.map(async (x) => ({ ids: x.ids, live: await x.live })));
		expect(settled).toEqual([{ ids: [s1], live: true }]);
	});

	it('[DV9] a user revokes their own device, never another user’s; the head any in the organisation', async () => {
		const { anna, piotr, head } = await staff();
		const sA = await session(anna.id);
		const sP = await session(piotr.id);
		await releaseDeviceKey(sql, anna, sA, DEV, {});
		await releaseDeviceKey(sql, piotr, sP, DEV, {});
		expect(await markDeviceLost(sql, anna, piotr.id, DEV)).toEqual({ ok: false, status: 403 });
		expect(await isSessionLive(sql, sP)).toBe(true);
		expect(await markDeviceLost(sql, anna, anna.id, DEV)).toEqual({ ok: true, sessions: 1 });
		expect(await isSessionLive(sql, sA)).toBe(false);
		expect(await markDeviceLost(sql, head, piotr.id, DEV)).toEqual({ ok: true, sessions: 1 });
	});

	it('[DV9] a user names their own device (the head sees it); too long or control characters refused, not cut', async () => {
		const { anna, piotr, head } = await staff();
		await releaseDeviceKey(sql, anna, await session(anna.id), DEV, {});
		expect(await renameDevice(sql, anna, DEV, '  Laptop służbowy  ')).toEqual({ ok: true });
		expect((await listDevices(sql, head)).find((d) => d.userId === anna.id)?.name).toBe(
			'Laptop służbowy'
		);
		expect(await renameDevice(sql, anna, DEV, 'x'.repeat(61))).toEqual({ ok: false, status: 400 });
		expect(await renameDevice(sql, anna, DEV, 'zła\nnazwa')).toEqual({ ok: false, status: 400 });
		expect(await renameDevice(sql, piotr, DEV, 'cudzy')).toEqual({ ok: false, status: 404 });
		expect((await listDevices(sql, anna))[0].name).toBe('Laptop służbowy');
		// A later key release (no name sent) keeps the name.
		await releaseDeviceKey(sql, anna, await session(anna.id), DEV, {});
		expect((await listDevices(sql, anna))[0].name).toBe('Laptop służbowy');
		expect(await audits('renamed')).toBe(1);
	});
});
