/**
 * [DV12] Finding the copy a wiped browser profile held, from what the server last heard of the
 * user's devices, so the page can say how many changes may have been lost with it.
 */
import type { Sql } from './sql.js';
import { DEVICE_ID } from './device-cookie.js';

/** [DV12] What the server last heard from the copy a wiped browser profile held. */
export interface PreviousCopy {
	deviceId: string;
	name: string;
	lastSeenAt: number;
	pending: number;
	/**
	 * True when the device cookie (it outlives an eviction or a storage-only wipe) names it: it is
	 * this browser profile. False when only the browser matches (cookies were cleared as well): it
	 * may be another device of the user with the same browser.
	 */
	sure: boolean;
}

/**
 * [DV12] A device asks for its key with nothing of this user on it (no key record, no
 * bookkeeping): was its storage wiped? The device cookie, when it names another device of the
 * same user that is not lost, says so for sure; without it, and when the profile had no device id
 * either (`guess`), the user's most recent other device with the same browser (user agent) that
 * reported waiting changes is a candidate.
 */
export async function previousCopy(
	sql: Sql,
	userId: string,
	deviceId: string,
	cookieId: string | null | undefined,
	opts: { userAgent: string; guess: boolean }
): Promise<PreviousCopy | null> {
	type Row = { device_id: string; name: string; last_seen_at: number; pending: number };
	const pick = (r: Row | undefined, sure: boolean): PreviousCopy | null =>
		r
			? {
					deviceId: r.device_id,
					name: r.name,
					lastSeenAt: r.last_seen_at,
					pending: r.pending,
					sure
				}
			: null;
	if (cookieId && cookieId !== deviceId && DEVICE_ID.test(cookieId)) {
		const r = await sql.get<Row>(
			`SELECT device_id, name, last_seen_at, pending FROM devices
			 WHERE user_id = ? AND device_id = ? AND lost_at IS NULL`,
			userId,
			cookieId
		);
		if (r) return pick(r, true);
	}
	const ua = opts.userAgent.slice(0, 300);
	if (!opts.guess || !ua) return null;
	return pick(
		await sql.get<Row>(
			`SELECT device_id, name, last_seen_at, pending FROM devices
			 WHERE user_id = ? AND device_id <> ? AND user_agent = ? AND lost_at IS NULL AND pending > 0
			 ORDER BY last_seen_at DESC LIMIT 1`,
			userId,
			deviceId,
			ua
		),
		false
	);
}
