/**
 * [DA12] The sync server with its account store on PostgreSQL (`createAsystaServer({ openAccounts
 * })`): the upgrade validates the session there, the `open` audit row lands there, and a session
 * ended or a user disabled by another node — another process writing the same database, so no
 * in-process signal — closes the socket 4401 at the next session sweep.
 *
 * Families, documents and grants still live in SQLite and refer to its users, so the test copies
 * the seeded organisation and users into PostgreSQL with the same ids (main.ts does not select
 * this engine yet; see account-store.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { createAsystaServer } from '../../server/app.js';
import { PgAccountStore } from '../../server/store/pg-accounts.js';
import type { Db } from '../../src/lib/server/db.js';
import {
	generateSessionToken,
	SESSION_COOKIE,
	sessionIdFromToken
} from '../../src/lib/server/session.js';
import { CloseCode } from '../../src/lib/sync/protocol.js';
import { pgSuite } from '../contract/pg-cluster.js';
import { connectClient, seedFamily, waitFor } from './helpers.js';

/** Copies organisations and users (same ids, same hashes) from SQLite into PostgreSQL. */
async function copyAccounts(db: Db, sql: pg.Client): Promise<void> {
	for (const o of db.prepare('SELECT id, name, created_at FROM organisations').all() as {
		id: string;
		name: string;
		created_at: number;
	}[]) {
		await sql.query('INSERT INTO organisations (id, name, created_at) VALUES ($1, $2, $3)', [
			o.id,
			o.name,
			o.created_at
		]);
	}
	const users = db
		.prepare('SELECT id, org_id, email, name, role, color, password_hash, created_at FROM users')
		.all() as Record<string, string | number>[];
	for (const u of users) {
		await sql.query(
			`INSERT INTO users (id, org_id, email, name, role, color, password_hash, created_at)
			 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			[u.id, u.org_id, u.email, u.name, u.role, u.color, u.password_hash, u.created_at]
		);
	}
}

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
	for (const c of cleanups.splice(0).reverse()) await c();
});

await pgSuite('server_accounts', (pgdb) => {
	async function setup() {
		const url = await pgdb.schema();
		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-pgacc-'));
		cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
		const app = await createAsystaServer({
			dataDir,
			port: 0,
			host: '127.0.0.1',
			sync: { unloadGraceMs: 100, persistIntervalMs: 20, persistedAckMs: 0, sessionSweepMs: 50 },
			log: () => {},
			openAccounts: () => PgAccountStore.open({ connectionString: url })
		});
		cleanups.push(() => app.close());
		const seed = await seedFamily(app.db);
		// "Another node": its own connection to the same database, outside this process's signals.
		const other = new pg.Client({ connectionString: url });
		await other.connect();
		cleanups.push(() => other.end());
		await copyAccounts(app.db, other);
		const wsUrl = app.url.replace('localhost', '127.0.0.1').replace('http', 'ws') + '/sync';
		return { app, seed, other, wsUrl };
	}

	it('[DA12] the upgrade validates a PostgreSQL session and audits the open there; SQLite holds neither', async () => {
		const { app, seed, other, wsUrl } = await setup();
		const token = generateSessionToken();
		await app.accounts.createSession(token, seed.editor);
		const c = connectClient({
			wsUrl,
			docName: seed.docName,
			headers: { Cookie: `${SESSION_COOKIE}=${token}` }
		});
		cleanups.push(() => c.destroy());
		await waitFor(() => c.provider.synced, 10_000, 'sync');
		const opened = async () =>
			(
				await other.query("SELECT object FROM audit_log WHERE action = 'open' AND actor_id = $1", [
					seed.editor
				])
			).rows.map((r) => r.object as string);
		// The audit write is not awaited by the upgrade: wait for the row, not for a time.
		for (let i = 0; i < 2000 && (await opened()).length === 0; i++) {
			await new Promise((r) => setTimeout(r, 5));
		}
		expect(await opened()).toEqual([seed.docName]);
		const sqlite = (table: string) =>
			(app.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
		expect(sqlite('sessions')).toBe(0);
		expect(
			(
				app.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'open'").get() as {
					n: number;
				}
			).n
		).toBe(0);
		// A token PostgreSQL does not know is refused, whatever SQLite holds.
		const stranger = connectClient({
			wsUrl,
			docName: seed.docName,
			headers: { Cookie: `${SESSION_COOKIE}=${generateSessionToken()}` }
		});
		cleanups.push(() => stranger.destroy());
		await waitFor(() => stranger.closes.length > 0, 10_000, 'refusal');
		expect(stranger.closes[0].code).toBe(CloseCode.unauthorized);
		expect(c.closes).toEqual([]);
	});

	it('[DA12] a session another node deletes, and a user another node disables, close 4401 at the sweep', async () => {
		const { app, seed, other, wsUrl } = await setup();
		const open = async (userId: string, docName: string) => {
			const token = generateSessionToken();
			await app.accounts.createSession(token, userId);
			const c = connectClient({
				wsUrl,
				docName,
				headers: { Cookie: `${SESSION_COOKIE}=${token}` }
			});
			cleanups.push(() => c.destroy());
			await waitFor(() => c.provider.synced, 10_000, 'sync');
			return { c, id: sessionIdFromToken(token) };
		};
		const editor = await open(seed.editor, seed.docName);
		const reader = await open(seed.reader, seed.docName);
		await other.query('DELETE FROM sessions WHERE id = $1', [editor.id]);
		await waitFor(() => editor.c.closes.length > 0, 10_000, 'editor closed');
		expect(editor.c.closes[0].code).toBe(CloseCode.unauthorized);
		expect(reader.c.closes).toEqual([]);
		await other.query('UPDATE users SET disabled_at = $1 WHERE id = $2', [Date.now(), seed.reader]);
		await waitFor(() => reader.c.closes.length > 0, 10_000, 'reader closed');
		expect(reader.c.closes[0].code).toBe(CloseCode.unauthorized);
	});
});
