/**
 * Grants of the PostgreSQL account store (pg-accounts.ts): giving and revoking one writes its
 * audit row in the same transaction; the grants list and the live grants that decide access.
 */
import type pg from 'pg';
import type { LiveGrant } from '../../src/lib/server/account-store.js';
import type { NewGrant } from '../../src/lib/server/families.js';
import type { GrantRow } from '../../src/lib/server/grants.js';
import { Compartment } from '../../src/lib/domain/compartments.js';
import { DocRole } from '../../src/lib/sync/protocol.js';
import {
	institutionText,
	isExternal,
	readParticipant,
	type Participant
} from '../../src/lib/domain/institution.js';
import { inTransaction } from './pg-pool.js';
import { recordAudit } from './pg-audit.js';

/** How the grants list names a grantee from another institution (ST2). */
const externalOf = (p: Participant): string | null => (isExternal(p) ? institutionText(p) : null);

/** AccountStore.grantAccess (account-store.ts) on PostgreSQL. */
export async function grantAccess(pool: pg.Pool, g: NewGrant): Promise<string> {
	const id = crypto.randomUUID();
	const now = Date.now();
	const role = DocRole.parse(g.role);
	const compartments = g.compartments.map((c) => Compartment.parse(c));
	await inTransaction(pool, async (c) => {
		await c.query(
			`INSERT INTO grants (id, family_id, user_id, role, compartments, valid_from, valid_to,
			   granted_by, reason, created_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			[
				id,
				g.familyId,
				g.userId,
				role,
				JSON.stringify(compartments),
				g.validFrom ?? now,
				g.validTo ?? null,
				g.grantedBy,
				g.reason,
				now
			]
		);
		await recordAudit(c, {
			actorId: g.grantedBy,
			action: 'grant',
			object: g.userId,
			familyId: g.familyId,
			detail: { grantId: id, role: g.role, compartments: g.compartments },
			at: now
		});
	});
	return id;
}

/** AccountStore.revokeGrant (account-store.ts) on PostgreSQL. */
export async function revokeGrant(
	pool: pg.Pool,
	grantId: string,
	revokedBy: string,
	now = Date.now()
): Promise<{ userId: string; familyId: string } | null> {
	return inTransaction(pool, async (c) => {
		// One statement decides: of two nodes revoking at once, one gets the row.
		const { rows } = await c.query<{ user_id: string; family_id: string }>(
			`UPDATE grants SET revoked_at = $1, revoked_by = $2 WHERE id = $3 AND revoked_at IS NULL
			 RETURNING user_id, family_id`,
			[now, revokedBy, grantId]
		);
		const row = rows[0];
		if (!row) return null;
		await recordAudit(c, {
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

/** AccountStore.listGrants (account-store.ts) on PostgreSQL. */
export async function listGrants(pool: pg.Pool, familyId: string): Promise<GrantRow[]> {
	const { rows } = await pool.query<{
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
	}>(
		`SELECT g.id, g.user_id, u.name, u.role AS user_role, g.role, g.compartments, g.valid_from,
		        g.valid_to, g.granted_by, g.reason, g.revoked_at
		 FROM grants g JOIN users u ON u.id = g.user_id WHERE g.family_id = $1
		 ORDER BY g.created_at`,
		[familyId]
	);
	return rows.map((r) => ({
		id: r.id,
		userId: r.user_id,
		userName: r.name,
		userRole: r.user_role,
		// Staff records (ST2) are still kept in SQLite only: on PostgreSQL a grantee's
		// institution is what the role implies (a kurator: the court).
		external: externalOf(readParticipant(null, r.user_role)),
		role: r.role,
		compartments: JSON.parse(r.compartments) as string[],
		validFrom: r.valid_from,
		validTo: r.valid_to,
		grantedBy: r.granted_by,
		reason: r.reason,
		revokedAt: r.revoked_at
	}));
}

/** AccountStore.liveGrants (account-store.ts) on PostgreSQL. */
export async function liveGrants(
	pool: pg.Pool,
	userId: string,
	familyId: string,
	now = Date.now()
): Promise<LiveGrant[]> {
	const { rows } = await pool.query<{ role: DocRole; compartments: string }>(
		`SELECT role, compartments FROM grants
		 WHERE user_id = $1 AND family_id = $2 AND revoked_at IS NULL
		   AND valid_from <= $3 AND (valid_to IS NULL OR valid_to > $3)`,
		[userId, familyId, now]
	);
	return rows.map((r) => ({
		role: r.role,
		compartments: JSON.parse(r.compartments) as Compartment[]
	}));
}
