/**
 * [DV5] The flags a device lock keeps per user in clear localStorage, and the idle clock auto-lock
 * reads. Nothing here is personal: the user is named by an opaque tag, and the flags say only
 * "locked", "lost" and when the user was last active (shared by every tab of the profile).
 */
import { local } from './device-id';

export type DeviceFlag = 'locked' | 'lost';

/** Activity is written at most this often (every key press would be too many writes). */
const MARK_EVERY_MS = 5_000;
const IDLE_CHECK_MS = 15_000;

/** One user's flags and activity on this profile. */
export class UserFlags {
	/** The opaque tag of the user the flags are for (set before any use). */
	tag: string | null = null;
	#lastMark = 0;
	#idleTimer: ReturnType<typeof setInterval> | null = null;

	#key(name: DeviceFlag | 'active'): string {
		return `asysta:${name}:${this.tag ?? ''}`;
	}

	has(flag: DeviceFlag): boolean {
		return local()?.getItem(this.#key(flag)) === '1';
	}

	/** Sets a flag; without storage the caller's next step (reload, erase) still happens. */
	set(flag: DeviceFlag): void {
		try {
			local()?.setItem(this.#key(flag), '1');
		} catch {
			// the reload or the erase that follows does not depend on it
		}
	}

	clear(flag: DeviceFlag): void {
		local()?.removeItem(this.#key(flag));
	}

	/** Records activity now (throttled); `restart` forgets this tab's last mark first. */
	markActive(now = Date.now(), restart = false): void {
		if (restart) this.#lastMark = 0;
		if (now - this.#lastMark < MARK_EVERY_MS) return;
		this.#lastMark = now;
		try {
			local()?.setItem(this.#key('active'), String(now));
		} catch {
			// the idle check then uses this tab's memory only
		}
	}

	/** When any tab last saw the user active. */
	lastActive(): number {
		const n = Number(local()?.getItem(this.#key('active')) ?? 0);
		return Math.max(Number.isFinite(n) ? n : 0, this.#lastMark);
	}

	/** Whether the user has been idle longer than the auto-lock time. */
	isIdle(autoLockMinutes: number, now = Date.now()): boolean {
		return now - this.lastActive() > autoLockMinutes * 60_000;
	}

	/** Calls `onIdle` once the user is idle past the auto-lock time (checked every 15 s). */
	watchIdle(autoLockMinutes: () => number, onIdle: () => void): void {
		this.stopIdleWatch();
		this.#idleTimer = setInterval(() => {
			if (this.isIdle(autoLockMinutes())) onIdle();
		}, IDLE_CHECK_MS);
	}

	stopIdleWatch(): void {
		if (this.#idleTimer) clearInterval(this.#idleTimer);
		this.#idleTimer = null;
	}
}

/**
 * [DV8] The profile-wide "this device was erased as lost" notice: it outlives the reload that
 * follows the erase (and the user's own flags, erased with the user), so whichever page loads next
 * — the family, or the login page the ended session led to — says why the data is gone. Cleared by
 * the next online login. Not personal: it names nobody.
 */
const ERASED_LOST_KEY = 'asysta:erased-lost';

export const erasedLostNotice = {
	has: (): boolean => local()?.getItem(ERASED_LOST_KEY) === '1',
	set(): void {
		try {
			local()?.setItem(ERASED_LOST_KEY, '1');
		} catch {
			// without storage the page says it until its reload only
		}
	},
	clear: (): void => local()?.removeItem(ERASED_LOST_KEY)
};
