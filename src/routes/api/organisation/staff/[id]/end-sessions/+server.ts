/**
 * `POST /api/organisation/staff/<id>/end-sessions` → `{sessions}`: the head ends every session
 * of a staff member of their own organisation (AU6); the member's open documents disconnect at
 * once (4401). Audited. 401 / 403 (not the head) / 404 (not in the organisation).
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { endSessionsOf } from '$lib/server/accounts';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const POST: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) return notSignedIn();
	if (locals.user.role !== 'kierownik')
		return json({ error: m.security_head_only() }, { status: 403 });
	const sql = getSql();
	const id = (params.id ?? '').slice(0, 64);
	const member = await sql.get(
		'SELECT 1 FROM users WHERE id = ? AND org_id = ?',
		id,
		locals.user.orgId
	);
	if (!member) return json({ error: m.security_unknown_user() }, { status: 404 });
	const r = await endSessionsOf(sql, id, {
		id: locals.user.id,
		role: locals.user.role,
		via: 'app'
	});
	return json(r);
};
