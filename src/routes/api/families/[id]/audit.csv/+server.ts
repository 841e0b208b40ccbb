/**
 * `GET /api/families/:id/audit.csv` → the family's trail as CSV (AL2), for its assistant and the
 * organisation's kierownik. The export is itself audited ('export') before the file leaves.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { appendAudit } from '$lib/server/audit';
import { getSql } from '$lib/server/sql';
import { auditCsv } from '$lib/server/audit-query';
import { familyTrail } from '$lib/server/audit-writes';
import { getUpdateLog } from '$lib/server/update-log';
import { canManageFamily } from '$lib/server/grant-policy';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) return notSignedIn();
	const familyId = params.id ?? '';
	const sql = getSql();
	if (!(await canManageFamily(sql, locals.user, familyId)))
		return json({ error: m.api_audit_forbidden() }, { status: 403 });
	await appendAudit(sql, {
		actorId: locals.user.id,
		actorRole: locals.user.role,
		action: 'export',
		object: 'audit.csv',
		familyId
	});
	const day = new Date().toISOString().slice(0, 10);
	// No family name in the file name: names of clients stay out of downloads lists (art. 100).
	return new Response(auditCsv(await familyTrail(sql, getUpdateLog(), familyId, 10_000)), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="dziennik-${day}.csv"`,
			'cache-control': 'no-store'
		}
	});
};
