/**
 * [DV9] `POST /api/devices/name` `{deviceId, name}`: the user names one of their own devices
 * (shown in their list and in the head's). 401 / 400 (a name longer than 60 characters or with
 * control characters: refused, not cut) / 404 (not one of the user's devices).
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { renameDevice } from '$lib/server/devices';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

const Body = z.object({ deviceId: z.string().min(1).max(64), name: z.string().max(1000) });

export const POST: RequestHandler = async ({ locals, request }) => {
	if (!locals.user) return json({ error: m.api_not_signed_in() }, { status: 401 });
	const parsed = Body.safeParse(await request.json().catch(() => null));
	if (!parsed.success) return json({ error: m.device_api_bad_request() }, { status: 400 });
	const r = renameDevice(getDb(), locals.user, parsed.data.deviceId, parsed.data.name);
	if (!r.ok) {
		return r.status === 400
			? json({ error: m.device_name_invalid() }, { status: 400 })
			: json({ error: m.device_api_not_found() }, { status: 404 });
	}
	return json({ ok: true });
};
