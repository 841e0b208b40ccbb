/**
 * [ST1] `PUT /api/organisation/staff/<id>/eligibility` { path, parentalAuthority, maintenance,
 * noConviction, checkedOn }: the head records an assistant's art. 12 eligibility (audited) →
 * 200 {}; 400/403/404 with a Polish `error`, nothing stored.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { recordEligibility } from '$lib/server/staff-law';
import { todayInPoland } from '$lib/domain/dates';
import { notSignedIn } from '$lib/server/http/answer';

export const prerender = false;

export const PUT: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) return notSignedIn();
	const body: unknown = await request.json().catch(() => undefined);
	const r = await recordEligibility(getSql(), locals.user, params.id ?? '', body, todayInPoland());
	return r.ok ? json({}) : json({ error: r.error }, { status: r.status });
};
