/**
 * [DV3] `POST /api/device/key` `{deviceId, name?, pending?}` → 200 `{key, settings}`: the escrow
 * key (base64, 32 bytes) of the signed-in user on this device, and the organisation's device
 * settings (lease, auto-lock, wrong-password limit). 401 without a live session, 400 for a
 * malformed device id, 410 `{erase: true}` for a device marked lost (the device erases its local
 * data). Never cached.
 *
 * [DV11] Sets the device cookie (the random device id) so every later request tells a lost device.
 * [DV12] `fresh: true` (nothing of this user on the device): the answer adds `previous` when the
 * storage was evidently wiped — for sure when the device cookie names another device of the user
 * (the device takes that id back: `deviceId`); with `newId` too (no device id before this page
 * load), else a same-browser device of the user that reported waiting changes (`sure: false`).
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/sql';
import {
	DEVICE_COOKIE,
	DEVICE_ID,
	DEVICE_LOST_HEADER,
	releaseDeviceKey
} from '$lib/server/devices';
import { previousCopy, type PreviousCopy } from '$lib/server/previous-copy';
import { isHttps } from '$lib/server/session-cookie';
import { orgSettings } from '$lib/server/org-settings';
import { NO_STORE, notSignedIn, readJson, refuse } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

const Body = z.object({
	deviceId: z.string().max(64),
	name: z.string().max(100).optional(),
	pending: z.number().int().min(0).max(1_000_000).optional(),
	fresh: z.boolean().optional(),
	newId: z.boolean().optional()
});

export const POST: RequestHandler = async (event) => {
	const { locals, request, cookies } = event;
	if (!locals.user || !locals.session) return notSignedIn(NO_STORE);
	const body = await readJson(request, Body);
	if (!body) return refuse(400, m.device_api_bad_request(), NO_STORE);
	const sql = getSql();
	const userAgent = request.headers.get('user-agent') ?? '';
	let deviceId = body.deviceId;
	let previous: PreviousCopy | null = null;
	if (body.fresh && DEVICE_ID.test(deviceId)) {
		previous = await previousCopy(sql, locals.user.id, deviceId, cookies.get(DEVICE_COOKIE), {
			userAgent,
			guess: body.newId === true
		});
		// The same browser profile: it keeps its device (its list entry, its escrow key).
		if (previous?.sure) deviceId = previous.deviceId;
	}
	const result = await releaseDeviceKey(sql, locals.user, locals.session.id, deviceId, {
		name: body.name,
		pending: body.pending,
		userAgent
	});
	if (DEVICE_ID.test(deviceId)) {
		cookies.set(DEVICE_COOKIE, deviceId, {
			httpOnly: true,
			sameSite: 'lax',
			path: '/',
			secure: isHttps(event),
			maxAge: 400 * 86_400
		});
	}
	if (!result.ok) {
		return result.reason === 'lost'
			? json(
					{ error: m.device_err_lost(), erase: true, users: [locals.user.id] },
					{ status: 410, headers: { ...NO_STORE, [DEVICE_LOST_HEADER]: '1' } }
				)
			: refuse(400, m.device_api_bad_request(), NO_STORE);
	}
	const s = await orgSettings(sql, locals.user.orgId);
	return json(
		{
			key: Buffer.from(result.key).toString('base64'),
			deviceId,
			previous,
			settings: {
				autoLockMinutes: s.deviceAutoLockMinutes,
				leaseDays: s.deviceLeaseDays,
				wipeAfterFailures: s.deviceWipeAfterFailures
			}
		},
		{ headers: NO_STORE }
	);
};
