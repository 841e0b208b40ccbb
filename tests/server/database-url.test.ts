/**
 * [DS12] DATABASE_URL picks the document store at start: the built server (`npm start`) with a
 * malformed value, with an unreachable PostgreSQL, and with a real one, where an edit of a real
 * y-websocket client lands in PostgreSQL. Needs `npm run build`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { DatabaseUrlError, databaseUrlFrom } from '../../server/store/database-url.js';
import { PgDocStore } from '../../server/store/pg.js';
import { pgSuite } from '../contract/pg-cluster.js';
import { startBuiltServer } from './built-server.js';
import { connectClient, covered, sessionCookie, waitFor } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SECRET = 'Tajne-Haslo-42';

/** Runs `npm start`'s entry until it exits; its code and everything it printed. */
async function startFails(env: Record<string, string>): Promise<{ code: number; output: string }> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-dburl-'));
	const child = spawn(process.execPath, [path.join(ROOT, 'build-server/server/main.js')], {
		cwd: ROOT,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr.on('data', (d: Buffer) => (output += d.toString()));
	const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? -1)));
	fs.rmSync(dataDir, { recursive: true, force: true });
	return { code, output };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
	const srv = net.createServer();
	await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
	const { port } = srv.address() as net.AddressInfo;
	await new Promise<void>((r) => srv.close(() => r()));
	return port;
}

const MALFORMED = [
	`mysql://asysta:${SECRET}@db.local/asysta`,
	`asysta:${SECRET}@db.local/asysta`,
	`postgres://asysta:${SECRET}@/asysta`,
	`postgres://asysta:${SECRET}@db.local`,
	`postgres://asysta:${SECRET}@db.local:99999/asysta`,
	`postgres://asysta:${SECRET}%zz@db.local/asysta`,
	`postgres:// asysta:${SECRET} @db.local/asysta`
];

describe('DATABASE_URL', () => {
	it('[DS12] unset or empty keeps SQLite; a PostgreSQL URL is shown without its password', () => {
		expect(databaseUrlFrom({})).toBeNull();
		expect(databaseUrlFrom({ DATABASE_URL: '  ' })).toBeNull();
		const url = `postgresql://asysta:${SECRET}@db.local:5433/asysta?sslmode=require`;
		expect(databaseUrlFrom({ DATABASE_URL: url })).toEqual({
			connectionString: url,
			redacted: 'postgres://asysta:***@db.local:5433/asysta'
		});
	});

	it.each(MALFORMED)('[DS12] a malformed value names the variable, never the password: %s', (v) => {
		let error: unknown;
		try {
			databaseUrlFrom({ DATABASE_URL: v });
		} catch (err) {
			error = err;
		}
		expect(error).toBeInstanceOf(DatabaseUrlError);
		const text = `${String(error)} ${JSON.stringify(error)} ${(error as Error).stack}`;
		expect(text).toContain('DATABASE_URL');
		expect(text).not.toContain(SECRET);
		expect(text).not.toContain('db.local');
	});

	it('[DS12] the built server refuses to start on a malformed value: exit 78, no password', async () => {
		const { code, output } = await startFails({ DATABASE_URL: MALFORMED[0] });
		expect(code).toBe(78);
		expect(output).toContain('DATABASE_URL');
		expect(output).not.toContain(SECRET);
	});

	it('[DS12] the built server stops with exit 69 when PostgreSQL is unreachable, without the password', async () => {
		const port = await closedPort();
		const { code, output } = await startFails({
			DATABASE_URL: `postgres://asysta:${SECRET}@127.0.0.1:${port}/asysta`
		});
		expect(code).toBe(69);
		expect(output).toMatch(/PostgreSQL .*unreachable: .*ECONNREFUSED/);
		expect(output).not.toContain(SECRET);
		expect(output).not.toMatch(/Asysta: http/);
	});
});

await pgSuite('server', (db) => {
	it('[DS12] with DATABASE_URL the built server stores a client’s edits in PostgreSQL, not SQLite', async () => {
		const url = await db.schema();
		const s = await startBuiltServer({ DATABASE_URL: url });
		try {
			expect(s.output()).toContain('documents in PostgreSQL: postgres://');
			const { cookie } = sessionCookie(s.db, s.seed.editor);
			const client = connectClient({
				wsUrl: s.wsUrl,
				docName: s.seed.docName,
				headers: { Cookie: cookie }
			});
			await waitFor(() => client.provider.synced, 10_000, 'sync');
			client.doc.getText('t').insert(0, 'w PostgreSQL');
			const edit = Y.encodeStateAsUpdate(client.doc);
			await waitFor(
				() => client.persisted.some((snap) => covered(snap, edit)),
				10_000,
				'persisted'
			);
			client.destroy();
			const sqliteRows = s.db
				.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_name = ?')
				.get(s.seed.docName) as { n: number } | undefined;
			expect(sqliteRows?.n ?? 0).toBe(0);
		} finally {
			await s.close();
		}
		// After the server drained, the document loads from PostgreSQL alone.
		const store = await PgDocStore.open({ connectionString: url });
		const loaded = await store.load(s.seed.docName);
		await store.close();
		const doc = new Y.Doc();
		Y.transact(doc, () => {
			if (loaded.checkpoint) Y.applyUpdate(doc, loaded.checkpoint.state);
			for (const u of loaded.updates) Y.applyUpdate(doc, u.bytes);
		});
		expect(doc.getText('t').toString()).toBe('w PostgreSQL');
		const c = new pg.Client({ connectionString: url });
		await c.connect();
		const rows = await c.query('SELECT user_id FROM doc_updates WHERE doc_name = $1', [
			s.seed.docName
		]);
		await c.end();
		expect(rows.rows.map((r) => r.user_id)).toContain(s.seed.editor);
	});
});
