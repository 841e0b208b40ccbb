/**
 * [DV11] How any request tells the server which device it comes from (the device cookie), and
 * whether that device must be answered "device lost". Read by the hooks and the sync server on
 * every contact, so it stays free of the key escrow in devices.ts.
 */
import type { Sql } from './sql.js';

/** A device id as the browser makes it: 22–64 url-safe characters. */
export const DEVICE_ID = /^[A-Za-z0-9_-]{22,64}$/;

/**
 * [DV11] The device cookie: the browser profile's random device id (not personal), set when the
 * device asks for its key. The browser sends it with every request — API calls, the sync
 * socket's upgrade, the service worker's fetches — so a device marked lost is told at any contact,
 * even after its sessions ended (a dead session alone would only say 401).
 */
export const DEVICE_COOKIE = 'asysta_device';
/** The header of an HTTP answer "device lost" (the page erases; see protocol.ts). */
export { DEVICE_LOST_HEADER } from '../sync/protocol.js';

/** The device id in a Cookie header (the sync server reads it itself), or null. */
export function readDeviceCookie(cookieHeader: string | undefined): string | null {
	if (!cookieHeader) return null;
	for (const part of cookieHeader.split(';')) {
		const eq = part.indexOf('=');
		if (eq < 0 || part.slice(0, eq).trim() !== DEVICE_COOKIE) continue;
		const value = part.slice(eq + 1).trim();
		return DEVICE_ID.test(value) ? value : null;
	}
	return null;
}

/** [DV11] The users for whom this device id is marked lost (usually none). */
export async function lostUsersOnDevice(
	sql: Sql,
	deviceId: string | null | undefined
): Promise<string[]> {
	// No cookie (most requests): no statement at all.
	if (!deviceId || !DEVICE_ID.test(deviceId)) return [];
	const rows = await sql.all<{ user_id: string }>(
		'SELECT user_id FROM devices WHERE device_id = ? AND lost_at IS NOT NULL',
		deviceId
	);
	return rows.map((r) => r.user_id);
}

/**
 * [DV11] Whether a request from this device must be answered "device lost": the device is marked
 * lost for the signed-in user, or for anyone when there is no live session (the lost user's
 * sessions ended with the mark). Another user signed in on the same browser profile works on.
 */
export async function lostSignalFor(
	sql: Sql,
	deviceId: string | null | undefined,
	userId: string | null | undefined
): Promise<string[] | null> {
	const lost = await lostUsersOnDevice(sql, deviceId);
	if (lost.length === 0) return null;
	return !userId || lost.includes(userId) ? lost : null;
}
