/**
 * [DV9] `POST /api/devices/name` `{deviceId, name}`: the user names one of their own devices
 * (shown in their list and in the head's). 401 / 400 (a name longer than 60 characters or with
 * control characters: refused, not cut) / 404 (not one of the user's devices).
 */
import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/sql';
import { renameDevice } from '$lib/server/devices';
import { refuse, withJsonBody } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

const Body = z.object({ deviceId: z.string().min(1).max(64), name: z.string().max(1000) });

export const POST = withJsonBody(Body, m.device_api_bad_request, async (user, body) => {
	const r = await renameDevice(getSql(), user, body.deviceId, body.name);
	if (r.ok) return json({ ok: true });
	return r.status === 400
		? refuse(400, m.device_name_invalid())
		: refuse(404, m.device_api_not_found());
});
