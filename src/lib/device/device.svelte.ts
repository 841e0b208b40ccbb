/**
 * [DV4][DV5] The device's lock: holds the signed-in user's data key in memory while unlocked, and
 * nothing while locked.
 *
 *   - After an online login (`afterLogin`, with the password just typed) the server releases the
 *     escrow key; the device creates the user's data key on first login, or unwraps it and
 *     re-wraps it for the (possibly new) password. Seamless: no second prompt.
 *   - A page load (`resume`) unlocks without a prompt only online, with a live session, and when
 *     the device was neither locked ("Zablokuj", auto-lock) nor idle past the auto-lock time.
 *     Otherwise the lock screen asks for the password (`unlock`), which works offline.
 *   - Offline unlock refuses past the lease (days since the server was last reached) and a clock
 *     set before the last contact; wrong passwords count, and at the organisation's limit the
 *     wrapped keys and the encrypted stores are erased.
 *   - Locking drops the key and reloads every tab (BroadcastChannel), so no page keeps family
 *     data in memory.
 * Nothing here stores personal data in clear: the key record names the user by a hash, and the
 * flags (locked, last activity, device id) are not personal.
 */
import { m } from '$lib/paraglide/messages.js';
import { saveRecordPrefix } from '$lib/sync/save-state';
import { DEVICE_LOST_EVENT, DEVICE_LOST_HEADER } from '$lib/sync/protocol';

/** [DV8] The window event on which the page closes its documents for the erase. */
export { DEVICE_LOST_EVENT };
import {
	DeviceKeyError,
	createKeyRecord,
	fromB64,
	importEscrowKey,
	opaqueTag,
	parseKeyRecord,
	rewrapForPassword,
	unlockWithEscrow,
	unlockWithPassword,
	type KeyRecord
} from './crypto';
import { SealedStorage } from './sealed-storage';
import { deleteKeyRecord, eraseUserData, loadKeyRecord, saveKeyRecord } from './key-store';
import { encryptedDbPrefix } from './encrypted-persistence';
import { migratePlaintext } from './migrate';
import { checkStore, hadDocuments, pendingTotal, type StoreLoss } from './store-check';

const DAY = 86_400_000;
const DEVICE_ID_KEY = 'asysta:device-id';
const CHANNEL = 'asysta-device';

export type DeviceStatus = 'none' | 'resuming' | 'locked' | 'unlocking' | 'unlocked';

/** The organisation's device settings (from the settings cached for the user). */
export interface DeviceSettings {
	autoLockMinutes: number;
	leaseDays: number;
	wipeAfterFailures: number;
}

const DEFAULTS: DeviceSettings = { autoLockMinutes: 15, leaseDays: 14, wipeAfterFailures: 5 };

function local(): Storage | null {
	try {
		return typeof window === 'undefined' ? null : window.localStorage;
	} catch {
		return null;
	}
}

const DEVICE_ID_RE = /^[A-Za-z0-9_-]{22,64}$/;
/** [DV12] The device id was made on this page load: the profile had no Asysta storage. */
let idMadeThisLoad = false;

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

/** [DV12] What the server last heard from this profile's wiped copy (see devices.ts). */
export interface PreviousCopy {
	name: string;
	lastSeenAt: number;
	pending: number;
	sure: boolean;
}

function parsePrevious(v: unknown): PreviousCopy | null {
	const p = v as Partial<PreviousCopy> | null;
	if (!p || typeof p !== 'object') return null;
	if (typeof p.lastSeenAt !== 'number' || typeof p.pending !== 'number') return null;
	return {
		name: typeof p.name === 'string' ? p.name : '',
		lastSeenAt: p.lastSeenAt,
		pending: Math.max(0, Math.floor(p.pending)),
		sure: p.sure === true
	};
}

type EscrowAnswer =
	| { ok: true; key: CryptoKey; settings: DeviceSettings; previous: PreviousCopy | null }
	| { ok: false; reason: 'offline' | 'unauthorized' | 'lost' | 'error'; status?: number };

/**
 * Asks the server for this device's escrow key (a live session is needed). `fresh`: nothing of
 * the user is on this profile [DV12] (`newId`: nor a device id before this page load); the server
 * may then hand back the profile's earlier device id (kept from here on) and what it last heard
 * from the wiped copy.
 */
async function fetchEscrow(pending: number, fresh = false): Promise<EscrowAnswer> {
	let res: Response;
	try {
		const id = deviceId();
		res = await fetch('/api/device/key', {
			method: 'POST',
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: JSON.stringify({
				deviceId: id,
				pending,
				...(fresh ? { fresh, newId: idMadeThisLoad } : {})
			})
		});
	} catch {
		return { ok: false, reason: 'offline' };
	}
	// [DV11] Marked lost (401 when the mark ended the session, 410 with a live one).
	if (res.headers.get(DEVICE_LOST_HEADER) === '1') return { ok: false, reason: 'lost' };
	if (res.status === 401) return { ok: false, reason: 'unauthorized' };
	if (res.status === 410) return { ok: false, reason: 'lost' };
	if (!res.ok) return { ok: false, reason: 'error', status: res.status };
	const body = (await res.json().catch(() => null)) as {
		key?: unknown;
		settings?: Partial<DeviceSettings>;
		deviceId?: unknown;
		previous?: unknown;
	} | null;
	if (typeof body?.key !== 'string') return { ok: false, reason: 'error', status: res.status };
	try {
		const key = await importEscrowKey(fromB64(body.key));
		if (
			fresh &&
			typeof body.deviceId === 'string' &&
			DEVICE_ID_RE.test(body.deviceId) &&
			body.deviceId !== deviceId()
		) {
			try {
				local()?.setItem(DEVICE_ID_KEY, body.deviceId);
			} catch {
				// the next contact registers the new id instead
			}
		}
		return {
			ok: true,
			key,
			settings: { ...DEFAULTS, ...body.settings },
			previous: fresh ? parsePrevious(body.previous) : null
		};
	} catch {
		return { ok: false, reason: 'error', status: res.status };
	}
}

class DeviceState {
	status = $state<DeviceStatus>('none');
	/** Whose data is (or would be) unlocked. */
	userId = $state<string | null>(null);
	/** Polish reason of the last refusal, for the lock screen. */
	error = $state<string | null>(null);
	/** Polish warning before the last allowed attempt. */
	warning = $state<string | null>(null);
	/** Changes waiting on this device for the user (from the save records, no decryption). */
	pending = $state(0);
	/** Damaged records skipped at the last unlock. */
	damaged = $state(0);
	/** [DV8] This device was marked lost and erased (the login page says so too). */
	lost = $state(false);
	/** [DV10] Documents whose local copy was gone at the last unlock, and the changes lost. */
	storeLoss = $state<StoreLoss | null>(null);
	/** [DV12] The profile's storage was wiped: what the server last heard from the lost copy. */
	wiped = $state<PreviousCopy | null>(null);
	#key: CryptoKey | null = null;
	#storage: SealedStorage | null = null;
	#tag: string | null = null;
	#settings: DeviceSettings = DEFAULTS;
	#idleTimer: ReturnType<typeof setInterval> | null = null;
	#channel: BroadcastChannel | null = null;
	#lastMark = 0;
	#erasing = new Set<string>();

	constructor() {
		if (typeof window === 'undefined') return;
		try {
			this.#channel = new BroadcastChannel(CHANNEL);
			this.#channel.onmessage = (e: MessageEvent<{ type: string; user: string }>) => {
				if (e.data?.type === 'lock' && e.data.user === this.#tag && this.status === 'unlocked') {
					this.#dropKey();
					location.reload();
				}
			};
		} catch {
			// no BroadcastChannel: the other tabs lock at their own idle check
		}
		// [DV8] A socket closed "device lost": erase now, while the device is unlocked and online.
		window.addEventListener(DEVICE_LOST_EVENT, () => void this.#lostNow());
		// [DV11] Any API answer "device lost" (401/410 with the header) erases too: a page load, the
		// session check, any call (API calls are not served by the service worker: each is seen here).
		const fetch0 = window.fetch.bind(window);
		window.fetch = async (...args: Parameters<typeof fetch>) => {
			const res = await fetch0(...args);
			// The key request's callers (resume, login, unlock) handle "lost" themselves.
			if (
				res.headers.get(DEVICE_LOST_HEADER) === '1' &&
				!new URL(res.url || '/', location.href).pathname.startsWith('/api/device/key')
			)
				void this.#lostAnswer(res.clone(), this.status);
			return res;
		};
		const mark = () => this.#markActive();
		for (const ev of ['pointerdown', 'keydown', 'wheel', 'touchstart'])
			window.addEventListener(ev, mark, { passive: true, capture: true });
	}

	get unlocked(): boolean {
		return this.status === 'unlocked';
	}

	/** The data key; only while unlocked. */
	get key(): CryptoKey {
		if (!this.#key) throw new DeviceKeyError('unavailable', m.device_lock_title());
		return this.#key;
	}

	/** The user's sealed key-value store; only while unlocked. */
	get storage(): SealedStorage {
		if (!this.#storage) throw new DeviceKeyError('unavailable', m.device_lock_title());
		return this.#storage;
	}

	/** Uses the organisation's settings cached for the user (auto-lock, lease, attempts). */
	useSettings(s: Partial<DeviceSettings>): void {
		this.#settings = { ...DEFAULTS, ...s };
	}

	get settings(): DeviceSettings {
		return this.#settings;
	}

	#flag(name: string): string {
		return `asysta:${name}:${this.#tag ?? ''}`;
	}

	#markActive(now = Date.now()): void {
		if (this.status !== 'unlocked' || now - this.#lastMark < 5_000) return;
		this.#lastMark = now;
		try {
			local()?.setItem(this.#flag('active'), String(now));
		} catch {
			// the idle check then uses this tab's memory only
		}
	}

	#lastActive(): number {
		const n = Number(local()?.getItem(this.#flag('active')) ?? 0);
		return Math.max(Number.isFinite(n) ? n : 0, this.#lastMark);
	}

	#countPending(userId: string): number {
		const s = local();
		if (!s) return 0;
		const prefix = saveRecordPrefix(userId);
		let n = 0;
		for (let i = 0; i < s.length; i++) {
			const k = s.key(i);
			if (!k?.startsWith(prefix)) continue;
			try {
				const p = (JSON.parse(s.getItem(k) ?? '{}') as { pending?: unknown }).pending;
				if (typeof p === 'number' && p > 0) n += p;
			} catch {
				// a damaged record counts nothing
			}
		}
		return n;
	}

	async #prepare(userId: string): Promise<void> {
		if (this.userId !== userId) {
			this.#dropKey();
			this.userId = userId;
		}
		this.#tag = await opaqueTag(`user:${userId}`, 16);
		this.pending = this.#countPending(userId);
	}

	/**
	 * [DV4] A page load with a remembered user: unlock through the escrow when online, the
	 * session is live and the device was not locked; else show the lock screen.
	 */
	async resume(userId: string): Promise<void> {
		if (this.status === 'unlocked' && this.userId === userId) return;
		if (this.status === 'resuming' || this.status === 'unlocking') return;
		this.status = 'resuming';
		await this.#prepare(userId);
		const s = local();
		// [DV8] Marked lost while open, and the erase did not finish before the page closed.
		if (s?.getItem(this.#flag('lost')) === '1') {
			this.lost = true;
			await this.#erase(userId, m.device_err_lost());
			this.status = 'locked';
			return;
		}
		const idleMs = this.#settings.autoLockMinutes * 60_000;
		const lockedFlag = s?.getItem(this.#flag('locked')) === '1';
		const idle = Date.now() - this.#lastActive() > idleMs;
		if (lockedFlag || idle) {
			if (!lockedFlag) s?.setItem(this.#flag('locked'), '1');
			this.status = 'locked';
			return;
		}
		const record = await this.#record(userId);
		if (!record) {
			this.status = 'locked';
			return;
		}
		const escrow = await fetchEscrow(this.pending);
		if (!escrow.ok) {
			if (escrow.reason === 'lost') {
				this.lost = true;
				await this.#erase(userId, m.device_err_lost());
			}
			this.status = 'locked';
			return;
		}
		try {
			this.useSettings(escrow.settings);
			const key = await unlockWithEscrow(record, userId, escrow.key);
			await saveKeyRecord(this.#tag!, { ...record, failures: 0, serverAt: Date.now() });
			await this.#open(userId, key);
		} catch (e) {
			this.error = e instanceof DeviceKeyError ? e.message : m.device_err_unavailable();
			this.status = 'locked';
		}
	}

	async #record(userId: string): Promise<KeyRecord | null> {
		const raw = await loadKeyRecord(this.#tag!).catch(() => null);
		if (raw === null || raw === undefined) return null;
		try {
			return parseKeyRecord(raw);
		} catch (e) {
			this.error = e instanceof DeviceKeyError ? e.message : m.device_err_corrupt();
			void userId;
			return null;
		}
	}

	/**
	 * [DV4] Right after an online login, with the password the user typed: create or re-wrap
	 * the data key and unlock. Returns a Polish message when the device cannot be unlocked.
	 */
	async afterLogin(userId: string, password: string): Promise<string | null> {
		this.status = 'unlocking';
		this.error = null;
		this.warning = null;
		await this.#prepare(userId);
		this.lost = false;
		// [DV12] Nothing of this user here (no key, no bookkeeping): a first login on this
		// profile, or one whose site data was cleared — the server says which, if it can.
		const store = local();
		const fresh =
			(await loadKeyRecord(this.#tag!).catch(() => null)) == null &&
			!(store && hadDocuments(store, userId));
		const escrow = await fetchEscrow(this.pending, fresh);
		this.wiped = escrow.ok && escrow.previous ? escrow.previous : null;
		if (!escrow.ok) {
			this.status = 'locked';
			if (escrow.reason === 'lost') {
				await this.#erase(userId, m.device_err_lost());
				return m.device_err_lost();
			}
			return m.device_err_server({ status: escrow.status ?? 0 });
		}
		this.useSettings(escrow.settings);
		const tag = this.#tag!;
		try {
			const existing = await this.#record(userId);
			let key: CryptoKey;
			if (existing) {
				try {
					const next = await rewrapForPassword(existing, userId, password, escrow.key);
					await saveKeyRecord(tag, next.record);
					key = next.key;
				} catch (e) {
					if (!(e instanceof DeviceKeyError)) throw e;
					// The server's key does not open this device's record (another server, a
					// reset): the old copy is unreadable; start afresh, the server has the rest.
					await eraseUserData(userId, tag);
					key = await this.#create(userId, password, escrow.key);
				}
			} else {
				// No key: whatever encrypted data is left belongs to an erased key.
				await eraseUserData(userId, tag, { keepPlaintext: true });
				key = await this.#create(userId, password, escrow.key);
			}
			local()?.removeItem(this.#flag('locked'));
			local()?.removeItem(this.#flag('lost'));
			await this.#open(userId, key);
			return null;
		} catch (e) {
			this.status = 'locked';
			return e instanceof DeviceKeyError ? e.message : m.device_err_unavailable();
		}
	}

	async #create(userId: string, password: string, escrowKey: CryptoKey): Promise<CryptoKey> {
		const { record, key } = await createKeyRecord({
			userId,
			deviceId: deviceId(),
			password,
			escrowKey
		});
		await saveKeyRecord(this.#tag!, record);
		return key;
	}

	/** [DV5] The lock screen's password, online or offline. */
	async unlock(password: string, now = Date.now()): Promise<boolean> {
		const userId = this.userId;
		if (!userId || this.status === 'unlocking') return false;
		this.status = 'unlocking';
		this.error = null;
		if (local()?.getItem(this.#flag('lost')) === '1') {
			this.lost = true;
			await this.#erase(userId, m.device_err_lost());
			this.status = 'locked';
			return false;
		}
		const record = await this.#record(userId);
		if (!record) {
			// [DV10] The key store is gone while the bookkeeping says data was here: evicted.
			const s = local();
			if (!this.error && s && hadDocuments(s, userId))
				this.error = m.device_err_store_gone({ pending: pendingTotal(s, userId) });
			this.error ??= m.device_err_no_key();
			this.status = 'locked';
			return false;
		}
		const { leaseDays, wipeAfterFailures } = this.#settings;
		if (now < record.serverAt - DAY) {
			this.error = m.device_err_clock();
			this.status = 'locked';
			return false;
		}
		const days = Math.floor((now - record.serverAt) / DAY);
		if (now - record.serverAt > leaseDays * DAY) {
			this.error = m.device_err_lease({ days, limit: leaseDays });
			this.status = 'locked';
			return false;
		}
		let key: CryptoKey;
		try {
			key = await unlockWithPassword(record, userId, password);
		} catch (e) {
			if (!(e instanceof DeviceKeyError)) throw e;
			if (e.code !== 'wrong-password') {
				this.error = e.message;
				this.status = 'locked';
				return false;
			}
			const failures = record.failures + 1;
			if (failures >= wipeAfterFailures) {
				await this.#erase(userId, m.device_err_erased());
				this.status = 'locked';
				return false;
			}
			await saveKeyRecord(this.#tag!, { ...record, failures });
			const left = wipeAfterFailures - failures;
			this.error = m.device_err_wrong_password_left({ left });
			this.warning = left === 1 ? m.device_warn_last_attempt({ pending: this.pending }) : null;
			this.status = 'locked';
			return false;
		}
		await saveKeyRecord(this.#tag!, { ...record, failures: 0 });
		local()?.removeItem(this.#flag('locked'));
		this.warning = null;
		await this.#open(userId, key);
		// Online: the contact renews the lease and tells the server the device's state.
		void fetchEscrow(this.pending).then(async (r) => {
			if (r.ok) {
				this.useSettings(r.settings);
				const fresh = await this.#record(userId);
				if (fresh) await saveKeyRecord(this.#tag!, { ...fresh, serverAt: Date.now() });
			} else if (r.reason === 'lost') {
				await this.#erase(userId, m.device_err_lost());
				location.reload();
			}
		});
		return true;
	}

	async #open(userId: string, key: CryptoKey): Promise<void> {
		const storage = new SealedStorage(this.#tag!, key, local());
		const { damaged } = await storage.load();
		// [DV6] A store written before encryption: sealed now, the plaintext deleted.
		const migrated = await migratePlaintext(userId, key, storage).catch((e: unknown) => {
			console.warn('Asysta: migracja danych urządzenia nie powiodła się', e);
			return { damaged: 0 };
		});
		// [DV10] Documents the device held whose copy is gone (evicted, deleted, key lost).
		const s = local();
		const loss = s ? await checkStore(userId, s).catch(() => null) : null;
		this.storeLoss = loss && loss.documents > 0 ? loss : null;
		this.#key = key;
		this.#storage = storage;
		this.damaged = damaged + migrated.damaged;
		this.error = null;
		this.userId = userId;
		this.#lastMark = 0;
		this.status = 'unlocked';
		this.#markActive();
		this.#startIdleCheck();
	}

	#startIdleCheck(): void {
		if (this.#idleTimer) clearInterval(this.#idleTimer);
		this.#idleTimer = setInterval(() => {
			if (this.status !== 'unlocked') return;
			if (Date.now() - this.#lastActive() > this.#settings.autoLockMinutes * 60_000) this.lock();
		}, 15_000);
	}

	#dropKey(): void {
		this.#key = null;
		this.#storage?.close();
		this.#storage = null;
		if (this.#idleTimer) clearInterval(this.#idleTimer);
		this.#idleTimer = null;
		if (this.status === 'unlocked') this.status = 'locked';
	}

	/** [DV5] "Zablokuj" and auto-lock: every tab of this user drops the key and reloads. */
	lock(): void {
		try {
			local()?.setItem(this.#flag('locked'), '1');
		} catch {
			// the reload below still drops the key
		}
		this.#channel?.postMessage({ type: 'lock', user: this.#tag });
		this.#dropKey();
		if (typeof location !== 'undefined') location.reload();
	}

	/** Sign-out: the key leaves memory; the user's data stays sealed for their return. */
	forget(): void {
		this.#dropKey();
		this.status = 'none';
		this.userId = null;
		this.error = null;
		this.warning = null;
	}

	async #erase(userId: string, message: string): Promise<void> {
		this.#dropKey();
		await deleteKeyRecord(this.#tag!).catch(() => {});
		await eraseUserData(userId, this.#tag!).catch(() => {});
		this.error = message;
		this.pending = 0;
	}

	/**
	 * [DV11] An API call answered "device lost" (the header): erase the named users' data on this
	 * device. The user whose documents are open goes through the same path as a socket closed
	 * "device lost" (close the documents, erase, reload); anyone else's data is erased quietly.
	 */
	async #lostAnswer(res: Response, statusThen: DeviceStatus): Promise<void> {
		const body = (await res.json().catch(() => null)) as { users?: unknown } | null;
		const users = Array.isArray(body?.users)
			? body.users.filter((u): u is string => typeof u === 'string')
			: [];
		for (const u of users) {
			if (this.#erasing.has(u)) continue;
			// Unlocking or resuming: that flow's own key request hears "lost" and erases.
			if (u === this.userId && (statusThen === 'unlocking' || statusThen === 'resuming')) continue;
			if (u === this.userId && this.status === 'unlocked') {
				window.dispatchEvent(new Event(DEVICE_LOST_EVENT));
				continue;
			}
			this.#erasing.add(u);
			try {
				const tag = await opaqueTag(`user:${u}`, 16);
				const had = (await loadKeyRecord(tag).catch(() => null)) != null;
				if (u === this.userId) {
					try {
						local()?.setItem(this.#flag('lost'), '1');
					} catch {
						// erased below all the same
					}
					this.#dropKey();
					this.pending = 0;
				}
				await deleteKeyRecord(tag).catch(() => {});
				await eraseUserData(u, tag).catch(() => {});
				if (had || u === this.userId) {
					this.lost = true;
					if (u === this.userId) this.error = m.device_err_lost();
				}
			} finally {
				this.#erasing.delete(u);
			}
		}
	}

	/**
	 * [DV8] The server closed a socket because this device was marked lost: drop the key, erase
	 * the keys and the encrypted copies (the page closes its documents on the same event; a copy
	 * still closing is retried), then reload so nothing of the families stays in memory. A flag
	 * (not personal) makes the next page load finish the erase if this one is closed first, and
	 * say why.
	 */
	async #lostNow(): Promise<void> {
		const userId = this.userId;
		const tag = this.#tag;
		if (!userId || !tag || this.status === 'none') return;
		try {
			local()?.setItem(this.#flag('lost'), '1');
		} catch {
			// the erase below still runs now
		}
		this.#dropKey();
		this.status = 'locked';
		this.lost = true;
		this.error = m.device_err_lost();
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
		this.pending = 0;
		if (typeof location !== 'undefined') location.reload();
	}
}

/** The one device lock of the app. */
export const device = new DeviceState();
