/**
 * [DV7][DV8][DV9] `POST /api/devices/lost` `{userId, deviceId}`: the head marks a staff member's
 * device lost, or a user one of their own. Its open sockets close "device lost" (4410) and the
 * page erases its data at once; its sessions end, its key is no longer released, and a device
 * that was not open erases its local data at its next contact. 401 / 403 (another user's device,
 * not the head) / 404 (no such device here).
 */
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/sql';
import { markDeviceLost } from '$lib/server/devices';
import { refuse, withJsonBody } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

const Body = z.object({ userId: z.string().min(1).max(64), deviceId: z.string().min(1).max(64) });

export const POST = withJsonBody(Body, m.device_api_bad_request, async (user, body) => {
	const r = await markDeviceLost(getSql(), user, body.userId, body.deviceId);
	if (r.ok) return json({ sessions: r.sessions });
	return r.status === 403
		? refuse(403, m.security_head_only())
		: refuse(404, m.device_api_not_found());
});
