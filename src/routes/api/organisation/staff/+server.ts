/**
 * `GET /api/organisation/staff` → `{staff: [{id, name, email, role, disabled, sessions,
 * lastSeenAt}]}`: the head's organisation's staff with their live sessions (AU6), for
 * "Wyloguj wszędzie" on a lost device. Kierownik only (403), 401 without a session.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { staffSessions } from '$lib/server/session';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const GET: RequestHandler = ({ locals }) => {
	if (!locals.user) return json({ error: m.api_not_signed_in() }, { status: 401 });
	if (locals.user.role !== 'kierownik')
		return json({ error: m.security_head_only() }, { status: 403 });
	return json(
		{ staff: staffSessions(getDb(), locals.user.orgId) },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
