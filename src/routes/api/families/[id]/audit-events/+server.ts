/**
 * `POST /api/families/:id/audit-events` `{ events }` — a device's queued audit entries (prints,
 * exports, offline opens; DR5). 200 `{ accepted, known }` (known: resent entries already held);
 * 400 malformed, 403 without a live grant on an entry's compartment, 409 when the chain is broken
 * or an entry was altered; every refusal with a Polish `error`.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { acceptDeviceAudit } from '$lib/server/device-audit';
import { notSignedIn } from '$lib/server/http/answer';

export const prerender = false;

export const POST: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) return notSignedIn();
	const body: unknown = await request.json().catch(() => undefined);
	const r = await acceptDeviceAudit(getSql(), locals.user, params.id ?? '', body);
	if (!r.ok) return json({ error: r.error }, { status: r.status });
	return json({ accepted: r.accepted, known: r.known });
};
