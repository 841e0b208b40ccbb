/**
 * `GET /api/organisation/staff` → `{staff: [{id, name, email, role, disabled, sessions,
 * lastSeenAt, institution}]}`: the head's organisation's people with their live sessions (AU6),
 * for "Wyloguj wszędzie" on a lost device, and [ST2] the institution each belongs to (OPS or
 * another: court, PCPR, police…) with membership of the interdisciplinary team. Kierownik only
 * (403), 401 without a session.
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { getSql } from '$lib/server/sql';
import { staffSessions } from '$lib/server/session';
import { participantsOf } from '$lib/server/staff-law';
import { defaultParticipant } from '$lib/domain/institution';
import { notSignedIn } from '$lib/server/http/answer';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user) return notSignedIn();
	if (locals.user.role !== 'kierownik')
		return json({ error: m.security_head_only() }, { status: 403 });
	const sql = getSql();
	const institutions = await participantsOf(sql, locals.user.orgId);
	const staff = (await staffSessions(sql, locals.user.orgId)).map((s) => ({
		...s,
		institution: institutions.get(s.id) ?? defaultParticipant(s.role)
	}));
	return json({ staff }, { headers: { 'cache-control': 'no-store' } });
};
