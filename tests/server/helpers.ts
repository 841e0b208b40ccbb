/**
 * A real Asysta server on port 0 over a temp SQLite file, real y-websocket clients, and raw `ws`
 * sockets for the frames an honest client would never send. Nothing here fakes the socket layer
 * or the database.
 *
 * Past 250 lines on purpose: one lifecycle (start, demo, sign-in, clients, teardown) the server
 * tests share.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { createAsystaServer, type AsystaServer } from '../../server/app.js';
import type { SyncConfig } from '../../server/config.js';
import type { Db } from '../../src/lib/server/db.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';
import { seedDemo } from '../../server/seed.js';
import { createFamily, grantAccess, registerDocument } from '../../src/lib/server/families.js';
import {
	generateSessionToken,
	limitsOf,
	SESSION_COOKIE,
	sessionEndOf,
	sessionIdFromToken
} from '../../src/lib/server/session.js';
import { parseOrgSettings } from '../../src/lib/server/org-settings.js';
import { createUser, ensureOrganisation } from '../../src/lib/server/users.js';
import { familyDocName } from '../../src/lib/domain/compartments.js';
import { MessageType, Notice } from '../../src/lib/sync/protocol.js';

/** Polls `check` until it returns true. */
export async function waitFor(
	check: () => boolean | Promise<boolean>,
	timeoutMs = 5000,
	what = 'condition'
) {
	const end = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 5));
	}
}

/**
 * The row `createSession` stores (session.ts, on `Sql` and so awaited), written synchronously on
 * the server's SQLite connection: the many tests that build a cookie inline stay synchronous.
 */
function storeSessionNow(db: Db, token: string, userId: string, now = Date.now()): void {
	const org = db
		.prepare(
			'SELECT o.settings, o.caseload_limit FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.id = ?'
		)
		.get(userId) as { settings: string; caseload_limit: number } | undefined;
	const limits = limitsOf(parseOrgSettings(org));
	const times = { created_at: now, last_seen_at: now, expires_at: Infinity, org_id: '' };
	db.prepare('INSERT INTO sessions (id, user_id, expires_at, created_at) VALUES (?, ?, ?, ?)').run(
		sessionIdFromToken(token),
		userId,
		sessionEndOf(limits, times),
		now
	);
}

/** A session cookie for a user, stored as the real session code stores it. */
export function sessionCookie(db: Db, userId: string): { cookie: string; token: string } {
	const token = generateSessionToken();
	storeSessionNow(db, token, userId);
	return { cookie: `${SESSION_COOKIE}=${token}`, token };
}

/** Seeds an org with an editor, a reader, a stranger, and one family whose plan doc they open. */
export async function seedFamily(db: Db) {
	const sql = sqliteSqlOf(db);
	const org = await ensureOrganisation(sql, 'OPS Test');
	const mk = (email: string, name: string) =>
		createUser(sql, { orgId: org, email, name, role: 'asystent', password: 'test-password' });
	const editor = await mk('ed@test.local', 'Edyta Edytor');
	const reader = await mk('re@test.local', 'Roman Czytelnik');
	const stranger = await mk('ob@test.local', 'Olga Obca');
	const familyId = await createFamily(sqliteSqlOf(db), {
		orgId: org,
		name: 'Rodzina T.',
		assistantId: editor,
		createdBy: editor
	});
	await grantAccess(sqliteSqlOf(db), {
		familyId,
		userId: reader,
		role: 'read',
		compartments: ['plan'],
		grantedBy: editor,
		reason: 'test'
	});
	// The sync mechanics (RM1–RM14) are tested on a document without a domain schema, reached
	// through the plan grant like the benchmark's; the plan itself has a write policy (RM17).
	const docName = `rodzina-${familyId}-plan-scratch`;
	await registerDocument(sqliteSqlOf(db), docName, familyId, 'plan', 'scratch');
	return {
		org,
		editor,
		reader,
		stranger,
		familyId,
		docName,
		planDoc: familyDocName(familyId, 'plan')
	};
}

/** A server on a temp data dir with the family seeded; `close` removes everything. */
export async function startServer(sync: Partial<SyncConfig> = {}) {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asysta-srv-'));
	const app: AsystaServer = await createAsystaServer({
		dataDir,
		port: 0,
		host: '127.0.0.1',
		sync: { unloadGraceMs: 100, persistIntervalMs: 20, persistedAckMs: 0, ...sync },
		log: () => {}
	});
	const seed = await seedFamily(app.db);
	const wsUrl = app.url.replace('http://', 'ws://').replace('localhost', '127.0.0.1') + '/sync';
	return {
		app,
		seed,
		dataDir,
		wsUrl,
		origin: app.url.replace('localhost', '127.0.0.1'),
		close: async () => {
			await app.close();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** The demo's people (server/seed.ts), by first name. */
export type DemoPerson = 'anna' | 'piotr' | 'kasia' | 'zenon' | 'krystyna';
export const DEMO_EMAIL: Record<DemoPerson, string> = {
	anna: 'anna.asystent@demo.local',
	piotr: 'piotr.pracownik@demo.local',
	kasia: 'kasia.kurator@demo.local',
	zenon: 'zenon.zespol@demo.local',
	krystyna: 'krystyna.kierownik@demo.local'
};

/** A server seeded with the demo's people, grants and families; ids of the people and of Rodzina Kowalskich. */
export async function startDemoServer(prefix: string) {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `asysta-${prefix}-`));
	const app = await createAsystaServer({
		dataDir,
		port: 0,
		host: '127.0.0.1',
		sync: { unloadGraceMs: 100, persistIntervalMs: 20, persistedAckMs: 0 },
		prepare: seedDemo,
		log: () => {}
	});
	const idOf = (email: string) =>
		(app.db.prepare('SELECT id FROM users WHERE email = ?').get(email) as { id: string }).id;
	const ids = Object.fromEntries(
		(Object.keys(DEMO_EMAIL) as DemoPerson[]).map((p) => [p, idOf(DEMO_EMAIL[p])])
	) as Record<DemoPerson, string>;
	const family = app.db
		.prepare("SELECT id FROM families WHERE name = 'Rodzina Kowalskich'")
		.get() as {
		id: string;
	};
	return {
		app,
		ids,
		familyId: family.id,
		wsUrl: app.url.replace('http://', 'ws://').replace('localhost', '127.0.0.1') + '/sync',
		origin: app.url.replace('localhost', '127.0.0.1'),
		close: async () => {
			await app.close();
			fs.rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** A `ws` subclass that sends our headers, as y-websocket's `WebSocketPolyfill`. */
export function wsWithHeaders(headers: Record<string, string>): typeof globalThis.WebSocket {
	class WithHeaders extends WebSocket {
		constructor(url: string | URL, protocols?: string | string[]) {
			super(url, protocols, { headers });
		}
	}
	// y-websocket types the polyfill as the DOM WebSocket; `ws` matches it at runtime.
	return WithHeaders as unknown as typeof globalThis.WebSocket;
}

/** A real y-websocket client with our persisted/notice handlers registered before connect. */
export function connectClient(opts: {
	wsUrl: string;
	docName: string;
	headers: Record<string, string>;
	doc?: Y.Doc;
}) {
	const doc = opts.doc ?? new Y.Doc();
	const provider = new WebsocketProvider(opts.wsUrl, opts.docName, doc, {
		WebSocketPolyfill: wsWithHeaders(opts.headers),
		disableBc: true,
		connect: false,
		maxBackoffTime: 200
	});
	const client = {
		doc,
		provider,
		persisted: [] as Y.Snapshot[],
		notices: [] as Notice[],
		closes: [] as { code: number; reason: string }[],
		/** Called with every persisted snapshot as it arrives, before the next message. */
		onPersisted: (_s: Y.Snapshot) => {},
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
	provider.messageHandlers[MessageType.persisted] = (_enc, dec) => {
		const snap = Y.decodeSnapshot(decoding.readVarUint8Array(dec));
		client.persisted.push(snap);
		client.onPersisted(snap);
	};
	provider.messageHandlers[MessageType.notice] = (_enc, dec) => {
		client.notices.push(Notice.parse(JSON.parse(decoding.readVarString(dec))));
	};
	provider.on('closed', (e) => client.closes.push(e));
	provider.connect();
	return client;
}

/**
 * Resolves once the server has handled every message this client sent before the call, and this
 * client has received every frame the server sent before that: the client announces a fresh
 * awareness token and waits for the server's echo of it (awareness is echoed to its sender, in
 * order with everything else on the socket). A proof that nothing more happened, without a sleep.
 */
export function settled(c: ReturnType<typeof connectClient>, timeoutMs = 5000): Promise<void> {
	const token = Math.random().toString(36).slice(2);
	const own = c.doc.clientID;
	const handlers = c.provider.messageHandlers;
	const original = handlers[MessageType.awareness];
	return new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => {
			handlers[MessageType.awareness] = original;
			reject(new Error('the server did not echo the awareness token'));
		}, timeoutMs);
		handlers[MessageType.awareness] = (enc, dec, provider, emitSynced, type) => {
			if (echoes(decoding.clone(dec), own, token)) {
				clearTimeout(timer);
				handlers[MessageType.awareness] = original;
				resolve();
			}
			original(enc, dec, provider, emitSynced, type);
		};
		c.provider.awareness.setLocalStateField('settled', token);
	});
}

/** True when an awareness frame carries `clientId`'s state with `settled: token`. */
function echoes(dec: decoding.Decoder, clientId: number, token: string): boolean {
	const update = decoding.createDecoder(decoding.readVarUint8Array(dec));
	const n = decoding.readVarUint(update);
	for (let i = 0; i < n; i++) {
		const id = decoding.readVarUint(update);
		decoding.readVarUint(update); // clock
		const state = JSON.parse(decoding.readVarString(update)) as { settled?: string } | null;
		if (id === clientId && state?.settled === token) return true;
	}
	return false;
}

/** A raw socket that records every frame and the close code. */
export function rawSocket(url: string, headers: Record<string, string>) {
	const ws = new WebSocket(url, { headers });
	const frames: Uint8Array[] = [];
	ws.on('message', (d: Buffer) => frames.push(new Uint8Array(d)));
	ws.on('error', () => {});
	const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
	const closed = new Promise<{ code: number; reason: string }>((resolve) =>
		ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
	);
	return { ws, frames, opened, closed };
}

/** True when every change of `update` is contained in the snapshot. */
export function covered(snap: Y.Snapshot, update: Uint8Array): boolean {
	return Y.snapshotContainsUpdate(snap, update);
}
