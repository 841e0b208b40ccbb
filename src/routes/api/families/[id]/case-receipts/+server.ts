/**
 * `GET /api/families/:id/case-receipts` → `{ receipts: { [eventId]: ms } }`: when the server first
 * held each case event (CE6), for anyone who may open the family's core document.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { documentAccess } from '$lib/server/families';
import { eventReceipts } from '$lib/server/case-projection';
import { familyDocName } from '$lib/domain/compartments';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) return notSignedIn();
	const familyId = params.id ?? '';
	const sql = getSql();
	if (!(await documentAccess(sql, locals.user.id, familyDocName(familyId, 'core'))).ok)
		return json({ error: m.api_case_no_access() }, { status: 403 });
	return json(
		{ receipts: await eventReceipts(sql, familyId) },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
