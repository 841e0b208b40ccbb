/**
 * [CL8] PostgreSQL goes away while a node serves (issue 16, "bad input"): a TCP proxy between the
 * node and PostgreSQL is cut — every connection dropped, new ones refused, as when the database
 * host or the network to it fails — and later restored. Edits stay on the devices and nothing is
 * acknowledged as stored that was not stored; a document not yet loaded is refused with the
 * named "reconnect later" code; once the database is back the node stores what waited and serves
 * again by itself, with no restart. Waits are for events (a log line, a snapshot, a close code),
 * never for a time.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createAsystaServer } from '../../server/app.js';
import { PgClusterLink } from '../../server/cluster/pg-link.js';
import { PgDocStore } from '../../server/store/pg.js';
import { ensureSqliteDocSchema } from '../../server/store/sqlite.js';
import { registerDocument } from '../../src/lib/server/families.js';
import { CloseCode } from '../../src/lib/sync/protocol.js';
import { pgSuite } from '../contract/pg-cluster.js';
import { connectClient, covered, seedFamily, sessionCookie, settled, waitFor } from './helpers.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
	for (const c of cleanups.splice(0).reverse()) await c();
});

/** A TCP proxy to PostgreSQL that can be cut (connections dropped, new ones refused) and restored. */
async function startProxy(host: string, port: number) {
	let down = false;
	const open = new Set<net.Socket>();
	const server = net.createServer((inbound) => {
		if (down) return inbound.destroy();
		const outbound = net.connect(port, host);
		open.add(inbound).add(outbound);
		const drop = () => {
			inbound.destroy();
			outbound.destroy();
			open.delete(inbound);
			open.delete(outbound);
		};
		for (const s of [inbound, outbound]) s.on('error', drop).on('close', drop);
		inbound.pipe(outbound).pipe(inbound);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		port: (server.address() as net.AddressInfo).port,
		cut() {
			down = true;
			for (const s of open) s.destroy();
			open.clear();
		},
		restore() {
			down = false;
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const s of open) s.destroy();
				server.close(() => resolve());
			})
	};
}

await pgSuite('outage', (pgdb) => {
	it('[CL8] PostgreSQL cut off while serving: nothing acknowledged that was not stored, a new open is refused 4503, and the node recovers by itself', async () => {
		const direct = new URL(await pgdb.schema());
		const proxy = await startProxy(direct.hostname, Number(direct.port));
		cleanups.push(() => proxy.close());
		const viaProxy = new URL(direct);
		viaProxy.port = String(proxy.port);
		const connectionString = viaProxy.toString();

		const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-pgout-'));
		cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
		const cluster = await PgClusterLink.open({ connectionString, nodeId: 'a' });
		const logs: string[] = [];
		const app = await createAsystaServer({
			dataDir,
			port: 0,
			host: '127.0.0.1',
			sync: { unloadGraceMs: 100, persistIntervalMs: 20, persistedAckMs: 0 },
			log: (m) => logs.push(m),
			openStore: (db) => {
				ensureSqliteDocSchema(db);
				return PgDocStore.open({
					connectionString,
					cluster: { nodeId: cluster.nodeId, channel: cluster.channel }
				});
			},
			cluster
		});
		cleanups.push(() => app.close());
		const seed = await seedFamily(app.db);
		const second = `rodzina-${seed.familyId}-plan-second`;
		await registerDocument(sqliteSqlOf(app.db), second, seed.familyId, 'plan', 'scratch');
		const wsUrl = app.url.replace('localhost', '127.0.0.1').replace('http', 'ws') + '/sync';
		const client = (docName: string) => {
			const c = connectClient({
				wsUrl,
				docName,
				headers: { Cookie: sessionCookie(app.db, seed.editor).cookie }
			});
			cleanups.push(() => c.destroy());
			return c;
		};
		const lastUpdate = (doc: Y.Doc, edit: () => void) => {
			let update: Uint8Array | null = null;
			const keep = (u: Uint8Array) => (update = u);
			doc.on('update', keep);
			edit();
			doc.off('update', keep);
			if (!update) throw new Error('the edit made no update');
			return update as Uint8Array;
		};
		const stored = (c: ReturnType<typeof client>, u: Uint8Array) =>
			c.persisted.some((s) => covered(s, u));

		// Online: an edit is stored and acknowledged.
		const c = client(seed.docName);
		// Any close, terminal or not (`closes` holds only the terminal ones y-websocket reports).
		const cCodes: number[] = [];
		c.provider.on('connection-close', (e) => cCodes.push(e?.code ?? 0));
		await waitFor(() => c.provider.synced, 10_000, 'sync');
		const m = c.doc.getMap<number>('m');
		const first = lastUpdate(c.doc, () => m.set('x', 1));
		await waitFor(() => stored(c, first), 10_000, 'first edit acknowledged');

		// The database goes away. An edit made now reaches the node, whose commit fails.
		proxy.cut();
		const during = lastUpdate(c.doc, () => m.set('x', 2));
		await waitFor(
			() => logs.some((l) => /commit .* failed, retrying/.test(l)),
			20_000,
			'a failed commit'
		);
		await settled(c);
		expect(stored(c, during)).toBe(false);
		expect(cCodes).toEqual([]); // the open document keeps serving from memory

		// A document the node has not loaded cannot be read: refused with "reconnect later".
		const late = client(second);
		// 4503 is not terminal: y-websocket reports it as a connection close and reconnects.
		const lateCodes: number[] = [];
		late.provider.on('connection-close', (e) => lateCodes.push(e?.code ?? 0));
		await waitFor(
			() => lateCodes.includes(CloseCode.draining),
			20_000,
			'4503 for a document that cannot be loaded'
		);
		expect(late.provider.synced).toBe(false);
		expect(stored(c, during)).toBe(false);

		// The database returns: what waited is stored and acknowledged, the refused open syncs,
		// without a restart of the node.
		proxy.restore();
		await waitFor(() => stored(c, during), 30_000, 'the edit made during the outage acknowledged');
		await waitFor(() => late.provider.synced, 30_000, 'the refused document opens');
		// The log said it once each way, not once per attempt.
		await waitFor(() => logs.some((l) => /commits resumed/.test(l)), 10_000, 'resumed line');
		expect(logs.filter((l) => /commit .* failed, retrying/.test(l))).toHaveLength(1);
		// [CL5] The cluster link listens again (its LISTEN connection is back in PostgreSQL).
		const sql = new pg.Client({ connectionString: direct.toString() });
		await sql.connect();
		cleanups.push(() => sql.end());
		const listening = async () =>
			Number(
				(
					await sql.query<{ n: string }>(
						'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query = $1',
						[`LISTEN ${cluster.channel}`]
					)
				).rows[0].n
			);
		for (let i = 0; i < 600 && (await listening()) === 0; i++)
			await new Promise((r) => setTimeout(r, 50));
		expect(await listening()).toBe(1);

		const reader = await PgDocStore.open({ connectionString: direct.toString() });
		cleanups.push(() => reader.close());
		const loaded = await reader.load(seed.docName);
		const fromDb = new Y.Doc();
		if (loaded.checkpoint) Y.applyUpdate(fromDb, loaded.checkpoint.state);
		for (const u of loaded.updates) Y.applyUpdate(fromDb, u.bytes);
		expect(fromDb.getMap('m').get('x')).toBe(2);
	});
});
