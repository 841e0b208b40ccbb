/**
 * The account store contract on PostgreSQL, and what only a shared database has: two nodes (stores
 * with their own pools) see each other's sessions and users at once, and migrate once.
 */
import pg from 'pg';
import { expect, it } from 'vitest';
import { generateSessionToken } from '../../src/lib/server/session.js';
import { PgAccountStore } from '../../server/store/pg-accounts.js';
import { PG_MIGRATIONS } from '../../server/store/migrations.js';
import { PgDocStore } from '../../server/store/pg.js';
import { runAccountStoreContract } from './account-store.contract.js';
import { pgSuite } from './pg-cluster.js';

// Each test gets a fresh schema in this file's own database (pg-cluster.ts).
await pgSuite('accounts', (db) => {
	runAccountStoreContract('postgres', async () => {
		const url = await db.schema();
		const store = await PgAccountStore.open({ connectionString: url });
		const sql = new pg.Client({ connectionString: url });
		await sql.connect();
		return {
			store,
			setOrgSettings: async (orgId, settings) =>
				void (await sql.query('UPDATE organisations SET settings = $1 WHERE id = $2', [
					JSON.stringify(settings),
					orgId
				])),
			tamperAudit: () => ({
				update: () => sql.query("UPDATE audit_log SET action = 'login'"),
				remove: () => sql.query('DELETE FROM audit_log')
			}),
			// A grant names a family of the same database (DA13).
			family: async (orgId) => {
				const id = crypto.randomUUID();
				await sql.query(
					'INSERT INTO families (id, org_id, name, created_at) VALUES ($1, $2, $3, $4)',
					[id, orgId, `Rodzina ${id}`, Date.now()]
				);
				return id;
			},
			teardown: async () => {
				await sql.end();
				await store.close();
			}
		};
	});

	it('[DA5][DA7] two nodes on one database: a session made on one validates on the other, and ends on both', async () => {
		const url = await db.schema();
		// Opened together, as two nodes starting at once: the migrations run once (DS12).
		const [a, b, docs] = await Promise.all([
			PgAccountStore.open({ connectionString: url }),
			PgAccountStore.open({ connectionString: url }),
			PgDocStore.open({ connectionString: url })
		]);
		try {
			const org = await a.ensureOrganisation('OPS Dwa Węzły');
			expect(await b.ensureOrganisation('OPS Dwa Węzły')).toBe(org);
			const anna = await a.createUser({
				orgId: org,
				email: 'anna@x.pl',
				name: 'Anna',
				role: 'asystent',
				password: 'haslo-123'
			});
			const token = generateSessionToken();
			const session = await a.createSession(token, anna);
			expect((await b.validateSessionToken(token))?.user.id).toBe(anna);
			expect(await b.endUserSessions(anna)).toBe(1);
			expect(await a.isSessionLive(session.id)).toBe(false);
			const c = new pg.Client({ connectionString: url });
			await c.connect();
			const { rows } = await c.query('SELECT version FROM doc_store_migrations ORDER BY version');
			await c.end();
			expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
		} finally {
			await Promise.all([a.close(), b.close(), docs.close()]);
		}
	});
});
