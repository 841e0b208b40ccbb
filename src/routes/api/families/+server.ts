/** `GET /api/families`: the families the signed-in user may open, with their documents. */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { listFamiliesForUser } from '$lib/server/families';

export const prerender = false;

export const GET: RequestHandler = ({ locals }) => {
	if (!locals.user) return json({ error: 'Nie zalogowano.' }, { status: 401 });
	return json(listFamiliesForUser(getDb(), locals.user.id), {
		headers: { 'cache-control': 'no-store' }
	});
};
