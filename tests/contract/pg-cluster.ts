/**
 * PostgreSQL for tests: TEST_DATABASE_URL when given (a role allowed to CREATE DATABASE), else a
 * throw-away cluster of this test file: initdb + pg_ctl from the Debian package on a temp folder,
 * a free port, its socket in that folder. PostgreSQL refuses to run as root, so as root the
 * cluster runs as the `postgres` user on a folder it owns. Each test file gets its own database,
 * each `schema()` call its own schema, so files pass alone and in any order.
 *
 * Without PostgreSQL the suites skip with the reason in their title; under CI they fail instead
 * (`pgSuite`), so a green CI always means the PostgreSQL store was exercised.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';

export interface TestPostgres {
	/** A URL of this file's own database whose search_path is a fresh, empty schema. */
	schema(): Promise<string>;
	/** The URL of this file's own database (public schema). */
	url: string;
	stop(): Promise<void>;
}

const BIN_ROOT = '/usr/lib/postgresql';

/** CI=1 / CI=true: a PostgreSQL suite must run, not skip. */
export const inCi = !!process.env.CI && !['0', 'false'].includes(process.env.CI.toLowerCase());

function pgBin(): string | null {
	if (!fs.existsSync(BIN_ROOT)) return null;
	const versions = fs
		.readdirSync(BIN_ROOT)
		.filter((v) => fs.existsSync(path.join(BIN_ROOT, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions[0] ? path.join(BIN_ROOT, versions[0], 'bin') : null;
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

/** A throw-away cluster; returns its superuser URL and a stop function. */
async function startCluster(bin: string): Promise<{ url: string; stop: () => void }> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-pg-'));
	const data = path.join(dir, 'data');
	const asRoot = process.getuid?.() === 0;
	// As root: everything runs as `postgres`, which must own the folder (and reach it: mode 0700
	// temp folders of root are fine because ownership moves with them).
	const run = (cmd: string, args: string[]) =>
		asRoot
			? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], {
					stdio: 'pipe'
				})
			: execFileSync(path.join(bin, cmd), args, { stdio: 'pipe' });
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
		fs.chownSync(dir, uid, gid);
	}
	const user = asRoot ? 'postgres' : os.userInfo().username;
	run('initdb', ['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--no-sync']);
	// A port can be taken between freePort and start: try a few.
	for (let attempt = 0; ; attempt++) {
		const port = await freePort();
		const opts = [
			`-p ${port}`,
			`-k ${dir}`,
			"-c listen_addresses='127.0.0.1'",
			// Throw-away data: durability settings only cost time here.
			'-c fsync=off',
			'-c synchronous_commit=off',
			'-c full_page_writes=off'
		].join(' ');
		try {
			run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start']);
		} catch (err) {
			if (attempt < 3) continue;
			const log = fs.existsSync(path.join(dir, 'log'))
				? fs.readFileSync(path.join(dir, 'log'), 'utf8')
				: '';
			throw new Error(`pg_ctl start failed: ${String(err)}\n${log}`, { cause: err });
		}
		return {
			url: `postgres://${user}@127.0.0.1:${port}/postgres`,
			stop: () => {
				try {
					run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
				} finally {
					fs.rmSync(dir, { recursive: true, force: true });
				}
			}
		};
	}
}

function withDatabase(url: string, database: string, schema?: string): string {
	const u = new URL(url);
	u.pathname = `/${database}`;
	if (schema) u.searchParams.set('options', `-c search_path=${schema}`);
	return u.toString();
}

/** Starts (or connects to) PostgreSQL and creates this file's database; null with a reason. */
export async function startTestPostgres(
	label: string
): Promise<TestPostgres | { unavailable: string }> {
	let admin: string;
	let stopCluster = () => {};
	if (process.env.TEST_DATABASE_URL) {
		admin = process.env.TEST_DATABASE_URL;
	} else {
		const bin = pgBin();
		if (!bin) return { unavailable: `no ${BIN_ROOT}/*/bin/initdb and no TEST_DATABASE_URL` };
		try {
			const cluster = await startCluster(bin);
			admin = cluster.url;
			stopCluster = cluster.stop;
		} catch (err) {
			return { unavailable: `throw-away cluster did not start: ${String(err).slice(0, 500)}` };
		}
	}
	const database = `asysta_${label.replace(/\W/g, '_')}_${process.pid}_${Date.now() % 1e6}`;
	const root = new pg.Client({ connectionString: admin });
	try {
		await root.connect();
		await root.query(`CREATE DATABASE ${database}`);
	} catch (err) {
		stopCluster();
		return { unavailable: `cannot create a test database: ${(err as Error).message}` };
	} finally {
		await root.end().catch(() => undefined);
	}
	const url = withDatabase(admin, database);
	let schemas = 0;
	return {
		url,
		async schema() {
			const name = `t${++schemas}`;
			const c = new pg.Client({ connectionString: url });
			await c.connect();
			await c.query(`CREATE SCHEMA ${name}`);
			await c.end();
			return withDatabase(admin, database, name);
		},
		async stop() {
			if (!process.env.TEST_DATABASE_URL) return stopCluster();
			const c = new pg.Client({ connectionString: admin });
			await c.connect();
			await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
			await c.end();
		}
	};
}

/**
 * Registers `body` with this file's PostgreSQL, or a visible skip (a failure under CI) naming why
 * there is none. Call at the top level of a test file.
 */
export async function pgSuite(label: string, body: (db: TestPostgres) => void): Promise<void> {
	const db = await startTestPostgres(label);
	if ('unavailable' in db) {
		const title = `PostgreSQL ${label}: no PostgreSQL (${db.unavailable})`;
		if (inCi) {
			it(`${title} — required under CI`, () => {
				throw new Error(`${title}; CI must run the PostgreSQL suites`);
			});
		} else {
			console.warn(`SKIPPED ${title}`);
			describe.skip(title, () => it('needs PostgreSQL', () => {}));
		}
		return;
	}
	afterAll(() => db.stop());
	body(db);
}
