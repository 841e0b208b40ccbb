/** `GET /api/kierownik` → the head's view of the organisation (HV1); 403 for anyone else. */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { headView } from '$lib/server/head-view';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user) return notSignedIn();
	if (locals.user.role !== 'kierownik') return json({ error: m.api_head_only() }, { status: 403 });
	const today = new Date().toISOString().slice(0, 10);
	return json(await headView(getDb(), locals.user.orgId, today), {
		headers: { 'cache-control': 'no-store' }
	});
};
