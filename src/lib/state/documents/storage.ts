/**
 * localStorage access that never throws: private modes and full quotas must not break the page,
 * they only cost the offline cache.
 */

/** The browser's localStorage, or null when unavailable (server, blocked storage). */
export function browserStorage(): Storage | null {
	try {
		return typeof window === 'undefined' ? null : window.localStorage;
	} catch {
		return null;
	}
}

/** Parsed JSON stored under `key`, or null. */
export function readJson(key: string): unknown {
	const raw = browserStorage()?.getItem(key) ?? null;
	if (raw === null) return null;
	try {
		return JSON.parse(raw) as unknown;
	} catch {
		return null;
	}
}

/** Stores `value` as JSON; false when the browser refused. */
export function writeJson(key: string, value: unknown): boolean {
	try {
		browserStorage()?.setItem(key, JSON.stringify(value));
		return true;
	} catch {
		return false;
	}
}

/** Removes a key, ignoring failures. */
export function removeKey(key: string): void {
	try {
		browserStorage()?.removeItem(key);
	} catch {
		// nothing to do
	}
}
