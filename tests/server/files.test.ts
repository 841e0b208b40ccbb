/**
 * [SH3] The data directory and the database files are private to the server's user, whatever
 * the umask it was started with.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAsystaServer } from '../../server/app.js';

const mode = (p: string) => fs.statSync(p).mode & 0o777;
let dirs: string[] = [];
afterEach(() => {
	for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
	dirs = [];
});

describe('file modes', () => {
	it.each([
		['a new data directory', false],
		['an existing 0755 directory with a 0644 database', true]
	])(
		'[SH3] %s: directory 0700, database, WAL and index 0600 under umask 000',
		async (_what, existing) => {
			const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-modes-'));
			dirs.push(parent);
			const dataDir = path.join(parent, 'data');
			const old = process.umask(0o000);
			try {
				if (existing) {
					fs.mkdirSync(dataDir, { mode: 0o755 });
					fs.writeFileSync(path.join(dataDir, 'asysta.sqlite'), '', { mode: 0o644 });
				}
				const app = await createAsystaServer({
					dataDir,
					port: 0,
					host: '127.0.0.1',
					log: () => {}
				});
				app.db
					.prepare("INSERT INTO organisations (id, name, created_at) VALUES ('o', 'O', 0)")
					.run();
				const files = ['asysta.sqlite', 'asysta.sqlite-wal', 'asysta.sqlite-shm'].map((f) =>
					path.join(dataDir, f)
				);
				expect(mode(dataDir)).toBe(0o700);
				for (const f of files) expect([f, mode(f)]).toEqual([f, 0o600]);
				await app.close();
			} finally {
				process.umask(old);
			}
		}
	);
});
