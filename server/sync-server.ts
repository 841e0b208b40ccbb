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
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { recordAudit } from '../src/lib/server/audit.js';
import type { Db } from '../src/lib/server/db.js';
import { documentAccess } from '../src/lib/server/families.js';
import { readSessionCookie, validateSessionToken } from '../src/lib/server/session.js';
import { CloseCode, DocName, SYNC_PATH } from '../src/lib/sync/protocol.js';
import type { SyncConfig } from './config.js';
import type { ConnectionInfo } from './connection.js';
import { Rooms } from './rooms.js';
import type { DocStore } from './store/doc-store.js';

/** Options of `attachSyncServer`. */
export interface SyncServerOptions {
	db: Db;
	store: DocStore;
	/** Exact origins (`scheme://host:port`) allowed to open sockets; read on every upgrade. */
	allowedOrigins: ReadonlySet<string>;
	config: SyncConfig;
	log?: (msg: string) => void;
}

/** The client's optional `?epoch=` (y-websocket `params`); a mismatch means a rebuilt document. */
const Query = z.object({ epoch: z.coerce.number().int().min(1).optional() });

type Verdict =
	{ ok: true; info: ConnectionInfo } | { ok: false; code: number; reason: string; userId?: string };

function decide(db: Db, req: IncomingMessage, allowed: ReadonlySet<string>): Verdict {
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
	const auth = token ? validateSessionToken(db, token) : null;
	if (!auth) return { ok: false, code: CloseCode.unauthorized, reason: 'no session' };
	const access = documentAccess(db, auth.user.id, name.data);
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

/** Serves `/sync/<doc>` on an existing HTTP server; returns the rooms for admin actions. */
export function attachSyncServer(http: Server, opts: SyncServerOptions): Rooms {
	const rooms = new Rooms(opts);
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: opts.config.maxPayloadBytes,
		perMessageDeflate: false
	});
	http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
		// A client resetting mid-handshake must not crash the process.
		socket.on('error', () => socket.destroy());
		if (!(req.url ?? '').startsWith(SYNC_PATH)) {
			socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
			return;
		}
		let verdict: Verdict;
		try {
			verdict = decide(opts.db, req, opts.allowedOrigins);
		} catch (err) {
			(opts.log ?? console.error)(`Asysta sync: upgrade failed: ${String(err)}`);
			socket.end('HTTP/1.1 500 Internal Server Error\r\nConnection: close\r\n\r\n');
			return;
		}
		wss.handleUpgrade(req, socket, head, (ws) => {
			if (!verdict.ok) {
				recordAudit(opts.db, {
					actorId: verdict.userId ?? null,
					action: 'refused',
					object: req.url?.slice(SYNC_PATH.length, SYNC_PATH.length + 160) ?? null,
					detail: { code: verdict.code, reason: verdict.reason }
				});
				ws.close(verdict.code, verdict.reason);
				return;
			}
			const info = verdict.info;
			recordAudit(opts.db, {
				actorId: info.userId,
				actorRole: info.staffRole,
				action: 'open',
				object: info.docName,
				familyId: info.familyId,
				detail: { role: info.role }
			});
			wire(ws, rooms, info);
		});
	});
	return rooms;
}

function wire(ws: WebSocket, rooms: Rooms, info: ConnectionInfo): void {
	const conn = rooms.join(ws, info);
	ws.on('message', (data, isBinary) => {
		// y-websocket only sends binary frames; a text frame is a protocol error.
		if (!isBinary || !Buffer.isBuffer(data)) return conn.close(CloseCode.malformed, 'text frame');
		rooms.message(conn, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
	});
	ws.on('close', () => conn.closedByTransport());
	// ws emits 'error' for oversize frames (then closes with 1009) and protocol violations.
	ws.on('error', () => conn.closedByTransport());
}
