/**
 * [RM12] An edit acknowledged as persisted survives `kill -9` of the server process: the real
 * compiled entry (build-server/server/main.js) in a child process, a real y-websocket client
 * streaming edits, SIGKILL mid-stream, restart on the same DATA_DIR, count what is missing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import * as Y from 'yjs';
import { databaseFile, openDatabase } from '../../src/lib/server/db.js';
import { connectClient, seedFamily, sessionCookie, waitFor } from './helpers.js';

const root = path.resolve(import.meta.dirname, '../..');
let dataDir: string;
let child: ChildProcess | null = null;

beforeAll(() => {
	// Compile the server so the test runs the code as production does (a few seconds).
	execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', 'server'], {
		cwd: root,
		stdio: 'inherit'
	});
	dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-crash-'));
}, 120_000);
afterAll(() => {
	child?.kill('SIGKILL');
	fs.rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
	const srv = net.createServer();
	await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
	const port = (srv.address() as net.AddressInfo).port;
	await new Promise((r) => srv.close(r));
	return port;
}

async function startChild(port: number): Promise<ChildProcess> {
	const proc = spawn(process.execPath, ['build-server/server/main.js'], {
		cwd: root,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
	proc.stderr?.on('data', (d: Buffer) => (out += d.toString()));
	await waitFor(
		() => out.includes('Asysta: http') || proc.exitCode !== null,
		15_000,
		'server start'
	);
	if (proc.exitCode !== null) throw new Error(`server exited: ${out}`);
	return proc;
}

it('[RM12] no acknowledged edit is lost to kill -9 (stream of 1500 edits)', async () => {
	const db = openDatabase(databaseFile(dataDir));
	const seed = await seedFamily(db);
	const { cookie } = sessionCookie(db, seed.editor);
	db.close();
	const port = await freePort();
	const wsUrl = `ws://127.0.0.1:${port}/sync`;
	const headers = { Cookie: cookie, Origin: `http://127.0.0.1:${port}` };

	child = await startChild(port);
	const writer = connectClient({ wsUrl, docName: seed.docName, headers });
	await waitFor(() => writer.provider.synced, 10_000, 'writer sync');
	const me = writer.doc.clientID;
	let ackedClock = 0;
	writer.onPersisted = (snap) => (ackedClock = Math.max(ackedClock, snap.sv.get(me) ?? 0));
	const clockAfter: number[] = [];
	const total = 1500;
	const killAt = 1100;
	let acked: number[] = [];
	for (let i = 0; i < total; i++) {
		writer.doc.getArray<number>('edits').push([i]);
		clockAfter.push(Y.getState(writer.doc.store, me));
		if (i === killAt) {
			child.kill('SIGKILL');
			// Freeze what counts as acknowledged at the moment of the crash.
			acked = clockAfter.flatMap((c, k) => (c <= ackedClock ? [k] : []));
			writer.destroy();
			break;
		}
		if (i % 5 === 4) await new Promise((r) => setTimeout(r, 8));
	}
	await new Promise<void>((r) => (child?.exitCode !== null ? r() : child.once('exit', () => r())));

	child = await startChild(port);
	const reader = connectClient({ wsUrl, docName: seed.docName, headers });
	await waitFor(() => reader.provider.synced, 10_000, 'reader sync');
	const restored = new Set(reader.doc.getArray<number>('edits').toArray());
	const missing = acked.filter((i) => !restored.has(i));
	console.log(
		`[RM12] sent ${killAt + 1}, acknowledged ${acked.length}, restored ${restored.size}, acknowledged but missing ${missing.length}`
	);
	expect(acked.length).toBeGreaterThan(100);
	expect(missing).toEqual([]);
	reader.destroy();
	child.kill('SIGTERM');
}, 90_000);
