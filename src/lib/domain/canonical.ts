/**
 * Canonical JSON and SHA-256, shared by printed documents (content hash in the footer) and the
 * hash-chained audit queue: the same value gives the same text, hence the same hash, on every
 * device and on the server, whatever order its object keys were built in.
 */

/** JSON with object keys sorted at every level; `undefined` members are left out. */
export function canonicalJson(value: unknown): string {
	return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
	if (Array.isArray(v)) return v.map(sortKeys);
	if (v === null || typeof v !== 'object') return v;
	const out: Record<string, unknown> = {};
	for (const k of Object.keys(v).sort()) {
		const x = (v as Record<string, unknown>)[k];
		if (x !== undefined) out[k] = sortKeys(x);
	}
	return out;
}

/** Hex SHA-256 of a text, with WebCrypto (browser and Node alike). */
export async function sha256Hex(text: string): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** [DR2] The content hash of a printed document: SHA-256 of the canonical JSON of what prints. */
export function contentHash(printed: unknown): Promise<string> {
	return sha256Hex(canonicalJson(printed));
}
