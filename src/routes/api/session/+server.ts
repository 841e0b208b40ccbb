/**
 * Sessions over HTTP, a contract kept stable for scripts, tests and the benchmark:
 *   POST   {email, password} → 200 {user} + Set-Cookie; 400 malformed (or not JSON); 401 bad
 *          credentials; 429 + Retry-After while a login delay runs (AU2).
 *   GET    → 200 {user} or 401.
 *   DELETE → ends the session (204); `?all=1` ends every session of the user ("Wyloguj
 *          wszędzie", AU6). Either way the ended sessions' sockets close at once (4401).
 */
import { json, type RequestHandler } from '@sveltejs/kit';
import { z } from 'zod';
import { getSql } from '$lib/server/sql';
import { checkPassword } from '$lib/server/users';
import {
	generateSessionToken,
	SESSION_COOKIE,
	sessionIdFromToken,
	type SessionUser
} from '$lib/server/session';
import { getAccounts } from '$lib/server/account-store';
import { clearSessionCookie, requestAddress, setSessionCookie } from '$lib/server/session-cookie';
import { notSignedIn } from '$lib/server/http/answer';
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

/** "30 s" / "4 min", rounded up: when the user may try again. */
function waitText(ms: number): string {
	const s = Math.max(1, Math.ceil(ms / 1000));
	return s < 60
		? m.security_wait_seconds({ n: s })
		: m.security_wait_minutes({ n: Math.ceil(s / 60) });
}

export const POST: RequestHandler = async (event) => {
	const type = event.request.headers.get('content-type') ?? '';
	if (!/^application\/json\s*(;|$)/i.test(type)) {
		return json({ error: m.security_login_bad_content_type() }, { status: 400 });
	}
	const body: unknown = await event.request.json().catch(() => undefined);
	const parsed = LoginBody.safeParse(body);
	if (!parsed.success) {
		return json({ error: m.api_login_missing() }, { status: 400 });
	}
	const { email, password } = parsed.data;
	const address = requestAddress(event);
	const result = await checkPassword(getSql(), email, password, address);
	// Sessions and audit through the account store (either engine, issue 16).
	const accounts = getAccounts();
	if (!result.ok) {
		// One row per verified failure and one per delay (its first refused request), never one
		// per request of a flood.
		if (result.code === 'bad-credentials' || result.firstRefusal) {
			await accounts.recordAudit({
				actorId: null,
				action: 'login-failed',
				detail: {
					email: email.toLowerCase().slice(0, 320),
					address,
					reason: result.code,
					...(result.code === 'throttled'
						? { retryAfterS: Math.ceil(result.retryAfterMs / 1000) }
						: { failures: result.failures })
				}
			});
		}
		if (result.code === 'throttled') {
			return json(
				{ error: m.security_login_throttled({ wait: waitText(result.retryAfterMs) }) },
				{ status: 429, headers: { 'retry-after': String(Math.ceil(result.retryAfterMs / 1000)) } }
			);
		}
		return json({ error: m.api_login_failed() }, { status: 401 });
	}
	// [AU5] A fresh id at every sign-in: the session this browser held before (if any) ends, so
	// an id planted before the login is worth nothing after it.
	const previous = event.cookies.get(SESSION_COOKIE);
	if (previous) await accounts.invalidateSession(sessionIdFromToken(previous));
	const token = generateSessionToken();
	const session = await accounts.createSession(token, result.userId);
	const validated = await accounts.validateSessionToken(token);
	if (!validated) {
		// The account was disabled between the password check and now.
		await accounts.invalidateSession(session.id);
		return json({ error: m.api_login_failed() }, { status: 401 });
	}
	setSessionCookie(event, token, await accounts.sessionCookieExpiry(validated.session));
	await accounts.recordAudit({
		actorId: result.userId,
		actorRole: result.role,
		action: 'login',
		detail: { address }
	});
	return json({ user: publicUser(validated.user) });
};

export const GET: RequestHandler = ({ locals }) => {
	if (!locals.user) return notSignedIn();
	return json({ user: publicUser(locals.user) });
};

export const DELETE: RequestHandler = async (event) => {
	const { locals, url } = event;
	if (locals.session) {
		const accounts = getAccounts();
		const everywhere = url.searchParams.get('all') === '1' && locals.user;
		const ended = everywhere
			? await accounts.endUserSessions(locals.session.userId)
			: (await accounts.invalidateSession(locals.session.id), 1);
		await accounts.recordAudit({
			actorId: locals.user?.id ?? null,
			actorRole: locals.user?.role ?? null,
			action: 'logout',
			detail: everywhere ? { everywhere: true, sessions: ended } : {}
		});
	}
	clearSessionCookie(event);
	locals.user = null;
	locals.session = null;
	return new Response(null, { status: 204 });
};
