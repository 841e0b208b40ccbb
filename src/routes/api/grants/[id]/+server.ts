/**
 * `DELETE /api/grants/:id` revokes a grant (AC3): 204; 403 unless the caller manages the family;
 * 404 for an unknown or already revoked grant. The sync server closes the user's sockets to the
 * family's documents at once (4403) through `notifyAccessChanged`.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { notifyAccessChanged, revokeGrant } from '$lib/server/grants';
import { canManageFamily } from '$lib/server/grant-policy';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const DELETE: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) return notSignedIn();
	const sql = getSql();
	const grant = await sql.get<{ family_id: string; user_id: string }>(
		'SELECT family_id, user_id FROM grants WHERE id = ? AND revoked_at IS NULL',
		params.id ?? ''
	);
	if (!grant) return json({ error: m.api_no_such_grant() }, { status: 404 });
	if (!(await canManageFamily(sql, locals.user, grant.family_id)))
		return json({ error: m.api_grants_forbidden() }, { status: 403 });
	// The assistant would lock itself out of its own case; reassignment is the head's act.
	if (grant.user_id === locals.user.id && locals.user.role !== 'kierownik')
		return json({ error: m.api_grant_revoke_self() }, { status: 400 });
	const changed = await revokeGrant(sql, params.id ?? '', locals.user.id);
	if (!changed) return json({ error: m.api_no_such_grant() }, { status: 404 });
	notifyAccessChanged(changed);
	return new Response(null, { status: 204 });
};
