/**
 * Reads the session cookie into `event.locals` for every request that reaches SvelteKit's
 * handler (the API; prerendered pages and assets are served before hooks run). The sync server
 * checks the same cookie itself at the websocket upgrade. A validation records the use, which
 * pushes the session's idle limit forward; the cookie itself lives until the absolute limit.
 * Sessions are read through the account store (either engine, issue 16).
 */
import type { Handle } from '@sveltejs/kit';
import { building } from '$app/environment';
import { getAccounts } from '$lib/server/account-store';
import { SESSION_COOKIE } from '$lib/server/session';
import { clearSessionCookie } from '$lib/server/session-cookie';

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const token = building ? undefined : event.cookies.get(SESSION_COOKIE);
	if (token) {
		const result = await getAccounts().validateSessionToken(token);
		if (result) {
			event.locals.user = result.user;
			event.locals.session = result.session;
		} else {
			clearSessionCookie(event);
		}
	}
	return resolve(event);
};
