/**
 * Who is signed in on this device. The last signed-in user is kept in localStorage, so a user who
 * was signed in keeps working offline. Online, `GET /api/session` confirms it; a 401 signs the
 * device out but never deletes local documents: they sync after the same user signs in again.
 *
 * [DV4] In clear, `asysta:user` holds no personal data: the random user id, the role and the
 * colour. The name is personal: it lives in the user's sealed store (`attachSealed`, once the
 * device is unlocked) and in memory; a record from before (with the name) is sealed and stripped
 * at the first unlock.
 */
import { m } from '$lib/paraglide/messages.js';
import { z } from 'zod';
import { idText, type UserId } from '$lib/domain/ids';
import { StaffRole } from '$lib/domain/roles';
import { staffRoleText } from '../labels/case-labels';
import { readJson, removeKey, writeJson } from '../documents/storage';
import type { Result } from '$lib/domain/result';
import { sendJson } from '../api/send-json';

const USER_KEY = 'asysta:user';
/** The user's name in their sealed store. */
const PROFILE_KEY = 'asysta:profile:name';

/** The subset of a key-value store `attachSealed` needs (the device's sealed storage). */
interface NameStore {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
}

/** The user as remembered on the device. */
export const DeviceUser = z.object({
	id: idText<UserId>(z.string().min(1).max(64)),
	/** Empty while the device is locked (the name is sealed). */
	name: z.string().max(200),
	role: StaffRole,
	color: z.string().regex(/^#[0-9a-fA-F]{6}$/)
});
export type DeviceUser = z.infer<typeof DeviceUser>;

/** What localStorage keeps in clear; `name` only in a record written before DV4's rule. */
const ClearUser = z.object({
	id: idText<UserId>(z.string().min(1).max(64)),
	role: StaffRole,
	color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
	name: z.string().min(1).max(200).optional()
});

/** The remembered user from the clear record; the name is empty until the device unlocks. */
function readClearUser(): { user: DeviceUser; legacyName: boolean } | null {
	const p = ClearUser.safeParse(readJson(USER_KEY));
	if (!p.success) return null;
	const { id, role, color, name } = p.data;
	return { user: { id, role, color, name: name ?? '' }, legacyName: name !== undefined };
}

/** The body of `POST /api/session` and `GET /api/session` on success. */
const SessionResponse = z.object({
	user: DeviceUser.extend({ email: z.string() })
});
const ErrorResponse = z.object({ error: z.string() });

/** Outcome of a login attempt; `message` is Polish. */
export type LoginOutcome = Result<{ user: DeviceUser }, { message: string }>;

/** Online check state: unknown until the server answered (or could not be reached). */
export type SessionCheck = 'unknown' | 'confirmed' | 'unreachable' | 'expired';

class AuthState {
	/** The signed-in user, or null. */
	user = $state<DeviceUser | null>(null);
	/** What the server said about the session last time we asked. */
	check = $state<SessionCheck>('unknown');
	/** The role's Polish label. */
	roleLabel = $derived(this.user ? staffRoleText(this.user.role) : '');

	#sealed: { userId: UserId; store: NameStore } | null = null;
	#legacyName = false;

	constructor() {
		const read = readClearUser();
		this.user = read?.user ?? null;
		this.#legacyName = read?.legacyName ?? false;
		if (typeof window !== 'undefined') {
			// Another tab signed in or out.
			window.addEventListener('storage', (e) => {
				if (e.key !== USER_KEY) return;
				const next = readClearUser()?.user ?? null;
				// The same user: keep the name this tab already unsealed.
				if (next && this.user?.id === next.id && next.name === '') next.name = this.user.name;
				this.user = next;
			});
		}
	}

	#writeClear(u: DeviceUser): void {
		writeJson(USER_KEY, { id: u.id, role: u.role, color: u.color });
	}

	#remember(user: DeviceUser): void {
		const u = DeviceUser.parse(user);
		this.#writeClear(u);
		this.#legacyName = false;
		this.user = u;
		if (this.#sealed?.userId === u.id && u.name) this.#sealed.store.setItem(PROFILE_KEY, u.name);
	}

	/**
	 * [DV4] The device unlocked for `userId` (or locked: `store` null). Unlocked, the name comes
	 * from the sealed store, or the name known in memory (just signed in, or a record from before
	 * DV4) is sealed there and the clear record keeps no name.
	 */
	attachSealed(userId: UserId, store: NameStore | null): void {
		if (!store) {
			this.#sealed = null;
			return;
		}
		this.#sealed = { userId, store };
		const u = this.user;
		if (!u || u.id !== userId) return;
		if (u.name) {
			store.setItem(PROFILE_KEY, u.name);
			if (this.#legacyName) {
				this.#writeClear(u);
				this.#legacyName = false;
			}
		} else {
			const name = store.getItem(PROFILE_KEY);
			if (name) this.user = { ...u, name };
		}
	}

	/** Forgets the user on this device (local documents stay). */
	forget(): void {
		removeKey(USER_KEY);
		this.user = null;
		this.#sealed = null;
		this.#legacyName = false;
	}

	/** Asks the server whether the session cookie is still valid. */
	async confirm(): Promise<SessionCheck> {
		let res: Response;
		try {
			res = await fetch('/api/session', { headers: { accept: 'application/json' } });
		} catch {
			this.check = 'unreachable';
			return this.check;
		}
		if (res.status === 401) {
			this.forget();
			this.check = 'expired';
			return this.check;
		}
		if (!res.ok) {
			this.check = 'unreachable';
			return this.check;
		}
		const body = SessionResponse.safeParse(await res.json().catch(() => null));
		if (!body.success) {
			this.check = 'unreachable';
			return this.check;
		}
		this.#remember(pickDeviceUser(body.data.user));
		this.check = 'confirmed';
		return this.check;
	}

	/** Signs in; on success the user is remembered on the device. */
	async login(email: string, password: string): Promise<LoginOutcome> {
		const res = await sendJson('/api/session', 'POST', { email, password });
		if (!res) return { ok: false, message: m.common_login_offline() };
		const json: unknown = await res.json().catch(() => null);
		if (res.ok) {
			const body = SessionResponse.safeParse(json);
			if (!body.success) return { ok: false, message: m.common_login_bad_answer() };
			const user = pickDeviceUser(body.data.user);
			this.#remember(user);
			this.check = 'confirmed';
			return { ok: true, user };
		}
		const err = ErrorResponse.safeParse(json);
		if (err.success) return { ok: false, message: err.data.error };
		if (res.status >= 500 || res.status === 0) {
			return { ok: false, message: m.common_login_server_down() };
		}
		return { ok: false, message: m.common_login_failed() };
	}

	/**
	 * Ends the session on the server and forgets the user here. Offline, the device still
	 * forgets the user; the server session then simply expires.
	 */
	async logout(): Promise<{ reachedServer: boolean }> {
		const reachedServer = await fetch('/api/session', { method: 'DELETE' }).then(
			(res) => res.ok || res.status === 401,
			() => false
		);
		this.forget();
		this.check = 'unknown';
		return { reachedServer };
	}

	/**
	 * [AU6] "Wyloguj wszędzie": ends every session of this user on the server (other devices'
	 * open documents disconnect at once), then forgets the user here. Needs the server: offline
	 * nothing is forgotten and the caller shows why.
	 */
	async logoutEverywhere(): Promise<{ ok: boolean }> {
		const ok = await fetch('/api/session?all=1', { method: 'DELETE' }).then(
			(res) => res.ok,
			() => false
		);
		if (ok) {
			this.forget();
			this.check = 'unknown';
		}
		return { ok };
	}
}

function pickDeviceUser(u: DeviceUser): DeviceUser {
	return { id: u.id, name: u.name, role: u.role, color: u.color };
}

/** The one auth state of the app. */
export const auth = new AuthState();
