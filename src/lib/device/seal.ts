/**
 * [DV2] Records of data sealed under a user's data key (./crypto.ts makes and unwraps the key).
 * Each record carries its own random 96-bit IV and takes the caller's additional data (the
 * document name for Yjs updates, the store key for sealed entries), so a record moved to another
 * document or key fails the tag check and nothing is decrypted.
 */
import { m } from '../paraglide/messages.js';
import { DeviceKeyError, bytes, fromB64, toB64 } from './crypto.js';

const RECORD_VERSION = 1;
const enc = new TextEncoder();
const dec = new TextDecoder();

/** Encrypts `plain` under the data key; `aad` binds it to its place (document, store key). */
export async function seal(key: CryptoKey, plain: Uint8Array, aad: string): Promise<Uint8Array> {
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const ct = new Uint8Array(
		await crypto.subtle.encrypt(
			{ name: 'AES-GCM', iv, additionalData: enc.encode(aad), tagLength: 128 },
			key,
			bytes(plain)
		)
	);
	const out = new Uint8Array(1 + 12 + ct.length);
	out[0] = RECORD_VERSION;
	out.set(iv, 1);
	out.set(ct, 13);
	return out;
}

/** Decrypts a sealed record; throws `corrupt` for a truncated, altered or misplaced one. */
export async function open(key: CryptoKey, sealed: Uint8Array, aad: string): Promise<Uint8Array> {
	if (
		!(sealed instanceof Uint8Array) ||
		sealed.length < 1 + 12 + 16 ||
		sealed[0] !== RECORD_VERSION
	) {
		throw new DeviceKeyError('corrupt', m.device_err_corrupt());
	}
	try {
		return new Uint8Array(
			await crypto.subtle.decrypt(
				{
					name: 'AES-GCM',
					iv: sealed.slice(1, 13),
					additionalData: enc.encode(aad),
					tagLength: 128
				},
				key,
				sealed.slice(13)
			)
		);
	} catch {
		throw new DeviceKeyError('corrupt', m.device_err_corrupt());
	}
}

/** `seal` for text, as base64 (localStorage values). */
export async function sealText(key: CryptoKey, text: string, aad: string): Promise<string> {
	return toB64(await seal(key, enc.encode(text), aad));
}

/** `open` for text sealed by `sealText`. */
export async function openText(key: CryptoKey, b64: string, aad: string): Promise<string> {
	let raw: Uint8Array;
	try {
		raw = fromB64(b64);
	} catch {
		throw new DeviceKeyError('corrupt', m.device_err_corrupt());
	}
	return dec.decode(await open(key, raw, aad));
}
