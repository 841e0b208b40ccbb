/**
 * A family's access grants (AC7):
 *   GET  → 200 { grants, canManage: true } for the assistant and the organisation's kierownik.
 *   POST { user, role, compartments, validTo, reason } → 201 { id }; 400 with a Polish `error`.
 * Every change is audited (grantAccess) and reported to the sync server, which re-checks the
 * user's open sockets at once.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { appendAudit } from '$lib/server/audit';
import { getSql } from '$lib/server/sql';
import { grantAccess } from '$lib/server/families';
import { listGrants, notifyAccessChanged } from '$lib/server/grants';
import { canManageFamily, checkGrant, GrantRequest } from '$lib/server/grant-policy';
import { managersGet } from '$lib/server/http/family';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const GET = managersGet(m.api_grants_forbidden, async (_db, familyId) => ({
	grants: await listGrants(getSql(), familyId)
}));

export const POST: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) return notSignedIn();
	const familyId = params.id ?? '';
	const sql = getSql();
	if (!(await canManageFamily(sql, locals.user, familyId)))
		return json({ error: m.api_grants_forbidden() }, { status: 403 });
	const body = GrantRequest.safeParse(await request.json().catch(() => undefined));
	if (!body.success)
		return json(
			{ error: body.error.issues[0]?.message ?? m.api_grant_invalid_request() },
			{ status: 400 }
		);
	const check = await checkGrant(sql, locals.user, familyId, body.data);
	if (!check.ok) {
		// [AC11] A refused grant leaves a trace: who asked for what, for whom, and why not.
		await appendAudit(sql, {
			actorId: locals.user.id,
			actorRole: locals.user.role,
			action: 'refused',
			object: 'grant',
			familyId,
			detail: {
				grantee: body.data.user.slice(0, 320),
				role: body.data.role,
				compartments: body.data.compartments,
				status: check.status
			}
		});
		return json({ error: check.error }, { status: check.status });
	}
	const id = await grantAccess(sql, {
		familyId,
		userId: check.userId,
		role: body.data.role,
		compartments: body.data.compartments,
		grantedBy: locals.user.id,
		reason: body.data.reason,
		validTo: body.data.validTo
	});
	notifyAccessChanged({ userId: check.userId, familyId });
	return json({ id }, { status: 201 });
};
