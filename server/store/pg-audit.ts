/**
 * The audit log of the PostgreSQL account store (pg-accounts.ts): one row per entry, written on
 * the pool or inside the caller's transaction, and read with the filter SQLite's reads use.
 */
import type pg from 'pg';
import { auditRowOf, auditWhere, type AuditFilter } from '../../src/lib/server/account-store.js';
import type { AuditEntry } from '../../src/lib/server/audit.js';
import { inTransaction } from './pg-pool.js';

/** One audit row, on the pool or on the connection of the caller's transaction. */
export async function recordAudit(on: pg.Pool | pg.PoolClient, e: AuditEntry): Promise<void> {
	await on.query(
		`INSERT INTO audit_log (at, actor_id, actor_role, action, object, family_id, detail)
		 VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		[
			e.at ?? Date.now(),
			e.actorId,
			e.actorRole ?? null,
			e.action,
			e.object ?? null,
			e.familyId ?? null,
			JSON.stringify(e.detail ?? {})
		]
	);
}

/** AccountStore.recordAudits (account-store.ts) on PostgreSQL. */
export async function recordAudits(pool: pg.Pool, entries: readonly AuditEntry[]): Promise<void> {
	await inTransaction(pool, async (c) => {
		for (const e of entries) await recordAudit(c, e);
	});
}

/** AccountStore.auditRows (account-store.ts) on PostgreSQL. */
export async function auditRows(pool: pg.Pool, filter: AuditFilter = {}) {
	const { sql, params, limit } = auditWhere(filter, (n) => `$${n}`);
	const { rows } = await pool.query(
		`SELECT * FROM audit_log ${sql} ORDER BY seq LIMIT ${limit}`,
		params
	);
	return rows.map(auditRowOf);
}
