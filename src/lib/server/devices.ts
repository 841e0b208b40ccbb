/**
 * [DV3][DV7] Devices and their escrow keys. Each user's browser profile registers as a device
 * (a random id it keeps) when it asks for its escrow key; the key wraps that user's data key on
 * that device (src/lib/device/crypto.ts) and is released only to a live session of the same user,
 * never to a device marked lost. Marking a device lost ends the sessions that fetched its key,
 * and the device erases its local data when it next asks. Every release and refusal is audited.
 *
 * Past 250 lines since the move onto `Sql` (issue 16): one parameter a line in the statements;
 * the key release, the list and the lost mark share the device rules and stay together.
 */
import { randomBytes } from 'node:crypto';
import { appendAudit } from './audit.js';
import type { Sql } from './sql.js';
import { invalidateSession } from './session.js';
import { signal } from './signal.js';
import type { StaffRole } from '../domain/roles.js';
import { DEVICE_ID } from './device-cookie.js';

// The device cookie, the lost-device answer and the wiped-copy lookup have files of their own;
// the hooks, the sync server and the key route import them from here with the rest.
export {
	DEVICE_COOKIE,
	DEVICE_ID,
	DEVICE_LOST_HEADER,
	lostSignalFor,
	lostUsersOnDevice,
	readDeviceCookie
} from './device-cookie.js';
import type { Done, Refusal, Result } from '../domain/result.js';

/** [DV8] A device was marked lost: the session ids that fetched its key (sockets close 4410). */
const deviceLost = signal<string[]>('device-lost');
export const onDeviceLost = deviceLost.on;

/** Longest device name the user may give. */
export const DEVICE_NAME_MAX = 60;

export interface DeviceInfo {
	name?: string;
	userAgent?: string;
	/** Changes waiting on the device, as it reports them. */
	pending?: number;
}

export type KeyRelease = Result<
	{ key: Uint8Array; created: boolean },
	{ reason: 'lost' | 'bad-device' }
>;

interface Actor {
	id: string;
	role: StaffRole;
}

/**
 * Registers the device (first contact) or records the contact, and releases its escrow key to a
 * live session of `actor`, linked to the device so marking it lost ends that session.
 */
export async function releaseDeviceKey(
	sql: Sql,
	actor: Actor,
	sessionId: string,
	deviceId: string,
	info: DeviceInfo,
	now = Date.now()
): Promise<KeyRelease> {
	if (!DEVICE_ID.test(deviceId)) return { ok: false, reason: 'bad-device' };
	const pending = Math.max(0, Math.min(1_000_000, Math.floor(info.pending ?? 0)));
	const name = (info.name ?? '').slice(0, 100);
	const userAgent = (info.userAgent ?? '').slice(0, 300);
	const result = await sql.tx(async (t): Promise<KeyRelease> => {
		const row = await t.get<{ escrow_key: Buffer; lost_at: number | null }>(
			'SELECT escrow_key, lost_at FROM devices WHERE user_id = ? AND device_id = ?',
			actor.id,
			deviceId
		);
		if (row?.lost_at) {
			await t.run(
				'UPDATE devices SET last_seen_at = ?, pending = ? WHERE user_id = ? AND device_id = ?',
				now,
				pending,
				actor.id,
				deviceId
			);
			return { ok: false, reason: 'lost' };
		}
		let key: Uint8Array;
		let created = false;
		if (row) {
			key = new Uint8Array(row.escrow_key);
			await t.run(
				`UPDATE devices SET last_seen_at = ?, pending = ?, user_agent = ?,
				 name = CASE WHEN CAST(? AS text) = '' THEN name ELSE ? END
				 WHERE user_id = ? AND device_id = ?`,
				now,
				pending,
				userAgent,
				name,
				name,
				actor.id,
				deviceId
			);
		} else {
			key = new Uint8Array(randomBytes(32));
			created = true;
			await t.run(
				`INSERT INTO devices (user_id, device_id, name, user_agent, escrow_key, created_at, last_seen_at, pending)
				 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				actor.id,
				deviceId,
				name,
				userAgent,
				Buffer.from(key),
				now,
				now,
				pending
			);
		}
		await t.run(
			`INSERT INTO device_sessions (session_id, user_id, device_id) VALUES (?, ?, ?)
			 ON CONFLICT (session_id) DO UPDATE SET device_id = excluded.device_id`,
			sessionId,
			actor.id,
			deviceId
		);
		return { ok: true, key, created };
	});
	await appendAudit(sql, {
		actorId: actor.id,
		actorRole: actor.role,
		action: 'device',
		object: `device:${deviceId.slice(0, 12)}`,
		detail: result.ok
			? { change: result.created ? 'registered' : 'key-released', pending }
			: { change: 'key-refused', reason: result.reason },
		at: now
	});
	return result;
}

export interface DeviceRow {
	userId: string;
	userName: string;
	deviceId: string;
	name: string;
	userAgent: string;
	createdAt: number;
	lastSeenAt: number;
	pending: number;
	lostAt: number | null;
}

/** The user's own devices, or (for the head) every device of the organisation. */
export async function listDevices(
	sql: Sql,
	actor: Actor & { orgId: string }
): Promise<DeviceRow[]> {
	const head = actor.role === 'kierownik';
	const rows = await sql.all<{
		user_id: string;
		user_name: string;
		device_id: string;
		name: string;
		user_agent: string;
		created_at: number;
		last_seen_at: number;
		pending: number;
		lost_at: number | null;
	}>(
		`SELECT d.user_id, u.name AS user_name, d.device_id, d.name, d.user_agent, d.created_at,
		        d.last_seen_at, d.pending, d.lost_at
		 FROM devices d JOIN users u ON u.id = d.user_id
		 WHERE ${head ? 'u.org_id = ?' : 'd.user_id = ?'} ORDER BY u.name, d.last_seen_at DESC`,
		head ? actor.orgId : actor.id
	);
	return rows.map((r) => ({
		userId: r.user_id,
		userName: r.user_name,
		deviceId: r.device_id,
		name: r.name,
		userAgent: r.user_agent,
		createdAt: r.created_at,
		lastSeenAt: r.last_seen_at,
		pending: r.pending,
		lostAt: r.lost_at
	}));
}

/**
 * [DV7][DV8] The head marks a device of a staff member of the organisation lost, or a user their
 * own device: its key is no longer released and every session that fetched it ends at once. Its
 * open sockets close first with `deviceLost` (4410), on which the page erases the device's data
 * now; then the sessions end (4401 for any other socket).
 */
export async function markDeviceLost(
	sql: Sql,
	actor: Actor & { orgId: string },
	userId: string,
	deviceId: string,
	now = Date.now()
): Promise<Result<{ sessions: number }, { status: 403 | 404 }>> {
	if (actor.role !== 'kierownik' && userId !== actor.id) return { ok: false, status: 403 };
	const row = await sql.get(
		`SELECT d.device_id FROM devices d JOIN users u ON u.id = d.user_id
		 WHERE d.user_id = ? AND d.device_id = ? AND u.org_id = ?`,
		userId,
		deviceId,
		actor.orgId
	);
	if (!row) return { ok: false, status: 404 };
	const sessions = await sql.all<{ session_id: string }>(
		'SELECT session_id FROM device_sessions WHERE user_id = ? AND device_id = ?',
		userId,
		deviceId
	);
	await sql.run(
		`UPDATE devices SET lost_at = COALESCE(lost_at, ?), lost_by = COALESCE(lost_by, ?)
		 WHERE user_id = ? AND device_id = ?`,
		now,
		actor.id,
		userId,
		deviceId
	);
	deviceLost.emit(sessions.map((s) => s.session_id));
	for (const s of sessions) await invalidateSession(sql, s.session_id);
	await sql.run(
		'DELETE FROM device_sessions WHERE user_id = ? AND device_id = ?',
		userId,
		deviceId
	);
	await appendAudit(sql, {
		actorId: actor.id,
		actorRole: actor.role,
		action: 'device',
		object: `user:${userId}`,
		detail: { change: 'marked-lost', device: deviceId.slice(0, 12), sessions: sessions.length },
		at: now
	});
	return { ok: true, sessions: sessions.length };
}

/**
 * [DV9] The user names one of their own devices (shown in their list and the head's). The name is
 * trimmed; longer than `DEVICE_NAME_MAX` is refused, not cut. Audited.
 */
export async function renameDevice(
	sql: Sql,
	actor: Actor,
	deviceId: string,
	name: string,
	now = Date.now()
): Promise<Done | Refusal<{ status: 400 | 404 }>> {
	const clean = name.trim();
	const control = [...clean].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);
	if (clean.length > DEVICE_NAME_MAX || control) return { ok: false, status: 400 };
	const changed = await sql.run(
		'UPDATE devices SET name = ? WHERE user_id = ? AND device_id = ?',
		clean,
		actor.id,
		deviceId
	);
	if (changed === 0) return { ok: false, status: 404 };
	await appendAudit(sql, {
		actorId: actor.id,
		actorRole: actor.role,
		action: 'device',
		object: `device:${deviceId.slice(0, 12)}`,
		detail: { change: 'renamed' },
		at: now
	});
	return { ok: true };
}
