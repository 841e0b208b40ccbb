/**
 * [DV7] `GET /api/devices` → `{devices: [...]}`: the user's own devices; for the head, every
 * device of the organisation (with the changes each reported waiting at its last contact).
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { listDevices } from '$lib/server/devices';
import { notSignedIn } from '$lib/server/http/answer';

export const prerender = false;

export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user) return notSignedIn();
	return json(
		{ devices: await listDevices(getSql(), locals.user) },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
