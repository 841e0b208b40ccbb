/**
 * `GET /api/families/:id/disclosures` → `{ disclosures }`: the family's disclosures (udostępnienia,
 * DR7), newest first, for its assistant and the organisation's kierownik (as the audit trail).
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { listDisclosures } from '$lib/server/device-audit';
import { canManageFamily } from '$lib/server/grant-policy';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const GET: RequestHandler = ({ locals, params }) => {
	if (!locals.user) return json({ error: m.api_not_signed_in() }, { status: 401 });
	const db = getDb();
	if (!canManageFamily(db, locals.user, params.id ?? ''))
		return json({ error: m.api_disclosures_forbidden() }, { status: 403 });
	return json(
		{ disclosures: listDisclosures(db, params.id ?? '') },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
