/**
 * [CE10] `POST /api/families/<id>/assistant` { assistantId, since, reason, overrideJustification }:
 * the head of the family's organisation changes its assistant (G1, G2, not before the case
 * started) → 200 { from, to }; 400/403/404/409 with a Polish `error`, nothing stored. The sync
 * server re-checks both assistants' sockets at once.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { changeAssistant } from '$lib/server/assistant-change';
import { notifyAccessChanged } from '$lib/server/grants';
import { notSignedIn } from '$lib/server/http/answer';

export const prerender = false;

export const POST: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) return notSignedIn();
	const body: unknown = await request.json().catch(() => undefined);
	const r = await changeAssistant(getSql(), locals.user, params.id ?? '', body);
	if (!r.ok) return json({ error: r.error }, { status: r.status });
	for (const c of r.changed) notifyAccessChanged(c);
	return json({ from: r.from, to: r.to });
};
