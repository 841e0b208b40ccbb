/**
 * [DV4] The server's half of the device lock: the escrow key for this device, released to a live
 * session, with the organisation's device settings and (for a fresh profile, DV12) what the server
 * last heard from the profile's wiped copy. A refusal is a reason code; the lock words it.
 */
import type { Result } from '$lib/domain/result';
import { DEVICE_LOST_HEADER } from '$lib/sync/protocol';
import { fromB64, importEscrowKey } from './crypto';
import { adoptDeviceId, deviceId, isIdMadeThisLoad } from './device-id';

/** The organisation's device settings (from the settings cached for the user). */
export interface DeviceSettings {
	autoLockMinutes: number;
	leaseDays: number;
	wipeAfterFailures: number;
}

/** Settings used until the server's arrive. */
export const DEFAULT_SETTINGS: DeviceSettings = {
	autoLockMinutes: 15,
	leaseDays: 14,
	wipeAfterFailures: 5
};

/** [DV12] What the server last heard from this profile's wiped copy (see devices.ts). */
export interface PreviousCopy {
	name: string;
	lastSeenAt: number;
	pending: number;
	sure: boolean;
}

function parsePrevious(v: unknown): PreviousCopy | null {
	const p = v as Partial<PreviousCopy> | null;
	if (!p || typeof p !== 'object') return null;
	if (typeof p.lastSeenAt !== 'number' || typeof p.pending !== 'number') return null;
	return {
		name: typeof p.name === 'string' ? p.name : '',
		lastSeenAt: p.lastSeenAt,
		pending: Math.max(0, Math.floor(p.pending)),
		sure: p.sure === true
	};
}

/** The server's answer to a key request. */
export type EscrowAnswer = Result<
	{ key: CryptoKey; settings: DeviceSettings; previous: PreviousCopy | null },
	{ reason: 'offline' | 'unauthorized' | 'lost' | 'error'; status?: number }
>;

/**
 * Asks the server for this device's escrow key (a live session is needed). `fresh`: nothing of
 * the user is on this profile [DV12] (`newId`: nor a device id before this page load); the server
 * may then hand back the profile's earlier device id (kept from here on) and what it last heard
 * from the wiped copy.
 */
export async function fetchEscrow(pending: number, fresh = false): Promise<EscrowAnswer> {
	let res: Response;
	try {
		const id = deviceId();
		res = await fetch('/api/device/key', {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify({
				deviceId: id,
				pending,
				...(fresh ? { fresh, newId: isIdMadeThisLoad() } : {})
			})
		});
	} catch {
		return { ok: false, reason: 'offline' };
	}
	// [DV11] Marked lost (401 when the mark ended the session, 410 with a live one).
	if (res.headers.get(DEVICE_LOST_HEADER) === '1') return { ok: false, reason: 'lost' };
	if (res.status === 401) return { ok: false, reason: 'unauthorized' };
	if (res.status === 410) return { ok: false, reason: 'lost' };
	if (!res.ok) return { ok: false, reason: 'error', status: res.status };
	const body = (await res.json().catch(() => null)) as {
		key?: unknown;
		settings?: Partial<DeviceSettings>;
		deviceId?: unknown;
		previous?: unknown;
	} | null;
	if (typeof body?.key !== 'string') return { ok: false, reason: 'error', status: res.status };
	try {
		const key = await importEscrowKey(fromB64(body.key));
		if (fresh) adoptDeviceId(body.deviceId);
		return {
			ok: true,
			key,
			settings: { ...DEFAULT_SETTINGS, ...body.settings },
			previous: fresh ? parsePrevious(body.previous) : null
		};
	} catch {
		return { ok: false, reason: 'error', status: res.status };
	}
}
