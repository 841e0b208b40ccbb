/**
 * Grant administration: listing and revoking. Revocation is recorded here; closing the
 * revoked user's open sockets is the sync server's part (see `onAccessChanged`).
 */
import type { Sql } from './sql.js';
import { appendAudit } from './audit.js';
import { signal } from './signal.js';
import { institutionText, isExternal, readParticipant } from '../domain/institution.js';

export interface GrantRow {
	id: string;
	userId: string;
	userName: string;
	userRole: string;
	/** [ST2] The grantee's institution when not the OPS ("Policja — KPP …"), else null. */
	external: string | null;
	role: string;
	compartments: string[];
	validFrom: number;
	validTo: number | null;
	grantedBy: string | null;
	reason: string;
	revokedAt: number | null;
}

/** Every grant of a family, revoked ones included (they are history). */
export async function listGrants(sql: Sql, familyId: string): Promise<GrantRow[]> {
	const rows = await sql.all<{
		id: string;
		user_id: string;
		name: string;
		user_role: string;
		role: string;
		compartments: string;
		valid_from: number;
		valid_to: number | null;
		granted_by: string | null;
		reason: string;
		revoked_at: number | null;
		institution: string | null;
	}>(
		`SELECT g.id, g.user_id, u.name, u.role AS user_role, g.role, g.compartments, g.valid_from, g.valid_to,
			        g.granted_by, g.reason, g.revoked_at, s.institution
			 FROM grants g JOIN users u ON u.id = g.user_id LEFT JOIN staff_law s ON s.user_id = u.id
			 WHERE g.family_id = ? ORDER BY g.created_at`,
		familyId
	);
	return rows.map((r) => {
		const participant = readParticipant(r.institution, r.user_role);
		return {
			id: r.id,
			userId: r.user_id,
			userName: r.name,
			userRole: r.user_role,
			external: isExternal(participant) ? institutionText(participant) : null,
			role: r.role,
			compartments: JSON.parse(r.compartments) as string[],
			validFrom: r.valid_from,
			validTo: r.valid_to,
			grantedBy: r.granted_by,
			reason: r.reason,
			revokedAt: r.revoked_at
		};
	});
}

/** Revokes a live grant; returns whose access changed, or null if it was not live. */
export async function revokeGrant(
	sql: Sql,
	grantId: string,
	revokedBy: string,
	now = Date.now()
): Promise<{ userId: string; familyId: string } | null> {
	return sql.tx(async (t) => {
		const row = await t.get<{ user_id: string; family_id: string }>(
			'SELECT user_id, family_id FROM grants WHERE id = ? AND revoked_at IS NULL',
			grantId
		);
		if (!row) return null;
		await t.run(
			'UPDATE grants SET revoked_at = ?, revoked_by = ? WHERE id = ?',
			now,
			revokedBy,
			grantId
		);
		await appendAudit(t, {
			actorId: revokedBy,
			action: 'revoke',
			object: row.user_id,
			familyId: row.family_id,
			detail: { grantId },
			at: now
		});
		return { userId: row.user_id, familyId: row.family_id };
	});
}

const accessChanged = signal<{ userId: string; familyId: string }>('access-changed');

/**
 * Subscribes to access changes (revocations). The sync server listens and re-checks the
 * user's open sockets for the family.
 */
export const onAccessChanged = accessChanged.on;

/** Tells listeners that a user's access to a family changed. */
export const notifyAccessChanged = accessChanged.emit;
