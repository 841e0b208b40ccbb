import { describe, expect, it } from 'vitest';
import {
	DeviceKeyError,
	PBKDF2_ITERATIONS,
	createKeyRecord,
	fromB64,
	importEscrowKey,
	parseKeyRecord,
	rewrapForPassword,
	toB64,
	unlockWithEscrow,
	unlockWithPassword,
	type KeyRecord
} from './crypto';
import { open, openText, seal, sealText } from './seal';

const FAST = 1000; // iterations for tests that are not about the derivation cost
const escrowRaw = () => crypto.getRandomValues(new Uint8Array(32));

async function setup(userId = 'u-anna', password = 'tajne-haslo-1') {
	const escrowKey = await importEscrowKey(escrowRaw());
	const { record, key } = await createKeyRecord({
		userId,
		deviceId: 'dev-1',
		password,
		escrowKey,
		iterations: FAST
	});
	return { record, key, escrowKey };
}

async function roundTrip(key: CryptoKey, other: CryptoKey): Promise<boolean> {
	const s = await seal(key, new TextEncoder().encode('Kowalscy'), 'doc');
	const back = await open(other, s, 'doc');
	return new TextDecoder().decode(back) === 'Kowalscy';
}

async function rejection(p: Promise<unknown>): Promise<DeviceKeyError> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(DeviceKeyError);
	return e as DeviceKeyError;
}

describe('[DV1] device data key, wrapped by the password and the escrow key', () => {
	it('[DV1] the default derivation is PBKDF2-SHA-256 with at least 600 000 iterations', async () => {
		const escrowKey = await importEscrowKey(escrowRaw());
		const t = performance.now();
		const { record } = await createKeyRecord({
			userId: 'u-anna',
			deviceId: 'dev-1',
			password: 'p',
			escrowKey
		});
		const ms = performance.now() - t;
		expect(record.iterations).toBeGreaterThanOrEqual(600_000);
		expect(PBKDF2_ITERATIONS).toBe(600_000);
		console.info(`[DV1] create (PBKDF2 ${record.iterations}): ${ms.toFixed(0)} ms`);
	});

	it('[DV1] the password and the escrow key both unlock the same key; it is not extractable', async () => {
		const { record, key, escrowKey } = await setup();
		const byPw = await unlockWithPassword(record, 'u-anna', 'tajne-haslo-1');
		const byEscrow = await unlockWithEscrow(record, 'u-anna', escrowKey);
		expect(await roundTrip(key, byPw)).toBe(true);
		expect(await roundTrip(byPw, byEscrow)).toBe(true);
		expect(byPw.extractable).toBe(false);
		expect(key.extractable).toBe(false);
		await expect(crypto.subtle.exportKey('raw', byPw)).rejects.toThrow();
		// The record holds no user id in clear and no key bytes in clear.
		expect(JSON.stringify(record)).not.toContain('u-anna');
	});

	it('[DV1] a wrong password is refused with a Polish message', async () => {
		const { record } = await setup();
		const e = await rejection(unlockWithPassword(record, 'u-anna', 'zle-haslo'));
		expect(e.code).toBe('wrong-password');
		expect(e.message).toMatch(/Nieprawidłowe hasło/);
	});

	it('[DV1] another user’s record (wrapped key) unlocks nothing, even with that user’s password', async () => {
		const anna = await setup('u-anna', 'haslo-anny');
		const piotr = await setup('u-piotr', 'haslo-piotra');
		// Piotr's record planted as Anna's.
		const e1 = await rejection(unlockWithPassword(piotr.record, 'u-anna', 'haslo-piotra'));
		expect(e1.code).toBe('other-user');
		expect(e1.message).toMatch(/innego użytkownika/);
		// Even with the owner tag forged, the wrap is bound to its user in the additional data.
		const forged: KeyRecord = { ...piotr.record, user: anna.record.user };
		const e2 = await rejection(unlockWithPassword(forged, 'u-anna', 'haslo-piotra'));
		expect(e2.code).toBe('wrong-password');
		const e3 = await rejection(unlockWithEscrow(forged, 'u-anna', piotr.escrowKey));
		expect(e3.code).toBe('escrow-mismatch');
		// Anna's escrow key does not open Piotr's wrap either.
		const e4 = await rejection(unlockWithEscrow(forged, 'u-anna', anna.escrowKey));
		expect(e4.code).toBe('escrow-mismatch');
	});

	it('[DV1] a truncated or altered wrapped key is reported as damaged, never as a key', async () => {
		const { record } = await setup();
		const ct = fromB64(record.pw.ct);
		const truncated: KeyRecord = { ...record, pw: { ...record.pw, ct: toB64(ct.slice(0, 20)) } };
		expect((await rejection(unlockWithPassword(truncated, 'u-anna', 'tajne-haslo-1'))).code).toBe(
			'corrupt'
		);
		const flipped = ct.slice();
		flipped[5] ^= 1;
		const altered: KeyRecord = { ...record, pw: { ...record.pw, ct: toB64(flipped) } };
		// An altered wrap fails the tag: to the user it reads like a wrong password, and nothing opens.
		expect((await rejection(unlockWithPassword(altered, 'u-anna', 'tajne-haslo-1'))).code).toMatch(
			/wrong-password|corrupt/
		);
		const garbage: KeyRecord = { ...record, pw: { iv: '***', ct: 'not base64!' } };
		const e = await rejection(unlockWithPassword(garbage, 'u-anna', 'tajne-haslo-1'));
		expect(e.code).toBe('corrupt');
		expect(e.message).toMatch(/uszkodzony/);
	});

	it('[DV1] a stored record of the wrong shape, or with fewer iterations (a downgrade), is refused', () => {
		expect(() => parseKeyRecord(null)).toThrow(DeviceKeyError);
		expect(() => parseKeyRecord({ v: 1 })).toThrow(/uszkodzony/);
		const shape = {
			v: 1,
			user: 'x',
			deviceId: 'd',
			salt: 'AAAA',
			iterations: 1000,
			pw: { iv: 'a', ct: 'b' },
			escrow: { iv: 'a', ct: 'b' },
			failures: 0,
			serverAt: 1
		};
		expect(() => parseKeyRecord(shape)).toThrow(DeviceKeyError);
		expect(parseKeyRecord({ ...shape, iterations: 600_000 }).iterations).toBe(600_000);
	});

	it('[DV1] an escrow key of the wrong length is refused', async () => {
		await expect(importEscrowKey(new Uint8Array(16))).rejects.toThrow(DeviceKeyError);
	});

	it('[DV1] after an online login with a new password the old one no longer unlocks, the data key stays', async () => {
		const { record, key, escrowKey } = await setup('u-anna', 'stare');
		const { record: next, key: again } = await rewrapForPassword(
			record,
			'u-anna',
			'nowe',
			escrowKey
		);
		expect(await roundTrip(key, again)).toBe(true);
		expect(await roundTrip(key, await unlockWithPassword(next, 'u-anna', 'nowe'))).toBe(true);
		expect((await rejection(unlockWithPassword(next, 'u-anna', 'stare'))).code).toBe(
			'wrong-password'
		);
	});
});

describe('[DV2] sealed records', () => {
	it('[DV2] each record has its own IV; the plaintext is not in the bytes', async () => {
		const { key } = await setup();
		const plain = new TextEncoder().encode('Rodzina Kowalskich — przemoc domowa');
		const a = await seal(key, plain, 'family-1:plan:e1');
		const b = await seal(key, plain, 'family-1:plan:e1');
		expect(toB64(a)).not.toBe(toB64(b));
		expect(new TextDecoder('latin1').decode(a)).not.toContain('Kowalskich');
		expect(await open(key, a, 'family-1:plan:e1')).toEqual(plain);
	});

	it('[DV2] a record under another document name, truncated, altered or sealed by another key fails', async () => {
		const { key } = await setup();
		const other = await setup('u-piotr');
		const s = await seal(key, new TextEncoder().encode('notatka'), 'doc-a');
		const codes = async (p: Promise<unknown>) => (await rejection(p)).code;
		expect(await codes(open(key, s, 'doc-b'))).toBe('corrupt');
		expect(await codes(open(key, s.slice(0, s.length - 1), 'doc-a'))).toBe('corrupt');
		expect(await codes(open(key, s.slice(0, 10), 'doc-a'))).toBe('corrupt');
		const flipped = s.slice();
		flipped[flipped.length - 3] ^= 0x40;
		expect(await codes(open(key, flipped, 'doc-a'))).toBe('corrupt');
		expect(await codes(open(other.key, s, 'doc-a'))).toBe('corrupt');
		expect(await codes(openText(key, '%%%', 'doc-a'))).toBe('corrupt');
		expect(await openText(key, await sealText(key, 'żółć', 'k'), 'k')).toBe('żółć');
	});
});
