/**
 * `GET /api/alerts` → `{ alerts: [{ id, familyId, familyName, kind, date, createdAt }] }`: the
 * caller's unacknowledged child-safety alerts (ZG4): the family and the date, never the content.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { openAlerts } from '$lib/server/alerts';
import { notSignedIn } from '$lib/server/http/answer';

export const prerender = false;

export const GET: RequestHandler = ({ locals }) => {
	if (!locals.user) return notSignedIn();
	return json(
		{ alerts: openAlerts(getDb(), locals.user.id) },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
