/**
 * [DV1][DV2] The device key layer, pure WebCrypto (runs in the browser and under Node 20).
 *
 * Every user has one random AES-GCM-256 data key per device. It exists unwrapped only in memory,
 * as a non-extractable CryptoKey, and is kept on the device wrapped twice (AES-GCM key wrap):
 *   - by a key derived from the user's password (PBKDF2-SHA-256, ≥ 600 000 iterations): offline
 *     unlock;
 *   - by an escrow key the server keeps per user and device and releases only to a live session:
 *     a forgotten or changed password never loses the device's unsynced work.
 * Each wrap names its purpose, user (and device) in the AES-GCM additional data, so a wrapped key
 * copied from another user's record never unwraps: the tag check fails and nothing is decrypted.
 * Records of data are sealed under that key in ./seal.ts. Longer than 250 lines on purpose: the
 * key record's whole life (create, parse, both unlocks, rewrap) reads best beside its wraps.
 */
import { m } from '../paraglide/messages.js';

/** OWASP 2023 for PBKDF2-HMAC-SHA256. */
export const PBKDF2_ITERATIONS = 600_000;
const RECORD_VERSION = 1;
const enc = new TextEncoder();

export type DeviceKeyErrorCode =
	| 'wrong-password'
	| 'corrupt'
	| 'other-user'
	| 'escrow-mismatch'
	| 'lease-expired'
	| 'erased'
	| 'unavailable';

/** A refusal with a Polish message for the lock screen. */
export class DeviceKeyError extends Error {
	readonly code: DeviceKeyErrorCode;
	constructor(code: DeviceKeyErrorCode, message: string) {
		super(message);
		this.code = code;
		this.name = 'DeviceKeyError';
	}
}

/** Bytes as base64 (records are JSON). */
export function toB64(bytes: Uint8Array): string {
	let s = '';
	for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
	return btoa(s);
}

/** base64 to bytes; throws on malformed input. */
export function fromB64(s: string): Uint8Array<ArrayBuffer> {
	const bin = atob(s);
	const out = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
	return out;
}

/** The bytes WebCrypto takes (a whole ArrayBuffer), copied only when `u` is a view of more. */
export function bytes(u: Uint8Array): Uint8Array<ArrayBuffer> {
	return u.buffer instanceof ArrayBuffer &&
		u.byteOffset === 0 &&
		u.byteLength === u.buffer.byteLength
		? (u as Uint8Array<ArrayBuffer>)
		: new Uint8Array(u);
}

/** A hex SHA-256 prefix: names of device stores that carry no personal data. */
export async function opaqueTag(text: string, length = 24): Promise<string> {
	const h = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(`asysta:${text}`)));
	let s = '';
	for (const b of h) s += b.toString(16).padStart(2, '0');
	return s.slice(0, length);
}

/** One AES-GCM wrap or seal: IV and ciphertext (with tag). */
export interface Sealed {
	iv: string;
	ct: string;
}

/** What the device keeps per user (no personal data: the user appears only as a hash). */
export interface KeyRecord {
	v: 1;
	/** opaqueTag of the user id. */
	user: string;
	deviceId: string;
	salt: string;
	iterations: number;
	pw: Sealed;
	escrow: Sealed;
	/** Wrong offline passwords since the last good unlock. */
	failures: number;
	/** Last time the device reached the server for this user (ms, device clock). */
	serverAt: number;
}

const WRAP_ALG = (iv: Uint8Array<ArrayBuffer>, aad: string): AesGcmParams => ({
	name: 'AES-GCM',
	iv,
	additionalData: enc.encode(aad),
	tagLength: 128
});

const pwAad = (userId: string) => `asysta-dk:v1:pw:${userId}`;
const escrowAad = (userId: string, deviceId: string) => `asysta-dk:v1:escrow:${userId}:${deviceId}`;

/** The key-encryption key from a password. */
export async function passwordKey(
	password: string,
	salt: Uint8Array<ArrayBuffer>,
	iterations = PBKDF2_ITERATIONS
): Promise<CryptoKey> {
	const base = await crypto.subtle.importKey('raw', enc.encode(password), 'PBKDF2', false, [
		'deriveKey'
	]);
	return crypto.subtle.deriveKey(
		{ name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
		base,
		{ name: 'AES-GCM', length: 256 },
		false,
		['wrapKey', 'unwrapKey']
	);
}

/** The escrow key as the server sent it (32 random bytes), non-extractable. */
export async function importEscrowKey(raw: Uint8Array): Promise<CryptoKey> {
	if (raw.length !== 32) {
		throw new DeviceKeyError('escrow-mismatch', m.device_err_escrow());
	}
	return crypto.subtle.importKey('raw', bytes(raw), { name: 'AES-GCM' }, false, [
		'wrapKey',
		'unwrapKey'
	]);
}

async function wrap(key: CryptoKey, kek: CryptoKey, aad: string): Promise<Sealed> {
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const ct = new Uint8Array(await crypto.subtle.wrapKey('raw', key, kek, WRAP_ALG(iv, aad)));
	return { iv: toB64(iv), ct: toB64(ct) };
}

/** Unwraps to a non-extractable data key; null when the tag does not verify. */
async function unwrap(sealed: Sealed, kek: CryptoKey, aad: string): Promise<CryptoKey | null> {
	let iv: Uint8Array<ArrayBuffer>, ct: Uint8Array<ArrayBuffer>;
	try {
		iv = fromB64(sealed.iv);
		ct = fromB64(sealed.ct);
	} catch {
		throw new DeviceKeyError('corrupt', m.device_err_corrupt());
	}
	if (iv.length !== 12 || ct.length !== 32 + 16) {
		throw new DeviceKeyError('corrupt', m.device_err_corrupt());
	}
	try {
		return await crypto.subtle.unwrapKey('raw', ct, kek, WRAP_ALG(iv, aad), 'AES-GCM', false, [
			'encrypt',
			'decrypt'
		]);
	} catch {
		return null;
	}
}

/** Checks the shape of a stored record; throws `corrupt` when it is not one of ours. */
export function parseKeyRecord(v: unknown): KeyRecord {
	const r = v as Partial<KeyRecord> | null;
	const sealedOk = (s: unknown) =>
		typeof s === 'object' &&
		s !== null &&
		typeof (s as Sealed).iv === 'string' &&
		typeof (s as Sealed).ct === 'string';
	if (
		!r ||
		typeof r !== 'object' ||
		r.v !== RECORD_VERSION ||
		typeof r.user !== 'string' ||
		typeof r.deviceId !== 'string' ||
		typeof r.salt !== 'string' ||
		typeof r.iterations !== 'number' ||
		!Number.isInteger(r.iterations) ||
		r.iterations < PBKDF2_ITERATIONS ||
		!sealedOk(r.pw) ||
		!sealedOk(r.escrow) ||
		typeof r.failures !== 'number' ||
		typeof r.serverAt !== 'number'
	) {
		throw new DeviceKeyError('corrupt', m.device_err_corrupt());
	}
	return r as KeyRecord;
}

async function checkOwner(record: KeyRecord, userId: string): Promise<void> {
	if (record.user !== (await opaqueTag(userId))) {
		throw new DeviceKeyError('other-user', m.device_err_other_user());
	}
}

/**
 * A new data key for the user on this device, wrapped by the password and by the escrow key.
 * Returns the record to store and the (non-extractable) key to use now.
 */
export async function createKeyRecord(opts: {
	userId: string;
	deviceId: string;
	password: string;
	escrowKey: CryptoKey;
	now?: number;
	iterations?: number;
}): Promise<{ record: KeyRecord; key: CryptoKey }> {
	// Extractable only for the two wraps below; the caller gets the non-extractable unwrap.
	const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, [
		'encrypt',
		'decrypt'
	]);
	const salt = crypto.getRandomValues(new Uint8Array(16));
	const iterations = opts.iterations ?? PBKDF2_ITERATIONS;
	const kek = await passwordKey(opts.password, salt, iterations);
	const record: KeyRecord = {
		v: RECORD_VERSION,
		user: await opaqueTag(opts.userId),
		deviceId: opts.deviceId,
		salt: toB64(salt),
		iterations,
		pw: await wrap(fresh, kek, pwAad(opts.userId)),
		escrow: await wrap(fresh, opts.escrowKey, escrowAad(opts.userId, opts.deviceId)),
		failures: 0,
		serverAt: opts.now ?? Date.now()
	};
	const key = await unwrap(record.pw, kek, pwAad(opts.userId));
	if (!key) throw new DeviceKeyError('unavailable', m.device_err_unavailable());
	return { record, key };
}

/** Offline unlock. Throws `wrong-password`, `corrupt` or `other-user`. */
export async function unlockWithPassword(
	record: KeyRecord,
	userId: string,
	password: string
): Promise<CryptoKey> {
	await checkOwner(record, userId);
	let salt: Uint8Array<ArrayBuffer>;
	try {
		salt = fromB64(record.salt);
	} catch {
		throw new DeviceKeyError('corrupt', m.device_err_corrupt());
	}
	const kek = await passwordKey(password, salt, record.iterations);
	const key = await unwrap(record.pw, kek, pwAad(userId));
	if (!key) throw new DeviceKeyError('wrong-password', m.device_err_wrong_password());
	return key;
}

/** Unlock with the key the server released. Throws `escrow-mismatch`, `corrupt`, `other-user`. */
export async function unlockWithEscrow(
	record: KeyRecord,
	userId: string,
	escrowKey: CryptoKey
): Promise<CryptoKey> {
	await checkOwner(record, userId);
	const key = await unwrap(record.escrow, escrowKey, escrowAad(userId, record.deviceId));
	if (!key) throw new DeviceKeyError('escrow-mismatch', m.device_err_escrow());
	return key;
}

/**
 * After an online login with a (possibly new) password: the data key comes from the escrow, and
 * the password wrap is made again, so offline unlock follows the server's password.
 */
export async function rewrapForPassword(
	record: KeyRecord,
	userId: string,
	password: string,
	escrowKey: CryptoKey,
	now = Date.now()
): Promise<{ record: KeyRecord; key: CryptoKey }> {
	await checkOwner(record, userId);
	// The stored key is non-extractable, so it is unwrapped once more as extractable to re-wrap.
	const raw = await crypto.subtle
		.unwrapKey(
			'raw',
			fromB64(record.escrow.ct),
			escrowKey,
			WRAP_ALG(fromB64(record.escrow.iv), escrowAad(userId, record.deviceId)),
			'AES-GCM',
			true,
			['encrypt', 'decrypt']
		)
		.catch(() => null);
	if (!raw) throw new DeviceKeyError('escrow-mismatch', m.device_err_escrow());
	const salt = crypto.getRandomValues(new Uint8Array(16));
	const kek = await passwordKey(password, salt, record.iterations);
	const next: KeyRecord = {
		...record,
		salt: toB64(salt),
		pw: await wrap(raw, kek, pwAad(userId)),
		failures: 0,
		serverAt: now
	};
	const key = await unlockWithEscrow(next, userId, escrowKey);
	return { record: next, key };
}
