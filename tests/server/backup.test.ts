/**
 * [DS13] `admin backup <file>` while a client edits the built server, then a restore into a fresh
 * DATA_DIR: every edit acknowledged as stored before the backup began is there, and the device
 * that holds later edits pushes them to the restored server, where everyone converges (a restored
 * database is an earlier state of the same documents). Needs `npm run build`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { startBuiltServer } from './built-server.js';
import { connectClient, covered, sessionCookie, waitFor } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FAST_ACKS = { PERSISTED_ACK_MS: '0', PERSIST_INTERVAL_MS: '20' };

/** Runs a built entry (`admin.js …`) to its end. */
function runBuilt(script: string, args: string[], env: Record<string, string>) {
	return new Promise<{ code: number; out: string }>((resolve) => {
		const child = spawn(
			process.execPath,
			[path.join(ROOT, 'build-server/server', script), ...args],
			{
				cwd: ROOT,
				env: { ...process.env, ...env },
				stdio: ['ignore', 'pipe', 'pipe']
			}
		);
		let out = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		child.stderr.on('data', (d: Buffer) => (out += d.toString()));
		child.once('exit', (code) => resolve({ code: code ?? -1, out }));
	});
}

/** `npm start` on an existing data directory (the restored one). */
async function startOn(dataDir: string) {
	const child: ChildProcess = spawn(
		process.execPath,
		[path.join(ROOT, 'build-server/server/main.js')],
		{
			cwd: ROOT,
			env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...FAST_ACKS },
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		child.stdout?.on('data', (d: Buffer) => {
			output += d.toString();
			const found = /Asysta: (http:\/\/\S+)/.exec(output);
			if (found) resolve(found[1]);
		});
		child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
		child.once('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	return {
		wsUrl: url.replace('http://', 'ws://') + '/sync',
		close: async () => (child.kill('SIGTERM'), await exited)
	};
}

/** Whether `doc` holds everything the snapshot `ack` says was stored. */
function holds(doc: Y.Doc, ack: Y.Snapshot): boolean {
	const sv = Y.decodeStateVector(Y.encodeStateVector(doc));
	return [...ack.sv].every(([client, clock]) => (sv.get(client) ?? 0) >= clock);
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
	for (const c of cleanups.splice(0).reverse()) await c();
});

describe('admin backup', () => {
	it('[DS13] a backup taken during live edits restores into a fresh DATA_DIR with every acknowledged edit; the device pushes the rest', async () => {
		const s = await startBuiltServer(FAST_ACKS);
		cleanups.push(() => s.close());
		const work = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-backup-'));
		cleanups.push(() => fs.rmSync(work, { recursive: true, force: true }));
		const { cookie } = sessionCookie(s.db, s.seed.editor);
		const headers = { Cookie: cookie };
		const a = connectClient({ wsUrl: s.wsUrl, docName: s.seed.docName, headers });
		await waitFor(() => a.provider.synced, 10_000, 'sync');
		const text = a.doc.getText('t');
		let n = 0;
		const typing = setInterval(() => text.insert(text.length, `${n++},`), 2);
		cleanups.push(() => clearInterval(typing));
		await waitFor(() => a.persisted.length >= 3, 10_000, 'first acknowledgements');

		// The last acknowledgement before the backup starts: all of it must be in the copy.
		const ack = a.persisted.at(-1) as Y.Snapshot;
		const file = path.join(work, 'kopia.sqlite');
		const backup = await runBuilt('admin.js', ['backup', file], { DATA_DIR: s.dataDir });
		expect(backup.code, backup.out).toBe(0);
		// Acknowledgements from here on are of commits after the copy was taken.
		const acksAfter = a.persisted.length;
		expect(JSON.parse(backup.out).file).toBe(file);
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
		expect(fs.readdirSync(work)).toEqual(['kopia.sqlite']);
		// The same file again is refused, not overwritten.
		const again = await runBuilt('admin.js', ['backup', file], { DATA_DIR: s.dataDir });
		expect(again.code).toBe(1);
		expect(again.out).toContain('not overwritten');

		// More edits after the backup, all stored on the old server; then it goes away.
		await waitFor(() => a.persisted.length >= acksAfter + 2, 10_000, 'later acknowledgements');
		clearInterval(typing);
		const all = Y.encodeStateAsUpdate(a.doc);
		await waitFor(() => covered(a.persisted.at(-1) as Y.Snapshot, all), 10_000, 'all stored');
		a.provider.destroy();
		const typed = text.toString();

		// Restore: the copy becomes the database of a fresh data directory.
		const restoredDir = path.join(work, 'restored');
		fs.mkdirSync(restoredDir, { mode: 0o700 });
		fs.copyFileSync(file, path.join(restoredDir, 'asysta.sqlite'));
		const restored = await startOn(restoredDir);
		cleanups.push(() => restored.close());

		const b = connectClient({ wsUrl: restored.wsUrl, docName: s.seed.docName, headers });
		cleanups.push(() => b.destroy());
		await waitFor(() => b.provider.synced, 10_000, 'restored sync');
		expect(holds(b.doc, ack)).toBe(true);
		const early = b.doc.getText('t').toString();
		expect(typed.startsWith(early)).toBe(true);
		expect(early.length).toBeLessThan(typed.length);

		// The device with the later edits reconnects: same epoch, it pushes, both converge.
		const back = connectClient({
			wsUrl: restored.wsUrl,
			docName: s.seed.docName,
			headers,
			doc: a.doc
		});
		cleanups.push(() => back.destroy());
		await waitFor(() => b.doc.getText('t').toString() === typed, 10_000, 'convergence');
		await waitFor(
			() => back.persisted.some((snap) => covered(snap, all)),
			10_000,
			'restored server stored the pushed edits'
		);
		expect([...a.closes, ...back.closes, ...b.closes].map((c) => c.code)).toEqual([]);
	});

	it('[DS13] backup refuses a data directory without a database and a missing target folder', async () => {
		const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-nodb-'));
		cleanups.push(() => fs.rmSync(empty, { recursive: true, force: true }));
		const none = await runBuilt('admin.js', ['backup', path.join(empty, 'x.sqlite')], {
			DATA_DIR: path.join(empty, 'data')
		});
		expect(none.code).toBe(1);
		expect(none.out).toContain('no database');
		expect(fs.existsSync(path.join(empty, 'data', 'asysta.sqlite'))).toBe(false);
		const s = await startBuiltServer();
		cleanups.push(() => s.close());
		const nowhere = await runBuilt('admin.js', ['backup', path.join(empty, 'no', 'x.sqlite')], {
			DATA_DIR: s.dataDir
		});
		expect(nowhere.code).toBe(1);
		expect(nowhere.out).toContain('no such directory');
		const usage = await runBuilt('admin.js', ['backup'], { DATA_DIR: empty });
		expect(usage.code).toBe(64);
	});
});
