/**
 * `POST /api/alerts/:id/ack` → 204: the caller acknowledges an alert addressed to them (ZG4,
 * audited); 404 for an unknown alert or one not addressed to the caller.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { acknowledgeAlert } from '$lib/server/alerts';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const POST: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) return notSignedIn();
	const r = await acknowledgeAlert(getSql(), params.id ?? '', locals.user);
	if (r === 'not-found') return json({ error: m.api_no_such_alert() }, { status: 404 });
	return new Response(null, { status: 204 });
};
