/** `GET /api/families`: the families the signed-in user may open, with their documents. */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { listFamiliesForUser } from '$lib/server/families';
import { createFamilyFromIntake } from '$lib/server/intake';
import { NewFamilyRequest } from '$lib/domain/case-intake';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const GET: RequestHandler = ({ locals }) => {
	if (!locals.user) return json({ error: m.api_not_signed_in() }, { status: 401 });
	return json(listFamiliesForUser(getDb(), locals.user.id), {
		headers: { 'cache-control': 'no-store' }
	});
};

/**
 * `POST /api/families` (issue 4): an assistant or a head creates a family taken over from intake
 * elsewhere; G1 and G2 are checked here against the organisation's caseloads.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
	if (!locals.user) return json({ error: m.api_not_signed_in() }, { status: 401 });
	const body = NewFamilyRequest.safeParse(await request.json().catch(() => null));
	if (!body.success)
		return json(
			{ error: body.error.issues[0]?.message ?? m.api_family_invalid() },
			{ status: 400 }
		);
	const r = createFamilyFromIntake(getDb(), locals.user, body.data);
	if (!r.ok) return json({ error: r.error }, { status: r.status });
	return json(r.family, { status: 201 });
};
