/**
 * `GET /api/alerts` → `{ alerts: [{ id, familyId, familyName, kind, date, createdAt }] }`: the
 * caller's unacknowledged child-safety alerts (ZG4): the family and the date, never the content.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { openAlerts } from '$lib/server/alerts';
import { notSignedIn } from '$lib/server/http/answer';

export const prerender = false;

export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user) return notSignedIn();
	return json(
		{ alerts: await openAlerts(getSql(), locals.user.id) },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
