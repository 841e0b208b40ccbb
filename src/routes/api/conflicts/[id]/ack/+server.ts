/**
 * [CF7] `POST /api/conflicts/:id/ack` → 204: the field's marker clears for everyone. Only someone
 * who may edit the conflict's document: a reader or commenter gets 403 (audited); 404 for an
 * unknown conflict or one in a document the caller cannot open; 409 when already acknowledged.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { acknowledgeConflict } from '$lib/server/conflicts';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const POST: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) return notSignedIn();
	const r = await acknowledgeConflict(getSql(), (params.id ?? '').slice(0, 64), locals.user);
	if (r === 'not-found') return json({ error: m.conflicts_api_no_such() }, { status: 404 });
	if (r === 'forbidden') return json({ error: m.conflicts_api_read_only() }, { status: 403 });
	if (r === 'already') return json({ error: m.conflicts_api_already() }, { status: 409 });
	return new Response(null, { status: 204 });
};
