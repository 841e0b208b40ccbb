import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db';
import {
	listDevices,
	markDeviceLost,
	onDeviceLost,
	releaseDeviceKey,
	renameDevice
} from './devices';
import { createSession, generateSessionToken, isSessionLive } from './session';
import { ensureOrganisation } from './users';
import { actorsOf, openTempDatabase } from './test-support';

let db: Db;
beforeEach(() => openTempDatabase('asysta-dev-', (opened) => (db = opened)));

const DEV = 'AbCdEfGhIjKlMnOpQrStUv12';

async function staff() {
	const org = ensureOrganisation(db, 'OPS');
	const other = ensureOrganisation(db, 'Inny OPS');
	const mk = actorsOf(db, org);
	return {
		anna: await mk('anna@x.pl', 'asystent'),
		piotr: await mk('piotr@x.pl', 'asystent'),
		head: await mk('kier@x.pl', 'kierownik'),
		foreignHead: await actorsOf(db, other)('kier@inny.pl', 'kierownik')
	};
}

function session(userId: string): string {
	return createSession(db, generateSessionToken(), userId).id;
}

function audits(change: string): number {
	return (
		db.prepare(`SELECT detail FROM audit_log WHERE action = 'device'`).all() as { detail: string }[]
	).filter((r) => JSON.parse(r.detail).change === change).length;
}

describe('[DV3] escrow keys per user and device', () => {
	it('[DV3] the same user and device get the same 32-byte key; another user or device another', async () => {
		const { anna, piotr } = await staff();
		const a1 = releaseDeviceKey(db, anna, session(anna.id), DEV, { pending: 2 });
		const a2 = releaseDeviceKey(db, anna, session(anna.id), DEV, {});
		const p = releaseDeviceKey(db, piotr, session(piotr.id), DEV, {});
		const a3 = releaseDeviceKey(db, anna, session(anna.id), DEV.replace('A', 'Z'), {});
		if (!a1.ok || !a2.ok || !p.ok || !a3.ok) throw new Error('refused');
		expect(a1.key.length).toBe(32);
		expect(a1.created).toBe(true);
		expect(a2.created).toBe(false);
		expect(Buffer.from(a2.key).equals(Buffer.from(a1.key))).toBe(true);
		expect(Buffer.from(p.key).equals(Buffer.from(a1.key))).toBe(false);
		expect(Buffer.from(a3.key).equals(Buffer.from(a1.key))).toBe(false);
		expect(audits('registered')).toBe(3);
		expect(audits('key-released')).toBe(1);
	});

	it('[DV3] a malformed device id is refused', async () => {
		const { anna } = await staff();
		expect(releaseDeviceKey(db, anna, session(anna.id), 'short', {})).toEqual({
			ok: false,
			reason: 'bad-device'
		});
	});
});

describe('[DV7] devices list and lost devices', () => {
	it('[DV7] the user sees their devices, the head the organisation’s, with the changes reported waiting', async () => {
		const { anna, piotr, head } = await staff();
		releaseDeviceKey(db, anna, session(anna.id), DEV, { pending: 4, name: 'Laptop Anny' });
		releaseDeviceKey(db, piotr, session(piotr.id), DEV, {});
		expect(listDevices(db, anna).map((d) => [d.userId, d.name, d.pending])).toEqual([
			[anna.id, 'Laptop Anny', 4]
		]);
		expect(listDevices(db, head)).toHaveLength(2);
	});

	it('[DV7] a lost device: its sessions end, its key is refused, others are untouched', async () => {
		const { anna, head, foreignHead } = await staff();
		const s1 = session(anna.id);
		const sOther = session(anna.id);
		releaseDeviceKey(db, anna, s1, DEV, { pending: 3 });
		releaseDeviceKey(db, anna, sOther, DEV.replace('A', 'Z'), {});
		expect(markDeviceLost(db, foreignHead, anna.id, DEV)).toEqual({ ok: false, status: 404 });
		expect(markDeviceLost(db, head, anna.id, DEV)).toEqual({ ok: true, sessions: 1 });
		expect(isSessionLive(db, s1)).toBe(false);
		expect(isSessionLive(db, sOther)).toBe(true);
		// A new login on the lost device gets no key.
		expect(releaseDeviceKey(db, anna, session(anna.id), DEV, { pending: 3 })).toEqual({
			ok: false,
			reason: 'lost'
		});
		expect(releaseDeviceKey(db, anna, sOther, DEV.replace('A', 'Z'), {}).ok).toBe(true);
		const lost = listDevices(db, head).find((d) => d.deviceId === DEV);
		expect(lost?.lostAt).not.toBeNull();
		expect(lost?.pending).toBe(3);
		expect(audits('marked-lost')).toBe(1);
		expect(audits('key-refused')).toBe(1);
	});
});

describe('[DV8][DV9] lost devices told at once; users name and revoke their own devices', () => {
	it('[DV8] marking lost announces the sessions of that device (their sockets close 4410) before they end', async () => {
		const { anna, head } = await staff();
		const s1 = session(anna.id);
		const sOther = session(anna.id);
		releaseDeviceKey(db, anna, s1, DEV, {});
		releaseDeviceKey(db, anna, sOther, DEV.replace('A', 'Z'), {});
		const seen: { ids: string[]; live: boolean }[] = [];
		const off = onDeviceLost((ids) => seen.push({ ids, live: isSessionLive(db, ids[0]) }));
		try {
			expect(markDeviceLost(db, head, anna.id, DEV)).toEqual({ ok: true, sessions: 1 });
		} finally {
			off();
		}
		expect(seen).toEqual([{ ids: [s1], live: true }]);
	});

	it('[DV9] a user revokes their own device, never another user’s; the head any in the organisation', async () => {
		const { anna, piotr, head } = await staff();
		const sA = session(anna.id);
		const sP = session(piotr.id);
		releaseDeviceKey(db, anna, sA, DEV, {});
		releaseDeviceKey(db, piotr, sP, DEV, {});
		expect(markDeviceLost(db, anna, piotr.id, DEV)).toEqual({ ok: false, status: 403 });
		expect(isSessionLive(db, sP)).toBe(true);
		expect(markDeviceLost(db, anna, anna.id, DEV)).toEqual({ ok: true, sessions: 1 });
		expect(isSessionLive(db, sA)).toBe(false);
		expect(markDeviceLost(db, head, piotr.id, DEV)).toEqual({ ok: true, sessions: 1 });
	});

	it('[DV9] a user names their own device (the head sees it); too long or control characters refused, not cut', async () => {
		const { anna, piotr, head } = await staff();
		releaseDeviceKey(db, anna, session(anna.id), DEV, {});
		expect(renameDevice(db, anna, DEV, '  Laptop służbowy  ')).toEqual({ ok: true });
		expect(listDevices(db, head).find((d) => d.userId === anna.id)?.name).toBe('Laptop służbowy');
		expect(renameDevice(db, anna, DEV, 'x'.repeat(61))).toEqual({ ok: false, status: 400 });
		expect(renameDevice(db, anna, DEV, 'zła\nnazwa')).toEqual({ ok: false, status: 400 });
		expect(renameDevice(db, piotr, DEV, 'cudzy')).toEqual({ ok: false, status: 404 });
		expect(listDevices(db, anna)[0].name).toBe('Laptop służbowy');
		// A later key release (no name sent) keeps the name.
		releaseDeviceKey(db, anna, session(anna.id), DEV, {});
		expect(listDevices(db, anna)[0].name).toBe('Laptop służbowy');
		expect(audits('renamed')).toBe(1);
	});
});
