/**
 * [HI2][HI3] `GET /api/families/:id/history/:section?user=&from=&to=&limit=` → the section's
 * changes, newest first: who (id, name, role), when it arrived, when the device made it, what
 * records changed. `from`/`to` are days (YYYY-MM-DD, Poland) or ms. Any live grant on the
 * section's document reads it; otherwise 403/404, audited.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { getUpdateLog } from '$lib/server/update-log';
import { auditHistoryRead, historyAccess, momentParam } from '$lib/server/history-access';
import { sectionHistory } from '$lib/server/history';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.user) return notSignedIn();
	const q = url.searchParams;
	const from = momentParam(q.get('from'), false);
	const to = momentParam(q.get('to'), true);
	const limitText = q.get('limit') ?? '200';
	const user = q.get('user') ?? '';
	if (from === null || to === null)
		return json({ error: m.history_api_bad_date() }, { status: 400 });
	if (!/^\d{1,4}$/.test(limitText) || user.length > 64)
		return json({ error: m.history_api_bad_filter() }, { status: 400 });
	const sql = getSql();
	const familyId = params.id ?? '';
	const log = getUpdateLog();
	const access = await historyAccess(sql, log, locals.user, familyId, params.section ?? '');
	if (!access.ok) return json({ error: access.error }, { status: access.status });
	const history = await sectionHistory(sql, log, access.docName, access.section, {
		userId: user || undefined,
		from,
		to,
		limit: Number(limitText)
	});
	await auditHistoryRead(sql, locals.user, familyId, access.docName, {
		section: access.section,
		...(user ? { user } : {}),
		...(from !== undefined ? { from } : {}),
		...(to !== undefined ? { to } : {})
	});
	return json(
		{ section: access.section, ...history },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
