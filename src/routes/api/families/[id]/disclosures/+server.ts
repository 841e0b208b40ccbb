/**
 * `GET /api/families/:id/disclosures` → `{ disclosures }`: the family's disclosures (udostępnienia,
 * DR7), newest first, for its assistant and the organisation's kierownik (as the audit trail).
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { listDisclosures } from '$lib/server/device-audit';
import { canManageFamily } from '$lib/server/grant-policy';

export const prerender = false;

export const GET: RequestHandler = ({ locals, params }) => {
	if (!locals.user) return json({ error: 'Nie zalogowano.' }, { status: 401 });
	const db = getDb();
	if (!canManageFamily(db, locals.user, params.id ?? ''))
		return json(
			{ error: 'Udostępnienia widzą tylko asystent rodziny i kierownik.' },
			{ status: 403 }
		);
	return json(
		{ disclosures: listDisclosures(db, params.id ?? '') },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
