/**
 * [DV7] `POST /api/devices/lost` `{userId, deviceId}`: the head marks a staff member's device
 * lost. Its sessions end at once (sockets 4401), its key is no longer released, and it erases
 * its local data at its next contact. 401 / 403 (not the head) / 404 (no such device here).
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
