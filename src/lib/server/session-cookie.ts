/**
 * The session cookie as SvelteKit sets it: HttpOnly (scripts never see the token), SameSite=Lax,
 * Path=/, Secure when the request came over https, Max-Age until the session expires.
 */
import type { RequestEvent } from '@sveltejs/kit';
import type { TLSSocket } from 'node:tls';
import { SESSION_COOKIE } from './session.js';
import { clientAddress } from './client-address.js';

/**
 * Whether the browser reached us over https. adapter-node reports `https:` in `event.url` when
 * neither ORIGIN nor PROTOCOL_HEADER is configured, so a plain-http demo (LAN, localhost) would
 * get a Secure cookie the browser drops. Trust the socket, or the proxy setup when configured.
 */
export function isHttps(event: RequestEvent): boolean {
	const socket = event.platform?.req?.socket as TLSSocket | undefined;
	if (socket?.encrypted) return true;
	if (process.env.ORIGIN) return process.env.ORIGIN.startsWith('https:');
	if (process.env.PROTOCOL_HEADER) return event.url.protocol === 'https:';
	return socket === undefined && event.url.protocol === 'https:';
}

/** Sets (or renews) the session cookie. */
export function setSessionCookie(event: RequestEvent, token: string, expiresAt: number): void {
	event.cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secure: isHttps(event),
		maxAge: Math.max(0, Math.floor((expiresAt - Date.now()) / 1000))
	});
}

/** Removes the session cookie. */
export function clearSessionCookie(event: RequestEvent): void {
	event.cookies.delete(SESSION_COOKIE, {
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secure: isHttps(event)
	});
}

/** The client's address (TRUST_PROXY decides whether X-Forwarded-For counts). */
export function requestAddress(event: RequestEvent): string {
	const req = event.platform?.req;
	if (req) return clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for']);
	try {
		return clientAddress(event.getClientAddress(), undefined);
	} catch {
		return 'unknown';
	}
}
