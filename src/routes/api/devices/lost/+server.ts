/**
 * [DV7][DV8][DV9] `POST /api/devices/lost` `{userId, deviceId}`: the head marks a staff member's
 * device lost, or a user one of their own. Its open sockets close "device lost" (4410) and the
 * page erases its data at once; its sessions end, its key is no longer released, and a device
 * that was not open erases its local data at its next contact. 401 / 403 (another user's device,
 * not the head) / 404 (no such device here).
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { markDeviceLost } from '$lib/server/devices';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

const Body = z.object({ userId: z.string().min(1).max(64), deviceId: z.string().min(1).max(64) });

export const POST: RequestHandler = async ({ locals, request }) => {
	if (!locals.user) return json({ error: m.api_not_signed_in() }, { status: 401 });
	const parsed = Body.safeParse(await request.json().catch(() => null));
	if (!parsed.success) return json({ error: m.device_api_bad_request() }, { status: 400 });
	const r = markDeviceLost(getDb(), locals.user, parsed.data.userId, parsed.data.deviceId);
	if (!r.ok) {
		return r.status === 403
			? json({ error: m.security_head_only() }, { status: 403 })
			: json({ error: m.device_api_not_found() }, { status: 404 });
	}
	return json({ sessions: r.sessions });
};
