/**
 * [DV3] `POST /api/device/key` `{deviceId, name?, pending?}` → 200 `{key, settings}`: the escrow
 * key (base64, 32 bytes) of the signed-in user on this device, and the organisation's device
 * settings (lease, auto-lock, wrong-password limit). 401 without a live session, 400 for a
 * malformed device id, 410 `{erase: true}` for a device marked lost (the device erases its local
 * data). Never cached.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { releaseDeviceKey } from '$lib/server/devices';
import { orgSettings } from '$lib/server/org-settings';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

const Body = z.object({
	deviceId: z.string().max(64),
	name: z.string().max(100).optional(),
	pending: z.number().int().min(0).max(1_000_000).optional()
});

const noStore = { 'cache-control': 'no-store' };

export const POST: RequestHandler = async ({ locals, request }) => {
	if (!locals.user || !locals.session) {
		return json({ error: m.api_not_signed_in() }, { status: 401, headers: noStore });
	}
	const parsed = Body.safeParse(await request.json().catch(() => null));
	if (!parsed.success) {
		return json({ error: m.device_api_bad_request() }, { status: 400, headers: noStore });
	}
	const db = getDb();
	const result = releaseDeviceKey(db, locals.user, locals.session.id, parsed.data.deviceId, {
		name: parsed.data.name,
		pending: parsed.data.pending,
		userAgent: request.headers.get('user-agent') ?? ''
	});
	if (!result.ok) {
		return result.reason === 'lost'
			? json({ error: m.device_err_lost(), erase: true }, { status: 410, headers: noStore })
			: json({ error: m.device_api_bad_request() }, { status: 400, headers: noStore });
	}
	const s = orgSettings(db, locals.user.orgId);
	return json(
		{
			key: Buffer.from(result.key).toString('base64'),
			settings: {
				autoLockMinutes: s.deviceAutoLockMinutes,
				leaseDays: s.deviceLeaseDays,
				wipeAfterFailures: s.deviceWipeAfterFailures
			}
		},
		{ headers: noStore }
	);
};
