/**
 * [AC12] Families a user pinned: beyond their own caseload, a head or a kurator may read many
 * families; only the pinned ones are kept whole on their devices (SY12). Stored per user on the
 * server so every device of the user keeps the same families. A pin needs a live grant: without
 * one the family is not listed and the pin does nothing.
 */
import type { Sql } from './sql.js';
import { listFamiliesForUser } from './families.js';
import type { Done, Refusal } from '../domain/result.js';

/** Families one user may pin at once: each is every document of a family on the device. */
export const MAX_PINS = 30;

/** Ids of the families `userId` pinned. */
export async function pinnedFamilies(sql: Sql, userId: string): Promise<Set<string>> {
	const rows = await sql.all<{ family_id: string }>(
		'SELECT family_id FROM family_pins WHERE user_id = ?',
		userId
	);
	return new Set(rows.map((r) => r.family_id));
}

/** Pins or unpins a family the user may open; refuses a family without a live grant. */
export async function setPinned(
	sql: Sql,
	input: { userId: string; familyId: string; pinned: boolean; now?: number }
): Promise<Done | Refusal<{ code: 'no-such-family' | 'too-many' }>> {
	const now = input.now ?? Date.now();
	const listed = await listFamiliesForUser(sql, input.userId, now);
	if (!listed.some((f) => f.id === input.familyId)) return { ok: false, code: 'no-such-family' };
	if (!input.pinned) {
		await sql.run(
			'DELETE FROM family_pins WHERE user_id = ? AND family_id = ?',
			input.userId,
			input.familyId
		);
		return { ok: true };
	}
	const live = new Set(listed.map((f) => f.id));
	const pinned = [...(await pinnedFamilies(sql, input.userId))].filter((id) => live.has(id));
	if (!pinned.includes(input.familyId) && pinned.length >= MAX_PINS)
		return { ok: false, code: 'too-many' };
	await sql.run(
		'INSERT INTO family_pins (user_id, family_id, pinned_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
		input.userId,
		input.familyId,
		now
	);
	return { ok: true };
}
