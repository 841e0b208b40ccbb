/**
 * `GET /api/families/:id/audit` → the family's trail (audit log and stored writes, AL3), newest
 * first, for its assistant and the organisation's kierownik only (AC7).
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { familyTrail } from '$lib/server/audit-writes';
import { canManageFamily } from '$lib/server/grant-policy';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const GET: RequestHandler = ({ locals, params }) => {
	if (!locals.user) return json({ error: m.api_not_signed_in() }, { status: 401 });
	const db = getDb();
	if (!canManageFamily(db, locals.user, params.id ?? ''))
		return json({ error: m.api_audit_forbidden() }, { status: 403 });
	return json(
		{ rows: familyTrail(db, params.id ?? '') },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
