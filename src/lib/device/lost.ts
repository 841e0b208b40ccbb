/**
 * [DV8][DV11] Erasing what a lost device holds: the user's wrapped key and encrypted copies. The
 * server says "device lost" two ways, a socket closed with the lost code (the page then closes its
 * documents) and the lost header on any API answer; both end here.
 */
import { DEVICE_LOST_HEADER } from '$lib/sync/protocol';
import { opaqueTag } from './crypto';
import { encryptedDbPrefix } from './user-store';
import { deleteKeyRecord, eraseUserData } from './key-store';

/** The opaque tag naming a user in the key store and the device flags (no user id in clear). */
export function userTag(userId: string): Promise<string> {
	return opaqueTag(`user:${userId}`, 16);
}

/** Drops a user's wrapped key and local data on this device; a failure leaves what it could not. */
export async function eraseUser(userId: string, tag: string): Promise<void> {
	await deleteKeyRecord(tag).catch(() => {});
	await eraseUserData(userId, tag).catch(() => {});
}

/**
 * [DV8] Erases a user whose documents are closing on the same event: a copy still open blocks its
 * deletion, so the erase is retried (for up to ten seconds) until no encrypted database is left.
 */
export async function eraseWhenClosed(userId: string, tag: string): Promise<void> {
	await deleteKeyRecord(tag).catch(() => {});
	const prefix = await encryptedDbPrefix(userId);
	for (let i = 0; i < 40; i++) {
		await eraseUserData(userId, tag).catch(() => {});
		const left = ((await indexedDB.databases?.().catch(() => [])) ?? []).filter((d) =>
			d.name?.startsWith(prefix)
		);
		if (left.length === 0) break;
		await new Promise((r) => setTimeout(r, 250));
	}
}

/** The users a "device lost" answer names (its body lists them). */
export async function lostUsersOf(res: Response): Promise<string[]> {
	const body = (await res.json().catch(() => null)) as { users?: unknown } | null;
	return Array.isArray(body?.users)
		? body.users.filter((u): u is string => typeof u === 'string')
		: [];
}

/**
 * [DV11] Hands every API answer marked "device lost" (a copy) to `onLost`: a page load, the session
 * check, any call (API calls are not served by the service worker: each is seen here). The key
 * request is left out: its callers (resume, login, unlock) handle "lost" themselves.
 */
export function watchLostAnswers(onLost: (res: Response) => void): void {
	const fetch0 = window.fetch.bind(window);
	window.fetch = async (...args: Parameters<typeof fetch>) => {
		const res = await fetch0(...args);
		if (
			res.headers.get(DEVICE_LOST_HEADER) === '1' &&
			!new URL(res.url || '/', location.href).pathname.startsWith('/api/device/key')
		)
			onLost(res.clone());
		return res;
	};
}
