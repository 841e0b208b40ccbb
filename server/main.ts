/**
 * `node build-server/server/main.js [--demo]`: the production entry. Serves SvelteKit's build
 * (if present) and the sync websocket from one process; SIGTERM/SIGINT drain gracefully.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createAsystaServer, type RequestHandler } from './app.js';
import { seedDemo } from './seed.js';
import { DatabaseUrlError, databaseUrlFrom } from './store/database-url.js';
import { PgDocStore } from './store/pg.js';
import { StoreUnavailableError, redact } from './store/pg-pool.js';
import { ensureSqliteDocSchema } from './store/sqlite.js';
import { PgClusterLink } from './cluster/pg-link.js';

/** sysexits.h codes, so a supervisor can tell a bad setting from a database that is down (DS12). */
const EXIT_CONFIG = 78;
const EXIT_UNAVAILABLE = 69;

const Env = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	DATA_DIR: z.string().min(1).default('./data'),
	/** [CL1] With DATABASE_URL: other nodes may serve the same documents (default on). */
	CLUSTER: z.enum(['0', '1']).default('1'),
	/** This node's name in cluster messages and logs (default random). */
	NODE_ID: z
		.string()
		.regex(/^[A-Za-z0-9_-]{1,32}$/)
		.optional()
});

/** SvelteKit's adapter-node handler, or undefined when `npm run build` has not run. */
async function loadHandler(): Promise<RequestHandler | undefined> {
	// build-server/server/main.js → <project>/build/handler.js
	const url = new URL('../../build/handler.js', import.meta.url);
	if (!fs.existsSync(fileURLToPath(url))) {
		console.warn(
			'Asysta: brak build/handler.js — uruchom `npm run build`. Serwuję tylko /sync (reszta 404).\n' +
				'Asysta: build/handler.js missing — run `npm run build`. Serving /sync only (404 elsewhere).'
		);
		return undefined;
	}
	const mod = (await import(url.href)) as { handler: RequestHandler };
	return mod.handler;
}

async function main(): Promise<void> {
	const env = Env.parse(process.env);
	const demo = process.argv.includes('--demo');
	const database = databaseUrlFrom(process.env);
	if (database) {
		console.log(`Asysta: dokumenty w PostgreSQL / documents in PostgreSQL: ${database.redacted}`);
		// Left for the next increment of issue 16: these views still read SQLite's tables.
		console.warn(
			'Asysta: historia i zapisy w audycie czytają jeszcze SQLite — będą puste.\n' +
				'Asysta: history and the audit of writes still read SQLite and will show nothing.'
		);
	}
	// [CL1] Nodes sharing the database hear each other's rows, awareness and access changes.
	let cluster: PgClusterLink | undefined;
	if (database && env.CLUSTER === '1') {
		try {
			cluster = await PgClusterLink.open({
				connectionString: database.connectionString,
				nodeId: env.NODE_ID
			});
		} catch (err) {
			const why = err instanceof Error ? err.message : String(err);
			throw new StoreUnavailableError(redact(why, database.connectionString));
		}
		console.log(`Asysta: węzeł / node ${cluster.nodeId}, kanał / channel ${cluster.channel}`);
	}
	const app = await createAsystaServer({
		openStore: database
			? (db) => {
					ensureSqliteDocSchema(db);
					return PgDocStore.open({
						connectionString: database.connectionString,
						cluster: cluster && { nodeId: cluster.nodeId, channel: cluster.channel }
					});
				}
			: undefined,
		cluster,
		dataDir: env.DATA_DIR,
		handler: await loadHandler(),
		prerenderedDir: fileURLToPath(new URL('../../build/prerendered', import.meta.url)),
		port: env.PORT,
		host: env.HOST,
		prepare: demo ? seedDemo : undefined
	});
	console.log(`Asysta: ${app.url}`);
	const stop = (signal: string) => {
		console.log(`Asysta: ${signal}, zamykam (draining)…`);
		app.close().then(
			() => process.exit(0),
			(err: unknown) => {
				console.error(err);
				process.exit(1);
			}
		);
	};
	process.once('SIGTERM', () => stop('SIGTERM'));
	process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
	if (err instanceof DatabaseUrlError) {
		console.error(`Asysta: zła wartość zmiennej DATABASE_URL / bad setting: ${err.message}`);
		process.exit(EXIT_CONFIG);
	}
	if (err instanceof StoreUnavailableError) {
		console.error(`Asysta: PostgreSQL z DATABASE_URL niedostępny / unreachable: ${err.message}`);
		process.exit(EXIT_UNAVAILABLE);
	}
	console.error(err);
	process.exit(1);
});
