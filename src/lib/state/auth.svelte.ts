/**
 * Who is signed in on this device. The last signed-in user (id, name, role, colour; no secrets,
 * the session itself is an HttpOnly cookie) is kept in localStorage, so a user who was signed in
 * keeps working offline. Online, `GET /api/session` confirms it; a 401 signs the device out but
 * never deletes local documents: they sync after the same user signs in again.
 */
import { m } from '$lib/paraglide/messages.js';
import { z } from 'zod';
import { StaffRole } from '$lib/domain/roles';
import { staffRoleText } from './case-labels';
import { readJson, removeKey, writeJson } from './storage';

const USER_KEY = 'asysta:user';

/** The user as remembered on the device. */
export const DeviceUser = z.object({
	id: z.string().min(1).max(64),
	name: z.string().min(1).max(200),
	role: StaffRole,
	color: z.string().regex(/^#[0-9a-fA-F]{6}$/)
});
export type DeviceUser = z.infer<typeof DeviceUser>;

/** The body of `POST /api/session` and `GET /api/session` on success. */
const SessionResponse = z.object({
	user: DeviceUser.extend({ email: z.string() })
});
const ErrorResponse = z.object({ error: z.string() });

/** Outcome of a login attempt; `message` is Polish. */
export type LoginOutcome = { ok: true; user: DeviceUser } | { ok: false; message: string };

/** Online check state: unknown until the server answered (or could not be reached). */
export type SessionCheck = 'unknown' | 'confirmed' | 'unreachable' | 'expired';

class AuthState {
	/** The signed-in user, or null. */
	user = $state<DeviceUser | null>(null);
	/** What the server said about the session last time we asked. */
	check = $state<SessionCheck>('unknown');
	/** The role's Polish label. */
	roleLabel = $derived(this.user ? staffRoleText(this.user.role) : '');

	constructor() {
		const parsed = DeviceUser.safeParse(readJson(USER_KEY));
		this.user = parsed.success ? parsed.data : null;
		if (typeof window !== 'undefined') {
			// Another tab signed in or out.
			window.addEventListener('storage', (e) => {
				if (e.key !== USER_KEY) return;
				const p = DeviceUser.safeParse(readJson(USER_KEY));
				this.user = p.success ? p.data : null;
			});
		}
	}

	#remember(user: DeviceUser): void {
		const u = DeviceUser.parse(user);
		writeJson(USER_KEY, u);
		this.user = u;
	}

	/** Forgets the user on this device (local documents stay). */
	forget(): void {
		removeKey(USER_KEY);
		this.user = null;
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
		let res: Response;
		try {
			res = await fetch('/api/session', {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify({ email, password })
			});
		} catch {
			return { ok: false, message: m.common_login_offline() };
		}
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
