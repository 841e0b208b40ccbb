/**
 * The browser profile's device id and the localStorage it lives in. The id is random and not
 * personal; the server knows a device by it (escrow key, lost mark, DV12 previous copy).
 */

const DEVICE_ID_KEY = 'asysta:device-id';
const DEVICE_ID_RE = /^[A-Za-z0-9_-]{22,64}$/;

/** [DV12] The device id was made on this page load: the profile had no Asysta storage. */
let idMadeThisLoad = false;

/** This profile's localStorage, or null (server side, or storage blocked). */
export function local(): Storage | null {
	try {
		return typeof window === 'undefined' ? null : window.localStorage;
	} catch {
		return null;
	}
}

/** The browser profile's device id: random, kept in localStorage, not personal. */
export function deviceId(): string {
	const s = local();
	let id = s?.getItem(DEVICE_ID_KEY) ?? null;
	if (!id || !DEVICE_ID_RE.test(id)) {
		idMadeThisLoad = true;
		const b = crypto.getRandomValues(new Uint8Array(18));
		id = btoa(String.fromCharCode(...b))
			.replace(/\+/g, '-')
			.replace(/\//g, '_');
		try {
			s?.setItem(DEVICE_ID_KEY, id);
		} catch {
			// without storage each load is a new device; the key is then new as well
		}
	}
	return id;
}

/** [DV12] Whether this page load made the device id (nothing of Asysta was on the profile). */
export function isIdMadeThisLoad(): boolean {
	return idMadeThisLoad;
}

/** [DV12] Takes the profile's earlier device id the server handed back, when it is well formed. */
export function adoptDeviceId(id: unknown): void {
	if (typeof id !== 'string' || !DEVICE_ID_RE.test(id) || id === deviceId()) return;
	try {
		local()?.setItem(DEVICE_ID_KEY, id);
	} catch {
		// the next contact registers the new id instead
	}
}
