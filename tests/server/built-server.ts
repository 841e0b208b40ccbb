/**
 * The built app exactly as `npm start` runs it (`node build-server/server/main.js`, SvelteKit's
 * handler and the sync server in one child process) over a temp data directory, and plain
 * node:http requests that can leave from chosen loopback addresses (127.0.0.2, 127.0.0.3, …), so
 * the server sees distinct clients without trusting any header. Needs `npm run build`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { databaseFile, openDatabase, type Db } from '../../src/lib/server/db.js';
import { seedFamily } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'build-server/server/main.js');

/** Starts the built server; the family of helpers.ts is seeded first. */
export async function startBuiltServer(env: Record<string, string> = {}) {
	if (!fs.existsSync(MAIN) || !fs.existsSync(path.join(ROOT, 'build/handler.js'))) {
		throw new Error('run `npm run build` first: build/ and build-server/ are missing');
	}
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-built-'));
	const seedDb = openDatabase(databaseFile(dataDir));
	const seed = await seedFamily(seedDb);
	seedDb.close();
	const child: ChildProcess = spawn(process.execPath, [MAIN], {
		cwd: ROOT,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		const onData = (d: Buffer) => {
			output += d.toString();
			const found = /Asysta: (http:\/\/\S+)/.exec(output);
			if (found) resolve(found[1]);
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
		child.once('exit', (code) => reject(new Error(`server exited ${code}: ${output}`)));
	});
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	// The test's own connection to the same file (WAL: both processes read and write).
	const db: Db = openDatabase(databaseFile(dataDir));
	return {
		url,
		dataDir,
		seed,
		db,
		wsUrl: url.replace('http://', 'ws://') + '/sync',
		output: () => output,
		close: async () => {
			db.close();
			child.kill('SIGTERM');
			await exited;
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

export interface Reply {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** One HTTP request, optionally from a given local (loopback) address. */
export function request(
	url: string,
	opts: {
		method?: string;
		headers?: Record<string, string>;
		body?: string | Buffer;
		from?: string;
	} = {}
): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			url,
			{
				method: opts.method ?? 'GET',
				headers: opts.headers,
				localAddress: opts.from,
				agent: false
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks).toString('utf8')
					})
				);
				res.on('error', reject);
			}
		);
		req.on('error', reject);
		req.end(opts.body);
	});
}

/** POST /api/session as JSON from `from`. */
export function login(url: string, email: string, password: string, from?: string) {
	return request(`${url}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, password }),
		from
	});
}

/** The `name=value` of the session cookie a reply set. */
export function cookieOf(reply: Reply): string {
	const set = reply.headers['set-cookie'] ?? [];
	const found = set.find((c) => c.startsWith('asysta_session='));
	if (!found) throw new Error(`no session cookie in ${reply.status} ${reply.body}`);
	return found.split(';')[0];
}
