/**
 * One Node process: the SvelteKit handler (optional) and the sync websocket on one HTTP server,
 * sharing one SQLite connection. `close()` drains: sockets get 4503 (clients retry with
 * backoff), pending rows commit and every loaded document is checkpointed before the DB closes.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { databaseFile, openDatabase, setDb, type Db } from '../src/lib/server/db.js';
import {
	SqliteAccountStore,
	setAccounts,
	type AccountStore
} from '../src/lib/server/account-store.js';
import { loadSyncConfig, type SyncConfig } from './config.js';
import type { Rooms } from './rooms.js';
import { SqliteDocStore } from './store/sqlite.js';
import { setUpdateLog, sqliteUpdateLog } from '../src/lib/server/update-log.js';
import { setSql, sqliteSqlOf, type Sql } from '../src/lib/server/sql.js';
import { startWalCheckpointer } from './store/wal-checkpointer.js';
import type { DocStore } from './store/doc-store.js';
import { attachSyncServer } from './sync-server.js';
import { withSecurityHeaders } from './security-headers.js';
import type { EdgeGuard } from './edge-guard.js';
import { reviewUnreviewedCaseLogs } from './case-log-review.js';
import type { ClusterLink } from './cluster/cluster.js';

/** [CL6] Answered by every node itself: 200 `ok` while serving, 503 once it drains. */
export const HEALTH_PATH = '/healthz';

/** A Node request handler, e.g. SvelteKit adapter-node's `handler`. */
export type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Options of `createAsystaServer`. */
export interface AsystaServerOptions {
	dataDir: string;
	/** SvelteKit's handler; without it every plain HTTP request gets 404. */
	handler?: RequestHandler;
	/** adapter-node's `build/prerendered`: each page's CSP is repeated as a header (SH1). */
	prerenderedDir?: string;
	/** 0 picks a free port (tests). */
	port: number;
	host: string;
	/** Extra allowed origins; localhost and 127.0.0.1 on the real port are always allowed. */
	allowedOrigins?: string[];
	/** Overrides of the env-derived sync settings. */
	sync?: Partial<SyncConfig>;
	/**
	 * Where documents live; default the SQLite store in the app's database. main.ts passes the
	 * PostgreSQL store when DATABASE_URL is set (DS12). The server closes the store it gets.
	 */
	openStore?: (db: Db) => Promise<DocStore>;
	/**
	 * Sessions and audit (issue 16); default the SQLite engine on the app's database. The server
	 * makes it the process-wide store (`getAccounts`) and closes it.
	 */
	openAccounts?: (db: Db) => Promise<AccountStore>;
	/**
	 * [DA13] Families, documents, the case tables, devices…: the relational data layer; default
	 * SQLite on the app's database (main.ts opens PostgreSQL with DATABASE_URL). The server makes
	 * it the process-wide one (`getSql`) and closes it.
	 */
	openSql?: () => Promise<{ sql: Sql; close(): Promise<void> }>;
	/**
	 * [CL1] The link to other nodes serving the same PostgreSQL documents (main.ts opens it with
	 * DATABASE_URL); absent on a single node. The server closes it after the rooms drained.
	 */
	cluster?: ClusterLink;
	/** Runs after the database opens and before the port listens (e.g. the demo seed). */
	prepare?: (db: Db, store: DocStore) => Promise<void>;
	log?: (msg: string) => void;
}

/** A running server. */
export interface AsystaServer {
	server: http.Server;
	/** `http://host:port` with the real port. */
	url: string;
	db: Db;
	store: DocStore;
	/** Sessions, users, grants and audit (issue 16): SQLite unless `openAccounts` chose another. */
	accounts: AccountStore;
	/** [DA13] The relational data layer: SQLite unless `openSql` chose another. */
	sql: Sql;
	/** [CE8] Settles when the background review of never-reviewed case logs has ended. */
	caseLogReview: Promise<void>;
	rooms: Rooms;
	/** Writes the pending aggregated refusal rows now (UP6; otherwise once a window). */
	flushRefusals(): Promise<void>;
	/** Open sockets per user, address and session, as the edge counts them (UP7). */
	edge: EdgeGuard;
	/** Drains sockets, stores everything, closes the database. */
	close(): Promise<void>;
}

/** Origins from env ORIGIN and ALLOWED_ORIGINS (comma-separated). */
export function envOrigins(env: NodeJS.ProcessEnv = process.env): string[] {
	return [env.ORIGIN ?? '', ...(env.ALLOWED_ORIGINS ?? '').split(',')]
		.map((o) => o.trim().replace(/\/$/, ''))
		.filter((o) => o.length > 0);
}

/** Opens the data directory and starts listening. */
export async function createAsystaServer(opts: AsystaServerOptions): Promise<AsystaServer> {
	const db = openDatabase(databaseFile(opts.dataDir));
	setDb(db); // SvelteKit's copy of db.ts then uses this connection
	const store: DocStore = opts.openStore ? await opts.openStore(db) : new SqliteDocStore(db);
	const accounts = opts.openAccounts ? await opts.openAccounts(db) : new SqliteAccountStore(db);
	setAccounts(accounts); // SvelteKit's hooks and routes then use it
	const relational = opts.openSql
		? await opts.openSql()
		: { sql: sqliteSqlOf(db), close: async () => {} };
	setSql(relational.sql); // one executor (one connection gate) for SvelteKit and the sync server
	// [DS17] History reads the log where the documents are (PostgreSQL or this SQLite file).
	setUpdateLog(store.log ?? sqliteUpdateLog(db));
	const checkpointer = startWalCheckpointer(db);
	await opts.prepare?.(db, store);
	const app: RequestHandler =
		opts.handler ??
		((_req, res) => {
			res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
			res.end('Not found\n');
		});
	// [CL6] A load balancer's health check: 200 while serving, 503 from the moment a drain starts.
	let draining = false;
	const handler: RequestHandler = (req, res) => {
		if (req.url !== HEALTH_PATH) return app(req, res);
		res.writeHead(draining ? 503 : 200, {
			'content-type': 'text/plain; charset=utf-8',
			'cache-control': 'no-store'
		});
		res.end(draining ? 'draining\n' : 'ok\n');
	};
	const https = (process.env.ORIGIN ?? '').startsWith('https://');
	const server = http.createServer(
		withSecurityHeaders(handler, { prerenderedDir: opts.prerenderedDir, https })
	);
	const origins = new Set<string>([...(opts.allowedOrigins ?? []), ...envOrigins()]);
	const sync = attachSyncServer(server, {
		db,
		store,
		allowedOrigins: origins,
		config: loadSyncConfig(process.env, opts.sync),
		log: opts.log,
		accounts,
		cluster: opts.cluster
	});
	const rooms = sync.rooms;
	// [CE8] Case logs stored before the server checked them, reviewed for the head in the background.
	const review = reviewUnreviewedCaseLogs(
		relational.sql,
		store,
		opts.log ?? ((m) => console.error(m))
	);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port, opts.host, () => resolve());
	});
	const port = (server.address() as AddressInfo).port;
	origins.add(`http://localhost:${port}`);
	origins.add(`http://127.0.0.1:${port}`);
	const shownHost = opts.host === '0.0.0.0' || opts.host === '::' ? 'localhost' : opts.host;
	let closing: Promise<void> | null = null;
	const close = () =>
		(closing ??= (async () => {
			draining = true;
			const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
			const syncStopped = sync.stop();
			review.stop();
			await review.done;
			await syncStopped;
			await rooms.shutdown();
			await opts.cluster?.close();
			await store.close();
			await accounts.close();
			await relational.close();
			await checkpointer?.stop();
			db.close();
			server.closeAllConnections();
			await stopped;
		})());
	return {
		server,
		url: `http://${shownHost}:${port}`,
		db,
		store,
		accounts,
		sql: relational.sql,
		rooms,
		flushRefusals: () => sync.guard.flushRefusals(),
		edge: sync.guard,
		caseLogReview: review.done,
		close
	};
}
