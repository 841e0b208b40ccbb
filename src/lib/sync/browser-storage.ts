/**
 * The browser's storage as the sync layer uses it: localStorage for the clear bookkeeping (save
 * records, readiness, authoring), and the one request that IndexedDB be kept. Browser-only, like
 * connect.ts, which is its one user.
 */

/** localStorage, or null when the browser refuses it (private mode, blocked cookies). */
export function safeLocalStorage(): Storage | null {
	try {
		return window.localStorage;
	} catch {
		return null;
	}
}

/** Set once the browser was asked to keep our storage (per device, not per page load). */
const PERSIST_ASKED_KEY = 'asysta:storage-persist-asked';
let persistAsked = false;

/**
 * [SY7] Asks the browser once per device to keep our storage: IndexedDB is evictable, and the
 * caseload kept for offline visits must not vanish under storage pressure. Asking on every page
 * load would nag (Firefox shows a prompt) and changes nothing once the browser has decided.
 */
export function askPersistentStorage(): void {
	if (persistAsked) return;
	persistAsked = true;
	const storage = safeLocalStorage();
	try {
		if (storage?.getItem(PERSIST_ASKED_KEY)) return;
		storage?.setItem(PERSIST_ASKED_KEY, String(Date.now()));
	} catch {
		// without storage we may ask again next time; harmless
	}
	void navigator.storage
		?.persisted?.()
		.then((already) => (already ? true : navigator.storage.persist()))
		.catch(() => false);
}
