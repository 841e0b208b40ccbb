/**
 * [HI4][HI3] `GET /api/families/:id/history/:section/as-of?at=` → the section's document as it
 * stood at the end of day `at` (YYYY-MM-DD, Poland) or at ms `at`: `{section, at, seq,
 * lastChangeAt, versionHash, exact, state}` with `state` the base64 full-state update the device
 * opens read-only (prints as of a date). 403/404 for what the user may not read, audited.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { getUpdateLog } from '$lib/server/update-log';
import { auditHistoryRead, historyAccess, momentParam } from '$lib/server/history-access';
import { stateAsOf } from '$lib/server/history';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.user) return notSignedIn();
	const at = momentParam(url.searchParams.get('at'), true);
	if (at === null || at === undefined)
		return json({ error: m.history_api_bad_date() }, { status: 400 });
	const sql = getSql();
	const familyId = params.id ?? '';
	const log = getUpdateLog();
	const access = await historyAccess(sql, log, locals.user, familyId, params.section ?? '', at);
	if (!access.ok) return json({ error: access.error }, { status: access.status });
	const s = await stateAsOf(log, access.docName, Math.min(at, Date.now()));
	await auditHistoryRead(sql, locals.user, familyId, access.docName, {
		section: access.section,
		at,
		seq: s.seq,
		versionHash: s.versionHash
	});
	return json(
		{
			section: access.section,
			at: s.at,
			seq: s.seq,
			lastChangeAt: s.lastChangeAt,
			versionHash: s.versionHash,
			exact: s.exact,
			state: Buffer.from(s.state).toString('base64')
		},
		{ headers: { 'cache-control': 'no-store' } }
	);
};
