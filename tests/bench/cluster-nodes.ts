/**
 * The processes a cluster bench run (cluster.ts) starts and reads: Asysta nodes from the built
 * server, HAProxy in front of two of them, a login for the seeded bench user, and CPU seconds
 * from /proc. Settings come from the environment cluster.sh prepares.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';

/** A setting from the environment cluster.sh prepares; `d` when unset, else it is required. */
export const env = (k: string, d?: string) => {
	const v = process.env[k] ?? d;
	if (v === undefined) throw new Error(`${k} is required (run tests/bench/cluster.sh)`);
	return v;
};
const PASSWORD = env('BENCH_PASSWORD');
export const BASE_PORT = Number(env('BENCH_PORT', '8190'));
const ROOT = new URL('../../../', import.meta.url).pathname;

/** A started Asysta node. */
export interface Node {
	name: string;
	port: number;
	child: ChildProcess;
}

/** Starts the built server as node `name`; resolves once it listens. */
export function startNode(
	name: string,
	port: number,
	dataDir: string,
	extra: Record<string, string>
) {
	const child = spawn(process.execPath, ['build-server/server/main.js'], {
		cwd: ROOT,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			DATA_DIR: dataDir,
			NODE_ID: name,
			TRUST_PROXY: '1',
			// Browsers (here: the clients) name HAProxy's address as their origin.
			ALLOWED_ORIGINS: `http://127.0.0.1:${BASE_PORT}`,
			MAX_SOCKETS_PER_USER: '10000',
			MAX_SOCKETS_PER_ADDRESS: '10000',
			...extra
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let out = '';
	child.stdout?.on('data', (d: Buffer) => (out += d));
	child.stderr?.on('data', (d: Buffer) => (out += d));
	return new Promise<Node>((resolve, reject) => {
		const check = setInterval(() => {
			if (out.includes('Asysta: http')) {
				clearInterval(check);
				resolve({ name, port, child });
			}
		}, 50);
		child.once('exit', (code) => {
			clearInterval(check);
			reject(new Error(`node ${name} exited ${code}: ${out.slice(-2000)}`));
		});
	});
}

/** HAProxy on `port` in front of nodes on ports `a` and `b`; resolves once both answer through it. */
export function startHaproxy(port: number, a: number, b: number): Promise<ChildProcess> {
	const child = spawn('haproxy', ['-db', '-f', 'deploy/haproxy.cfg'], {
		cwd: ROOT,
		env: {
			...process.env,
			ASYSTA_BIND: `127.0.0.1:${port}`,
			ASYSTA_NODE_A: `127.0.0.1:${a}`,
			ASYSTA_NODE_B: `127.0.0.1:${b}`
		},
		stdio: 'ignore'
	});
	// Ready when both nodes answer through it (health checks: two successes at 1 s).
	return new Promise((resolve, reject) => {
		const started = Date.now();
		const poll = () =>
			http
				.get(`http://127.0.0.1:${port}/healthz`, (res) => {
					res.resume();
					if (res.statusCode === 200) resolve(child);
					else retry();
				})
				.on('error', retry);
		const retry = () =>
			Date.now() - started > 30_000
				? reject(new Error('haproxy did not come up'))
				: setTimeout(poll, 200);
		poll();
	});
}

/** Signs the bench user in; resolves with its session cookie. */
export async function login(port: number): Promise<string> {
	const res = await fetch(`http://127.0.0.1:${port}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
		body: JSON.stringify({ email: 'bench@bench.local', password: PASSWORD })
	});
	if (res.status !== 200) throw new Error(`login answered ${res.status}`);
	const cookie = res.headers.get('set-cookie');
	if (!cookie) throw new Error('login set no cookie');
	return cookie.split(';')[0];
}

/** CPU seconds (user + system) of a process so far. */
export function cpuSeconds(pid: number): number {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}
