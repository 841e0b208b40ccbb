/**
 * The one way state sends a JSON body to the app's API. A request that never left (offline, the
 * server unreachable) is `null`, so each caller says in its own words that nothing was sent.
 */

/** Sends `body` as JSON; the response, or null when the request could not be made. */
export async function sendJson(
	url: string,
	method: 'POST' | 'PUT',
	body: unknown
): Promise<Response | null> {
	try {
		return await fetch(url, {
			method,
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify(body)
		});
	} catch {
		return null;
	}
}
