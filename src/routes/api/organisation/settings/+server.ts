/**
 * `GET /api/organisation/settings` → the signed-in staff member's organisation settings (OS1);
 * `PUT` changes them, for that organisation's kierownik only (OS2), audited (OS3).
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { orgSettings, saveOrgSettings } from '$lib/server/org-settings';
import { STATUTORY_CASELOAD_CEILING } from '$lib/domain/settings';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

const noStore = { 'cache-control': 'no-store' };

export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user) return notSignedIn();
	return json(
		{
			settings: await orgSettings(getSql(), locals.user.orgId),
			ceiling: STATUTORY_CASELOAD_CEILING
		},
		{ headers: noStore }
	);
};

export const PUT: RequestHandler = async ({ locals, request }) => {
	if (!locals.user) return notSignedIn();
	const body: unknown = await request.json().catch(() => undefined);
	if (body === undefined) return json({ error: m.api_settings_invalid_json() }, { status: 400 });
	const r = await saveOrgSettings(getSql(), locals.user, body);
	if (!r.ok) return json({ error: r.error, fields: r.fields ?? {} }, { status: r.status });
	return json(
		{ settings: r.settings, ceiling: STATUTORY_CASELOAD_CEILING, changed: r.changed },
		{ headers: noStore }
	);
};
