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
 *
 * Over 250 lines because the lock is one state machine (none → resuming → locked → unlocking →
 * unlocked): every flow above moves the same key, store and status, and one must see another's
 * refusal (a "lost" heard while unlocking). Its parts without state live beside it: device-id.ts,
 * escrow.ts (the server's key), login-key.ts, lease.ts, activity.ts (flags, idle), lost.ts (erase).
 */
import { m } from '$lib/paraglide/messages.js';
import { DEVICE_LOST_EVENT } from '$lib/sync/protocol';
import { erasedLostNotice, UserFlags } from './activity';
import {
	DeviceKeyError,
	parseKeyRecord,
	unlockWithEscrow,
	unlockWithPassword,
	type KeyRecord
} from './crypto';
import { deviceId, local } from './device-id';
import { DEFAULT_SETTINGS, fetchEscrow, type DeviceSettings, type PreviousCopy } from './escrow';
import { loadKeyRecord, saveKeyRecord } from './key-store';
import { leaseRefusal } from './lease';
import { keyAfterLogin } from './login-key';
import { eraseUser, eraseWhenClosed, lostUsersOf, userTag, watchLostAnswers } from './lost';
import { closeCopies } from './encrypted-persistence';
import { migrateLayout } from './migrate-layout';
import { migratePlaintext } from './migrate';
import { SealedStorage } from './sealed-storage';
import {
	checkStore,
	hadDocuments,
	openCaseloadAhead,
	pendingTotal,
	type StoreLoss
} from './store-check';
import { userDbNameOf } from './user-store';

/** [DV8] The window event on which the page closes its documents for the erase. */
export { DEVICE_LOST_EVENT };
export { deviceId, type DeviceSettings, type PreviousCopy };

const CHANNEL = 'asysta-device';

export type DeviceStatus = 'none' | 'resuming' | 'locked' | 'unlocking' | 'unlocked';

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
	/** The flags of `userId`; their tag names the user in the key store too. */
	#flags = new UserFlags();
	#settings: DeviceSettings = DEFAULT_SETTINGS;
	#channel: BroadcastChannel | null = null;
	#erasing = new Set<string>();
	/** [DV8] The erase of a lost device has begun on this page (it ends in a reload). */
	#erasingNow = false;

	constructor() {
		if (typeof window === 'undefined') return;
		this.lost = erasedLostNotice.has();
		try {
			this.#channel = new BroadcastChannel(CHANNEL);
			this.#channel.onmessage = (e: MessageEvent<{ type: string; user: string }>) => {
				if (
					e.data?.type === 'lock' &&
					e.data.user === this.#flags.tag &&
					this.status === 'unlocked'
				) {
					this.#dropKey();
					location.reload();
				}
			};
		} catch {
			// no BroadcastChannel: the other tabs lock at their own idle check
		}
		// [DV8] A socket closed "device lost": erase now, while the device is unlocked and online.
		window.addEventListener(DEVICE_LOST_EVENT, () => void this.#lostNow());
		// [DV11] Any API answer "device lost" (401/410 with the header) erases too.
		watchLostAnswers((res) => void this.#lostAnswer(res, this.status));
		const mark = () => {
			if (this.status === 'unlocked') this.#flags.markActive();
		};
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
		this.#settings = { ...DEFAULT_SETTINGS, ...s };
	}

	get settings(): DeviceSettings {
		return this.#settings;
	}

	/** The user's tag; set by #prepare before any flow uses it. */
	get #tag(): string {
		return this.#flags.tag!;
	}

	async #prepare(userId: string): Promise<void> {
		if (this.userId !== userId) {
			this.#dropKey();
			this.userId = userId;
		}
		this.#flags.tag = await userTag(userId);
		const s = local();
		this.pending = s ? pendingTotal(s, userId) : 0;
	}

	/** [DV8] Erased as lost: this page and the next ones say so until the next login. */
	#markLost(): void {
		this.lost = true;
		erasedLostNotice.set();
	}

	/** [DV8] Marked lost while open, and the erase did not finish before the page closed. */
	async #finishLostErase(userId: string): Promise<boolean> {
		if (!this.#flags.has('lost')) return false;
		this.#markLost();
		await this.#erase(userId, m.device_err_lost());
		this.status = 'locked';
		return true;
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
		if (await this.#finishLostErase(userId)) return;
		const lockedFlag = this.#flags.has('locked');
		if (lockedFlag || this.#flags.isIdle(this.#settings.autoLockMinutes)) {
			if (!lockedFlag) this.#flags.set('locked');
			this.status = 'locked';
			return;
		}
		const record = await this.#record();
		if (!record) {
			this.status = 'locked';
			return;
		}
		const escrow = await fetchEscrow(this.pending);
		if (!escrow.ok) {
			if (escrow.reason === 'lost') {
				this.#markLost();
				await this.#erase(userId, m.device_err_lost());
			}
			this.status = 'locked';
			return;
		}
		try {
			this.useSettings(escrow.settings);
			const key = await unlockWithEscrow(record, userId, escrow.key);
			await saveKeyRecord(this.#tag, { ...record, failures: 0, serverAt: Date.now() });
			await this.#open(userId, key);
		} catch (e) {
			this.error = e instanceof DeviceKeyError ? e.message : m.device_err_unavailable();
			this.status = 'locked';
		}
	}

	async #record(): Promise<KeyRecord | null> {
		const raw = await loadKeyRecord(this.#tag).catch(() => null);
		if (raw === null || raw === undefined) return null;
		try {
			return parseKeyRecord(raw);
		} catch (e) {
			this.error = e instanceof DeviceKeyError ? e.message : m.device_err_corrupt();
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
		erasedLostNotice.clear();
		// [DV12] Nothing of this user here (no key, no bookkeeping): a first login on this
		// profile, or one whose site data was cleared — the server says which, if it can.
		const store = local();
		const fresh =
			(await loadKeyRecord(this.#tag).catch(() => null)) == null &&
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
		const tag = this.#tag;
		try {
			const existing = await this.#record();
			const key = await keyAfterLogin({ userId, tag, password, escrowKey: escrow.key, existing });
			this.#flags.clear('locked');
			this.#flags.clear('lost');
			await this.#open(userId, key);
			return null;
		} catch (e) {
			this.status = 'locked';
			return e instanceof DeviceKeyError ? e.message : m.device_err_unavailable();
		}
	}

	/** Ends an unlock attempt on the lock screen with why it failed. */
	#refuse(error: string | null = this.error): false {
		this.error = error;
		this.status = 'locked';
		return false;
	}

	/** [DV5] The lock screen's password, online or offline. */
	async unlock(password: string, now = Date.now()): Promise<boolean> {
		const userId = this.userId;
		if (!userId || this.status === 'unlocking') return false;
		this.status = 'unlocking';
		this.error = null;
		if (await this.#finishLostErase(userId)) return false;
		const record = await this.#record();
		if (!record) {
			// [DV10] The key store is gone while the bookkeeping says data was here: evicted.
			const s = local();
			if (!this.error && s && hadDocuments(s, userId))
				this.error = m.device_err_store_gone({ pending: pendingTotal(s, userId) });
			return this.#refuse(this.error ?? m.device_err_no_key());
		}
		const { leaseDays, wipeAfterFailures } = this.#settings;
		const outOfLease = leaseRefusal(record.serverAt, leaseDays, now);
		if (outOfLease) return this.#refuse(outOfLease);
		let key: CryptoKey;
		try {
			key = await unlockWithPassword(record, userId, password);
		} catch (e) {
			if (!(e instanceof DeviceKeyError)) throw e;
			if (e.code !== 'wrong-password') return this.#refuse(e.message);
			const failures = record.failures + 1;
			if (failures >= wipeAfterFailures) {
				await this.#erase(userId, m.device_err_erased());
				return this.#refuse();
			}
			await saveKeyRecord(this.#tag, { ...record, failures });
			const left = wipeAfterFailures - failures;
			this.warning = left === 1 ? m.device_warn_last_attempt({ pending: this.pending }) : null;
			return this.#refuse(m.device_err_wrong_password_left({ left }));
		}
		await saveKeyRecord(this.#tag, { ...record, failures: 0 });
		this.#flags.clear('locked');
		this.warning = null;
		await this.#open(userId, key);
		// Online: the contact renews the lease and tells the server the device's state.
		void fetchEscrow(this.pending).then(async (r) => {
			if (r.ok) {
				this.useSettings(r.settings);
				const fresh = await this.#record();
				if (fresh) await saveKeyRecord(this.#tag, { ...fresh, serverAt: Date.now() });
			} else if (r.reason === 'lost') {
				await this.#erase(userId, m.device_err_lost());
				location.reload();
			}
		});
		return true;
	}

	async #open(userId: string, key: CryptoKey): Promise<void> {
		const storage = new SealedStorage(this.#tag, key, local());
		const { damaged } = await storage.load();
		// [DV13] Per-document databases of the previous layout: moved into the user's store.
		await migrateLayout(userId).catch((e: unknown) =>
			console.warn('Asysta: przeniesienie kopii na urządzeniu nie powiodło się', e)
		);
		// [DV6] A store written before encryption: sealed now, the plaintext deleted.
		const migrated = await migratePlaintext(userId, key, storage).catch((e: unknown) => {
			console.warn('Asysta: migracja danych urządzenia nie powiodła się', e);
			return { damaged: 0 };
		});
		// [DV10] Documents the device held whose copy is gone (evicted, deleted, key lost). This
		// opens the user's store, which the documents opened from now on share.
		const s = local();
		const loss = s ? await checkStore(userId, s).catch(() => null) : null;
		this.storeLoss = loss && loss.documents > 0 ? loss : null;
		// [DV2] The caseload opens next: what the check read is decrypted ahead of those opens.
		if (s) await openCaseloadAhead(userId, key, s).catch(() => {});
		this.#key = key;
		this.#storage = storage;
		this.damaged = damaged + migrated.damaged;
		this.error = null;
		this.userId = userId;
		this.status = 'unlocked';
		this.#flags.markActive(Date.now(), true);
		this.#flags.watchIdle(
			() => this.#settings.autoLockMinutes,
			() => {
				if (this.status === 'unlocked') this.lock();
			}
		);
	}

	#dropKey(): void {
		// [DV2] The user's store closes once their open copies have stored what they were writing.
		const tag = this.#flags.tag;
		if (tag) void closeCopies(userDbNameOf(tag));
		this.#key = null;
		this.#storage?.close();
		this.#storage = null;
		this.#flags.stopIdleWatch();
		if (this.status === 'unlocked') this.status = 'locked';
	}

	/** [DV5] "Zablokuj" and auto-lock: every tab of this user drops the key and reloads. */
	lock(): void {
		this.#flags.set('locked');
		this.#channel?.postMessage({ type: 'lock', user: this.#flags.tag });
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
		await eraseUser(userId, this.#tag);
		this.error = message;
		this.pending = 0;
	}

	/**
	 * [DV11] An API call answered "device lost" (the header): erase the named users' data on this
	 * device. The user whose documents are open goes through the same path as a socket closed
	 * "device lost" (close the documents, erase, reload); anyone else's data is erased quietly.
	 */
	async #lostAnswer(res: Response, statusThen: DeviceStatus): Promise<void> {
		for (const u of await lostUsersOf(res)) {
			if (this.#erasing.has(u)) continue;
			// Unlocking or resuming: that flow's own key request hears "lost" and erases.
			if (u === this.userId && (statusThen === 'unlocking' || statusThen === 'resuming')) continue;
			if (u === this.userId && this.status === 'unlocked') {
				window.dispatchEvent(new Event(DEVICE_LOST_EVENT));
				continue;
			}
			this.#erasing.add(u);
			try {
				const tag = await userTag(u);
				const had = (await loadKeyRecord(tag).catch(() => null)) != null;
				if (u === this.userId) {
					this.#flags.set('lost');
					this.#dropKey();
					this.pending = 0;
				}
				await eraseUser(u, tag);
				if (had || u === this.userId) {
					this.#markLost();
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
		const tag = this.#flags.tag;
		// Every open document's socket closes with the code: one erase and one reload per page.
		if (!userId || !tag || this.status === 'none' || this.#erasingNow) return;
		this.#erasingNow = true;
		this.#flags.set('lost');
		this.#dropKey();
		this.status = 'locked';
		this.#markLost();
		this.error = m.device_err_lost();
		await eraseWhenClosed(userId, tag);
		this.pending = 0;
		if (typeof location !== 'undefined') location.reload();
	}
}

/** The one device lock of the app. */
export const device = new DeviceState();
