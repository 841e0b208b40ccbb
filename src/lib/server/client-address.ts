/**
 * The network address a request came from, the same way for SvelteKit's endpoints (login
 * throttling) and the sync server (socket limits, refusal audit).
 *
 * X-Forwarded-For is read only when TRUST_PROXY is on: otherwise anyone could claim any address
 * and walk around every per-address limit. Behind one TLS proxy the right-most entry is the one
 * the proxy saw (entries to its left were written by the client and prove nothing).
 */

/** Whether the operator said a reverse proxy sits in front (TRUST_PROXY=1 or true). */
export function trustProxy(env: NodeJS.ProcessEnv = process.env): boolean {
	return /^(1|true|yes)$/i.test(env.TRUST_PROXY ?? '');
}

/** `::ffff:127.0.0.2` → `127.0.0.2`; anything unusable → `unknown`. */
function normalise(address: string | undefined): string {
	const a = (address ?? '').trim().toLowerCase();
	if (a.length === 0 || a.length > 64 || !/^[0-9a-f.:]+$/.test(a)) return 'unknown';
	return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/** The client's address from the socket, or from the proxy's header when trusted. */
export function clientAddress(
	remoteAddress: string | undefined,
	forwardedFor: string | string[] | undefined,
	trusted = trustProxy()
): string {
	if (trusted && forwardedFor !== undefined) {
		const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
		const last = header.split(',').at(-1);
		const a = normalise(last);
		if (a !== 'unknown') return a;
	}
	return normalise(remoteAddress);
}

/**
 * The unit limits count per: an IPv4 address, or an IPv6 /64 (one subscriber gets a whole /64,
 * so counting single IPv6 addresses would give an attacker billions of fresh ones).
 */
export function addressBucket(address: string): string {
	if (!address.includes(':')) return address;
	const [head, tail = ''] = address.split('::');
	const left = head.split(':').filter((g) => g.length > 0);
	const right = tail.split(':').filter((g) => g.length > 0);
	const groups = [
		...left,
		...Array(Math.max(0, 8 - left.length - right.length)).fill('0'),
		...right
	];
	return `${groups
		.slice(0, 4)
		.map((g) => g.replace(/^0+(?=.)/, ''))
		.join(':')}::/64`;
}
