/**
 * [AC12] `PUT /api/families/:id/pin` pins a family to keep it whole on the user's devices,
 * `DELETE` unpins it. Only a family the user holds a live grant for; at most MAX_PINS.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { MAX_PINS, setPinned } from '$lib/server/pins';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

function pin(pinned: boolean): RequestHandler {
	return async ({ locals, params }) => {
		if (!locals.user) return notSignedIn();
		const familyId = params.id ?? '';
		if (familyId.length > 64) return json({ error: m.api_no_such_family() }, { status: 404 });
		const r = await setPinned(getSql(), { userId: locals.user.id, familyId, pinned });
		if (r.ok) return json({ pinned });
		if (r.code === 'too-many')
			return json({ error: m.caseload_pin_too_many({ max: MAX_PINS }) }, { status: 409 });
		return json({ error: m.api_no_such_family() }, { status: 404 });
	};
}

export const PUT = pin(true);
export const DELETE = pin(false);
