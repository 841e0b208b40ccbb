/**
 * [DV4] The data key after an online login, with the password just typed and the escrow key the
 * server released: the device's key record re-wrapped for the (possibly new) password, or a new
 * data key when there is no record, or one the server's key does not open.
 */
import { DeviceKeyError, createKeyRecord, rewrapForPassword, type KeyRecord } from './crypto';
import { deviceId } from './device-id';
import { eraseUserData, saveKeyRecord } from './key-store';

interface LoginKeyInput {
	userId: string;
	/** The user's opaque tag (key store, flags). */
	tag: string;
	password: string;
	escrowKey: CryptoKey;
	/** The device's key record for the user, if it has one. */
	existing: KeyRecord | null;
}

/** Creates, stores and returns a new data key for the user. */
async function createKey(o: LoginKeyInput): Promise<CryptoKey> {
	const { record, key } = await createKeyRecord({
		userId: o.userId,
		deviceId: deviceId(),
		password: o.password,
		escrowKey: o.escrowKey
	});
	await saveKeyRecord(o.tag, record);
	return key;
}

/** The user's data key, stored wrapped for the password; throws DeviceKeyError when it cannot. */
export async function keyAfterLogin(o: LoginKeyInput): Promise<CryptoKey> {
	if (!o.existing) {
		// No key: whatever encrypted data is left belongs to an erased key.
		await eraseUserData(o.userId, o.tag, { keepPlaintext: true });
		return createKey(o);
	}
	try {
		const next = await rewrapForPassword(o.existing, o.userId, o.password, o.escrowKey);
		await saveKeyRecord(o.tag, next.record);
		return next.key;
	} catch (e) {
		if (!(e instanceof DeviceKeyError)) throw e;
		// The server's key does not open this device's record (another server, a reset): the old
		// copy is unreadable; start afresh, the server has the rest.
		await eraseUserData(o.userId, o.tag);
		return createKey(o);
	}
}
