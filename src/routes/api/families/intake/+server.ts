/** `GET /api/families/intake`: whom a new family may be given to, with caseloads (G1). */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { intakeOptions } from '$lib/server/intake';
import { STATUTORY_CASELOAD_CEILING } from '$lib/domain/settings';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user) return notSignedIn();
	if (locals.user.role !== 'asystent' && locals.user.role !== 'kierownik')
		return json({ error: m.api_intake_forbidden() }, { status: 403 });
	return json(
		{ ...(await intakeOptions(getSql(), locals.user.orgId)), ceiling: STATUTORY_CASELOAD_CEILING },
		{ headers: { 'cache-control': 'no-store' } }
	);
};
