/**
 * [ST2] `PUT /api/organisation/staff/<id>/institution` { kind, name, ziMember }: the head records
 * which institution a person belongs to (OPS, court, PCPR, police, education, health, other) and
 * whether they sit in the interdisciplinary team (audited) → 200 { grantsChanged }; 400/403/404
 * with a Polish `error`, nothing stored; 409 for a family's assistant recorded as external.
 * [ST4] The person's grants follow at once (edit on the case file → read for an external person).
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { recordParticipant } from '$lib/server/staff-law';
import { notSignedIn } from '$lib/server/http/answer';

export const prerender = false;

export const PUT: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) return notSignedIn();
	const body: unknown = await request.json().catch(() => undefined);
	const r = await recordParticipant(getSql(), locals.user, params.id ?? '', body);
	return r.ok
		? json({ grantsChanged: r.changes.length })
		: json({ error: r.error }, { status: r.status });
};
