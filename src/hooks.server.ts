/**
 * Reads the session cookie into `event.locals` for every request that reaches SvelteKit's
 * handler (the API; prerendered pages and assets are served before hooks run). The sync server
 * checks the same cookie itself at the websocket upgrade. A validation records the use, which
 * pushes the session's idle limit forward; the cookie itself lives until the absolute limit.
 * Sessions are read through the account store (either engine, issue 16).
 */
import { json, type Handle } from '@sveltejs/kit';
import { building } from '$app/environment';
import { getAccounts } from '$lib/server/account-store';
import { SESSION_COOKIE } from '$lib/server/session';
import { clearSessionCookie } from '$lib/server/session-cookie';
import { getSql } from '$lib/server/sql';
import { DEVICE_COOKIE, DEVICE_LOST_HEADER, lostSignalFor } from '$lib/server/devices';
import { m } from '$lib/paraglide/messages.js';

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
	// [DV11] A device marked lost hears it at any contact: every API call (the login and logout
	// aside, so a user can still sign in and be told) answers "erase" while the device cookie
	// names a lost device of the signed-in user, or of anyone when no session is live.
	const deviceCookie = building ? undefined : event.cookies.get(DEVICE_COOKIE);
	const path = event.url.pathname;
	if (
		deviceCookie &&
		path.startsWith('/api/') &&
		!(path === '/api/session' && event.request.method !== 'GET')
	) {
		const lost = await lostSignalFor(getSql(), deviceCookie, event.locals.user?.id);
		if (lost) {
			// 401 when the session is what is missing (the mark ended it), 410 for a live one.
			return json(
				{ error: m.device_err_lost(), erase: true, users: lost },
				{
					status: event.locals.user ? 410 : 401,
					headers: { 'cache-control': 'no-store', [DEVICE_LOST_HEADER]: '1' }
				}
			);
		}
	}
	return resolve(event);
};
