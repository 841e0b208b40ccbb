/**
 * Reads the session cookie into `event.locals` for every request that reaches SvelteKit's
 * handler (the API; prerendered pages and assets are served before hooks run). The sync server
 * checks the same cookie itself at the websocket upgrade.
 */
import type { Handle } from '@sveltejs/kit';
import { building } from '$app/environment';
import { getDb } from '$lib/server/db';
import { SESSION_COOKIE, SESSION_TTL_MS, validateSessionToken } from '$lib/server/session';
import { setSessionCookie, clearSessionCookie } from '$lib/server/session-cookie';

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = building ? undefined : event.cookies.get(SESSION_COOKIE);
	if (token) {
		const now = Date.now();
		const result = validateSessionToken(getDb(), token, now);
		if (result) {
			event.locals.user = result.user;
			event.locals.session = result.session;
			// The expiry slid forward: give the browser the new Max-Age too.
			if (result.session.expiresAt === now + SESSION_TTL_MS) {
				setSessionCookie(event, token, result.session.expiresAt);
			}
		} else {
			clearSessionCookie(event);
		}
	}
	return resolve(event);
};
