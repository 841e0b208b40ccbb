/**
 * Sessions over HTTP, a contract kept stable for scripts, tests and the benchmark:
 *   POST   {email, password} → 200 {user} + Set-Cookie; 400 malformed; 401 bad credentials;
 *          429 locked out after repeated failures.
 *   GET    → 200 {user} or 401.
 *   DELETE → ends the session (204).
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '$lib/server/db';
import { checkPassword } from '$lib/server/users';
import {
	createSession,
	generateSessionToken,
	invalidateSession,
	validateSessionToken,
	type SessionUser
} from '$lib/server/session';
import { recordAudit } from '$lib/server/audit';
import { clearSessionCookie, setSessionCookie } from '$lib/server/session-cookie';
import { m } from '$lib/paraglide/messages.js';

export const prerender = false;

const LoginBody = z.object({
	email: z.string().trim().min(1).max(320),
	password: z.string().min(1).max(1024)
});

/** What the client may know of the user. */
function publicUser(u: SessionUser) {
	return { id: u.id, name: u.name, email: u.email, role: u.role, color: u.color };
}

export const POST: RequestHandler = async (event) => {
	const body: unknown = await event.request.json().catch(() => undefined);
	const parsed = LoginBody.safeParse(body);
	if (!parsed.success) {
		return json({ error: m.api_login_missing() }, { status: 400 });
	}
	const { email, password } = parsed.data;
	const db = getDb();
	const result = await checkPassword(db, email, password);
	if (!result.ok) {
		recordAudit(db, {
			actorId: null,
			action: 'login-failed',
			detail: { email: email.toLowerCase(), reason: result.code }
		});
		if (result.code === 'locked') {
			return json({ error: m.api_login_throttled() }, { status: 429 });
		}
		return json({ error: m.api_login_failed() }, { status: 401 });
	}
	const token = generateSessionToken();
	const session = createSession(db, token, result.userId);
	const validated = validateSessionToken(db, token);
	if (!validated) {
		// The account was disabled between the password check and now.
		invalidateSession(db, session.id);
		return json({ error: m.api_login_failed() }, { status: 401 });
	}
	setSessionCookie(event, token, validated.session.expiresAt);
	recordAudit(db, { actorId: result.userId, actorRole: result.role, action: 'login' });
	return json({ user: publicUser(validated.user) });
};

export const GET: RequestHandler = ({ locals }) => {
	if (!locals.user) return json({ error: m.api_not_signed_in() }, { status: 401 });
	return json({ user: publicUser(locals.user) });
};

export const DELETE: RequestHandler = (event) => {
	const { locals } = event;
	if (locals.session) {
		const db = getDb();
		invalidateSession(db, locals.session.id);
		recordAudit(db, {
			actorId: locals.user?.id ?? null,
			actorRole: locals.user?.role ?? null,
			action: 'logout'
		});
	}
	clearSessionCookie(event);
	locals.user = null;
	locals.session = null;
	return new Response(null, { status: 204 });
};
