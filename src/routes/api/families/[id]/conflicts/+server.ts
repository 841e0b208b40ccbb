/**
 * [CF6][NC2] `GET /api/families/:id/conflicts[?all=1]` → `{conflicts, narratives}`: the family's
 * field conflicts and narrative conflicts in
 * the documents the caller may open (any role), open ones first; `all=1` adds acknowledged ones.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { listConflicts } from '$lib/server/conflicts';
import { listNarratives } from '$lib/server/narrative-conflicts';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.user) return notSignedIn();
	const familyId = params.id ?? '';
	if (familyId.length > 64) return json({ error: m.api_no_such_family() }, { status: 404 });
	const all = url.searchParams.get('all') === '1';
	const sql = getSql();
	const conflicts = await listConflicts(sql, locals.user, familyId, { all });
	const narratives = await listNarratives(sql, locals.user, familyId, { all });
	return json({ conflicts, narratives }, { headers: { 'cache-control': 'no-store' } });
};
