/**
 * The websocket endpoint `/sync/<doc>`: authentication and access at the HTTP upgrade, then the
 * socket is handed to the rooms.
 *
 * Refusals ACCEPT the upgrade and close at once with a 44xx code, before any document byte:
 * y-websocket stops reconnecting on 4400–4499, whereas an HTTP 401 reaches a browser as an
 * opaque 1006 and is retried forever (stack.md §5).
 *
 * Origin: the browser attaches the session cookie to a websocket opened by ANY page, so a
 * foreign site could otherwise sync as the user (cross-site websocket hijacking). A present
 * Origin must therefore be on the allow-list. A missing Origin is allowed: browsers always send
 * one on websockets, so its absence means a non-browser client (script, benchmark), which can
 * only present a cookie it legitimately holds.
 *
 * At the edge (edge-guard.ts): sockets per address and per user are capped (4429, UP7),
 * refusals are audited as one row per address and minute (UP6), an oversize frame is audited
 * (UP8), and open sessions are swept so an ended session's sockets close within seconds (AU5).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { appendAudit } from '../src/lib/server/audit.js';
import type { Db } from '../src/lib/server/db.js';
import { sqliteSqlOf, type Sql } from '../src/lib/server/sql.js';
import { documentAccess } from '../src/lib/server/families.js';
import { addressBucket, clientAddress } from '../src/lib/server/client-address.js';
import { readSessionCookie } from '../src/lib/server/session.js';
import { lostSignalFor, readDeviceCookie } from '../src/lib/server/devices.js';
import { SqliteAccountStore, type AccountStore } from '../src/lib/server/account-store.js';
import { CloseCode, DocName, SYNC_PATH } from '../src/lib/sync/protocol.js';
import type { SyncConfig } from './config.js';
import type { ConnectionInfo } from './connection.js';
import { Rooms } from './rooms.js';
import type { DocStore } from './store/doc-store.js';
import { EdgeGuard } from './edge-guard.js';
import { AuditBatch } from './audit-batch.js';
import type { ClusterLink } from './cluster/cluster.js';

/** Options of `attachSyncServer`. */
export interface SyncServerOptions {
	db: Db;
	/** Devices and the audit (issue 16); default the SQLite executor of `db`. */
	sql?: Sql;
	store: DocStore;
	/** Exact origins (`scheme://host:port`) allowed to open sockets; read on every upgrade. */
	allowedOrigins: ReadonlySet<string>;
	config: SyncConfig;
	log?: (msg: string) => void;
	/** Sessions and audit (issue 16); default the SQLite engine on `db`. */
	accounts?: AccountStore;
	/** [CL1] The link to other nodes serving the same documents; absent on a single node. */
	cluster?: ClusterLink;
}

/** The client's optional `?epoch=` (y-websocket `params`); a mismatch means a rebuilt document. */
const Query = z.object({ epoch: z.coerce.number().int().min(1).optional() });

type Verdict =
	{ ok: true; info: ConnectionInfo } | { ok: false; code: number; reason: string; userId?: string };

async function decide(
	db: Db,
	sql: Sql,
	accounts: AccountStore,
	req: IncomingMessage,
	allowed: ReadonlySet<string>
): Promise<Verdict> {
	const url = new URL(req.url ?? '/', 'http://localhost');
	let raw: string;
	try {
		raw = decodeURIComponent(url.pathname.slice(SYNC_PATH.length));
	} catch {
		return { ok: false, code: CloseCode.unknownDocument, reason: 'bad document name' };
	}
	const name = DocName.safeParse(raw);
	if (!name.success) return { ok: false, code: CloseCode.unknownDocument, reason: 'bad name' };
	const origin = req.headers.origin;
	if (origin !== undefined && !allowed.has(origin)) {
		return { ok: false, code: CloseCode.forbidden, reason: 'origin' };
	}
	const token = readSessionCookie(req.headers.cookie);
	const auth = token ? await accounts.validateSessionToken(token) : null;
	// [DV11] A device marked lost hears it here too (its session is dead by then: without this
	// check the background sync would only get 4401 and the copies would stay).
	if (await lostSignalFor(sql, readDeviceCookie(req.headers.cookie), auth?.user.id)) {
		return { ok: false, code: CloseCode.deviceLost, reason: 'device lost' };
	}
	if (!auth) return { ok: false, code: CloseCode.unauthorized, reason: 'no session' };
	const access = await documentAccess(sqliteSqlOf(db), auth.user.id, name.data, Date.now(), {
		writeOnly: true
	});
	if (!access.ok) {
		const unknown = access.code === 'unknown-document';
		const code = unknown ? CloseCode.unknownDocument : CloseCode.forbidden;
		return { ok: false, code, reason: access.code, userId: auth.user.id };
	}
	const query = Query.safeParse(Object.fromEntries(url.searchParams));
	if (!query.success || (query.data.epoch !== undefined && query.data.epoch !== access.epoch)) {
		return { ok: false, code: CloseCode.staleEpoch, reason: 'epoch', userId: auth.user.id };
	}
	return {
		ok: true,
		info: {
			docName: name.data,
			familyId: access.familyId,
			epoch: access.epoch,
			role: access.role,
			userId: auth.user.id,
			sessionId: auth.session.id,
			name: auth.user.name,
			color: auth.user.color,
			staffRole: auth.user.role
		}
	};
}

/** The running sync endpoint: its rooms and its edge counters. */
export interface SyncServer {
	rooms: Rooms;
	guard: EdgeGuard;
	/** Stops the edge timers and writes the pending refusal rows (before the rooms drain). */
	stop(): Promise<void>;
}

/** Serves `/sync/<doc>` on an existing HTTP server. */
export function attachSyncServer(http: Server, opts: SyncServerOptions): SyncServer {
	const log = opts.log ?? ((m: string) => console.error(m));
	const accounts = opts.accounts ?? new SqliteAccountStore(opts.db);
	const sql = opts.sql ?? sqliteSqlOf(opts.db);
	const rooms = new Rooms({ ...opts, accounts });
	const guard = new EdgeGuard(opts.db, opts.config, log, accounts, sql);
	const opens = new AuditBatch(accounts, log);
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: opts.config.maxPayloadBytes,
		perMessageDeflate: false
	});
	http.on(
		'upgrade',
		(req: IncomingMessage, socket: Duplex, head: Buffer) => void upgrade(req, socket, head)
	);
	async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
		// A client resetting mid-handshake must not crash the process.
		socket.on('error', () => socket.destroy());
		if (!(req.url ?? '').startsWith(SYNC_PATH)) {
			socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
			return;
		}
		const address = addressBucket(
			clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'])
		);
		let verdict: Verdict;
		try {
			// Sessions may live in another engine: the socket may be gone when this returns, and
			// ws's handleUpgrade then only destroys it.
			verdict = await decide(opts.db, sql, accounts, req, opts.allowedOrigins);
		} catch (err) {
			log(`Asysta sync: upgrade failed: ${String(err)}`);
			socket.end('HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n\r\n');
			return;
		}
		if (verdict.ok) {
			const over = guard.overLimit(address, verdict.info.userId);
			if (over) {
				verdict = {
					ok: false,
					code: CloseCode.rateLimited,
					reason: over,
					userId: verdict.info.userId
				};
			}
		}
		wss.handleUpgrade(req, socket, head, (ws) => {
			if (!verdict.ok) {
				guard.refused(
					address,
					verdict.code,
					req.url?.slice(SYNC_PATH.length, SYNC_PATH.length + 160) ?? null,
					verdict.userId
				);
				ws.close(verdict.code, verdict.reason);
				return;
			}
			const info = verdict.info;
			opens.add({
				actorId: info.userId,
				actorRole: info.staffRole,
				action: 'open',
				object: info.docName,
				familyId: info.familyId,
				detail: { role: info.role }
			});
			const uncount = guard.opened(address, info.userId, info.sessionId);
			ws.once('close', uncount);
			wire(ws, rooms, info, sql, log);
		});
	}
	return {
		rooms,
		guard,
		stop: async () => {
			await Promise.all([guard.stop(), opens.flush()]);
		}
	};
}

/** ws reports a frame over `maxPayload` with this error code, then closes 1009. */
const OVERSIZE = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

function wire(
	ws: WebSocket,
	rooms: Rooms,
	info: ConnectionInfo,
	sql: Sql,
	log: (msg: string) => void
): void {
	const conn = rooms.join(ws, info);
	ws.on('message', (data, isBinary) => {
		// y-websocket only sends binary frames; a text frame is a protocol error.
		if (!isBinary || !Buffer.isBuffer(data)) return conn.close(CloseCode.malformed, 'text frame');
		rooms.message(conn, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
	});
	ws.on('close', () => conn.closedByTransport());
	// ws emits 'error' for oversize frames (then closes with 1009) and protocol violations.
	ws.on('error', (err: Error & { code?: string }) => {
		if (err.code === OVERSIZE) {
			// [UP8] Crafted input leaves a trace, like the offences sync-audit.ts audits.
			appendAudit(sql, {
				actorId: info.userId,
				actorRole: info.staffRole,
				action: 'refused',
				object: info.docName,
				familyId: info.familyId,
				detail: { code: 1009, reason: 'frame too large', session: info.sessionId.slice(0, 12) }
			}).catch((err: unknown) => log(`Asysta sync: oversize audit failed: ${String(err)}`));
		}
		conn.closedByTransport();
	});
}
