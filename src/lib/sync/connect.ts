/**
 * Opening a document in the browser: IndexedDB first, then the sync socket. The only browser-only
 * sync file (style.md); state classes hold the handle it returns and never touch Yjs themselves.
 *
 * Order matters (stack.md §7):
 *   1. Y.Doc + EncryptedPersistence (DV2) named by hashes of user, document and epoch: each
 *      user's copy apart and sealed under their key, and a new epoch strands the old copy
 *      instead of merging a rebuilt document into it.
 *   2. Wait for the local content, with a timeout: y-indexeddb has no error event and a failed
 *      open never resolves `whenSynced`, so the page must not hang on it (we warn instead).
 *   3. Only then connect, else SyncStep1 carries an empty state vector and the server resends
 *      everything.
 *   4. Our message handlers (100 persisted, 101 notice, 102 authoring) are registered before
 *      connecting, else y-websocket logs "Unable to compute message" and drops them.
 * A 44xx close stops y-websocket 3.1 for good and emits `closed`; after a new login the caller
 * calls `reconnect()`.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import {
	COMPACT_ABOVE,
	EncryptedPersistence,
	encryptedDbName
} from '../device/encrypted-persistence.js';
import type { KeyValueStorage } from './save-state.js';
import { WebsocketProvider } from 'y-websocket';
import {
	CloseCode,
	DEVICE_LOST_EVENT,
	MessageType,
	Notice,
	isTerminalClose,
	type WriteNotice
} from './protocol.js';
import { forgetLostCopy } from '../device/store-check.js';
import { SaveTracker, saveRecordKey, type SaveFacts } from './save-state.js';
import { RecentLocalUpdates, recentUpdatesKey } from './recent-updates.js';
import { deleteLocalDatabase, exportDivergence } from './local-copy.js';
import { AuthoringLog, authoringKey } from './authoring-log.js';
import { startAuthoringSync } from './authoring-sync.js';
import { readReadyAt, readyKey, writeReadyAt } from './readiness.js';
import { REPLAY_ORIGIN } from './origins.js';
import { docAccess, type DocAccess } from './doc-access.js';

/** How long to wait for IndexedDB before going on without it. */
const IDB_TIMEOUT_MS = 4000;

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

/** A refusal by the server (socket closed with 44xx); state puts it into words. */
export interface Refusal {
	code: number;
	/** The user must sign in again (4401); `reconnect()` afterwards. */
	needsLogin: boolean;
}

/**
 * Why the local copy could not be used as it is (edits may then live only in memory); state puts
 * it into words. `damaged`: records that do not decrypt; `copy-gone` [DV10]: the copy this device
 * held vanished, with `pending` changes that had not reached the server.
 */
export type LocalCopyProblem =
	| { kind: 'open-failed' }
	| { kind: 'unsupported' }
	| { kind: 'damaged'; count: number }
	| { kind: 'copy-gone'; pending: number };

/** Everything the UI state needs to know about one open document's connection. */
export interface DocStatusSnapshot {
	connection: ConnectionStatus;
	refused: Refusal | null;
	save: SaveFacts;
	/** Why the local copy could not be used as it is, or null. */
	localProblem: LocalCopyProblem | null;
	/** Last notice from the server, e.g. read-only. */
	notice: WriteNotice | null;
	/**
	 * [SY7] The server's state reached this device at least once, or the copy holds content
	 * written here. False: an empty document that must not be shown as an empty editable one.
	 */
	onDevice: boolean;
	/** When the device last held the server's state (ms), or null: never. */
	readyAt: number | null;
	/** [CF4] Number of the server's last `conflicts` notice: the field conflicts changed. */
	conflictsSeq: number | null;
}

/**
 * An open document. State reads and writes it through `read`, `transact` and `observe`
 * (DocAccess); `doc` remains for the history views that build and drop read-only copies.
 */
export interface DocHandle extends DocAccess {
	readonly docName: string;
	readonly doc: Y.Doc;
	readonly awareness: WebsocketProvider['awareness'];
	/** The current status; `subscribe` reports changes. */
	readonly status: DocStatusSnapshot;
	subscribe(fn: (s: DocStatusSnapshot) => void): () => void;
	/** Connect again after a refusal (e.g. after signing in again). */
	reconnect(): void;
	/** Disconnects and releases everything; local data stays in IndexedDB. */
	destroy(): void;
	/** JSON of what this device holds that the server has not committed (read-only export). */
	exportLocalChanges(): string;
	/**
	 * Destroys the handle and deletes this device's copy (IndexedDB, replay buffer, save record),
	 * so the document reopens from the server. `blocked`: another tab still holds the copy open.
	 */
	discardLocalCopy(): Promise<'deleted' | 'blocked'>;
}

export interface OpenDocumentOptions {
	userId: string;
	docName: string;
	epoch: number;
	/** [DV2] The user's device data key: every stored update is sealed under it. */
	key: CryptoKey;
	/** [DV4] The user's sealed key-value store (the write-ahead buffer holds content). */
	sealed: KeyValueStorage;
}

function refusalFor(code: number): Refusal {
	return { code, needsLogin: code === CloseCode.unauthorized };
}

/** Set once the browser was asked to keep our storage (per device, not per page load). */
const PERSIST_ASKED_KEY = 'asysta:storage-persist-asked';
let persistAsked = false;

/**
 * [SY7] Asks the browser once per device to keep our storage: IndexedDB is evictable, and the
 * caseload kept for offline visits must not vanish under storage pressure. Asking on every page
 * load would nag (Firefox shows a prompt) and changes nothing once the browser has decided.
 */
export function askPersistentStorage(): void {
	if (persistAsked) return;
	persistAsked = true;
	const storage = safeLocalStorage();
	try {
		if (storage?.getItem(PERSIST_ASKED_KEY)) return;
		storage?.setItem(PERSIST_ASKED_KEY, String(Date.now()));
	} catch {
		// without storage we may ask again next time; harmless
	}
	void navigator.storage
		?.persisted?.()
		.then((already) => (already ? true : navigator.storage.persist()))
		.catch(() => false);
}

/** Waits for `p`, or resolves `false` after `ms`. */
function withTimeout(p: Promise<unknown>, ms: number): Promise<boolean> {
	return new Promise((resolve) => {
		const t = setTimeout(() => resolve(false), ms);
		p.then(
			() => {
				clearTimeout(t);
				resolve(true);
			},
			() => {
				clearTimeout(t);
				resolve(false);
			}
		);
	});
}

/** Opens a document: local copy first, then the server. */
export async function openDocument(opts: OpenDocumentOptions): Promise<DocHandle> {
	const doc = new Y.Doc();
	let local: EncryptedPersistence | null = null;
	let localProblem: LocalCopyProblem | null = null;
	const idbName = await encryptedDbName(opts.userId, opts.docName, opts.epoch);
	try {
		local = new EncryptedPersistence(idbName, doc, opts.key, `${opts.docName}:e${opts.epoch}`);
		const loaded = await withTimeout(local.whenSynced, IDB_TIMEOUT_MS);
		if (loaded && local._dbsize > COMPACT_ABOVE && local.damaged === 0) void local.compact();
		if (!loaded) localProblem = { kind: 'open-failed' };
		else if (local.damaged > 0) localProblem = { kind: 'damaged', count: local.damaged };
	} catch {
		localProblem = { kind: 'unsupported' };
	}

	const readyStoreKey = readyKey(opts.userId, opts.docName, opts.epoch);
	let readyAt = readReadyAt(safeLocalStorage(), readyStoreKey);
	// [DV10] The device held this document, but its copy is gone (evicted, deleted) or has records
	// that do not decrypt: it is not on the device until the server's state arrives again, so it
	// is never shown as an empty (or partial) editable document; the lost changes are said.
	const storage0 = safeLocalStorage();
	const lostCopy = local !== null && ((local.created && readyAt !== null) || local.damaged > 0);
	if (lostCopy && storage0) {
		const lost = forgetLostCopy(storage0, opts.userId, opts.docName, opts.epoch);
		readyAt = null;
		if (local?.created) localProblem = { kind: 'copy-gone', pending: lost };
	}

	// Keystrokes whose IndexedDB write a reload aborted come back from the buffer.
	const recent = new RecentLocalUpdates(
		opts.sealed,
		recentUpdatesKey(opts.userId, opts.docName, opts.epoch)
	);
	for (const u of recent.updates()) {
		try {
			Y.applyUpdate(doc, u, REPLAY_ORIGIN);
		} catch {
			// a damaged entry must not stop the document from opening
		}
	}

	const wsBase = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
	const provider = new WebsocketProvider(wsBase, opts.docName, doc, {
		connect: false,
		disableBc: true,
		maxBackoffTime: 15_000,
		params: { epoch: String(opts.epoch) }
	});

	const save = new SaveTracker(doc, {
		storage: safeLocalStorage(),
		key: saveRecordKey(opts.userId, opts.docName, opts.epoch),
		isRemoteOrigin: (origin) =>
			origin === provider || origin === REPLAY_ORIGIN || (local !== null && origin === local)
	});
	const onLocalUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin !== provider && origin !== REPLAY_ORIGIN && (local === null || origin !== local)) {
			recent.add(update);
		}
	};
	doc.on('update', onLocalUpdate);

	let status: DocStatusSnapshot = {
		connection: 'disconnected',
		refused: null,
		save: save.facts,
		localProblem,
		notice: null,
		// Content in the local copy was synced or written here: either way it is the device's.
		onDevice: !lostCopy && (readyAt !== null || doc.store.clients.size > 0),
		readyAt,
		conflictsSeq: null
	};
	const listeners = new Set<(s: DocStatusSnapshot) => void>();
	const update = (patch: Partial<DocStatusSnapshot>) => {
		status = { ...status, ...patch };
		for (const fn of listeners) fn(status);
	};

	provider.messageHandlers[MessageType.persisted] = (_encoder, decoder) => {
		try {
			save.applyPersisted(decoding.readVarUint8Array(decoder));
			onPersistedReady();
		} catch (e) {
			console.warn('Asysta: unreadable "persisted" message', e);
		}
	};
	provider.messageHandlers[MessageType.notice] = (_encoder, decoder) => {
		try {
			const parsed = Notice.safeParse(JSON.parse(decoding.readVarString(decoder)));
			if (!parsed.success) return;
			if (parsed.data.type === 'conflicts') update({ conflictsSeq: parsed.data.seq });
			else update({ notice: parsed.data });
		} catch {
			// A notice we cannot read changes nothing.
		}
	};
	// [HI1] When this device wrote its changes, for the history of offline edits.
	const authoring = new AuthoringLog(
		safeLocalStorage(),
		authoringKey(opts.userId, opts.docName, opts.epoch)
	);
	const stopAuthoring = startAuthoringSync({
		doc,
		provider,
		log: authoring,
		isRemoteOrigin: (origin) =>
			origin === provider || origin === REPLAY_ORIGIN || (local !== null && origin === local)
	});
	const unsubscribeSave = save.subscribe((facts) => update({ save: facts }));
	// [SY7] The server's state arrived: the document is on the device as of now. While the socket
	// stays up the copy follows the server, so the time moves on with each persisted message
	// (at most once a minute, so the cards do not redraw per keystroke) and at the disconnect.
	const markReady = () => {
		// [DV10] The server's state is here: damaged records are folded away with the rest.
		if (local && local.damaged > 0) {
			local.damaged = 0;
			void local.compact();
		}
		readyAt = Date.now();
		writeReadyAt(safeLocalStorage(), readyStoreKey, readyAt);
		update({ onDevice: true, readyAt });
	};
	// Synced, then the socket closed (y-websocket reports `sync` false): ready as of the close.
	let liveSynced = false;
	provider.on('sync', (synced) => {
		if (synced || liveSynced) markReady();
		liveSynced = synced;
	});
	const onPersistedReady = () => {
		if (liveSynced && (readyAt === null || Date.now() - readyAt >= 60_000)) markReady();
	};
	provider.on('status', ({ status: s }) => update({ connection: s }));
	provider.on('closed', ({ code }) => {
		// [DV8] The head (or the user) marked this device lost: the device lock erases it now.
		if (code === CloseCode.deviceLost) window.dispatchEvent(new Event(DEVICE_LOST_EVENT));
		if (isTerminalClose(code)) update({ refused: refusalFor(code), connection: 'disconnected' });
	});

	// The browser knows before the socket does: an emulated or real network loss can leave the
	// socket open until y-websocket's 30 s silence timeout, and after a long outage the backoff
	// may wait 15 s more. Follow the browser's online/offline events instead.
	let pausedOffline = false;
	const onOffline = () => {
		if (status.refused) return;
		pausedOffline = true;
		provider.disconnect();
		update({ connection: 'disconnected' });
	};
	const onOnline = () => {
		if (status.refused) return;
		pausedOffline = false;
		provider.connect();
	};
	window.addEventListener('offline', onOffline);
	window.addEventListener('online', onOnline);

	if (navigator.onLine === false) pausedOffline = true;
	else provider.connect();

	const destroy = () => {
		doc.off('update', onLocalUpdate);
		window.removeEventListener('offline', onOffline);
		window.removeEventListener('online', onOnline);
		unsubscribeSave();
		stopAuthoring();
		listeners.clear();
		save.destroy();
		provider.destroy();
		void local?.close();
		doc.destroy();
	};

	return {
		...docAccess(doc),
		docName: opts.docName,
		doc,
		awareness: provider.awareness,
		get status() {
			return status;
		},
		subscribe(fn) {
			listeners.add(fn);
			return () => listeners.delete(fn);
		},
		reconnect() {
			update({ refused: null });
			if (!pausedOffline) provider.connect();
		},
		destroy,
		exportLocalChanges() {
			return exportDivergence(doc, opts.docName, save.serverSnapshot);
		},
		async discardLocalCopy() {
			// Closed first: deleteDatabase waits (blocked) while our own connection is open.
			const closing = local?.close();
			destroy();
			await closing;
			const storage = safeLocalStorage();
			opts.sealed.removeItem(recentUpdatesKey(opts.userId, opts.docName, opts.epoch));
			storage?.removeItem(saveRecordKey(opts.userId, opts.docName, opts.epoch));
			storage?.removeItem(authoringKey(opts.userId, opts.docName, opts.epoch));
			storage?.removeItem(readyStoreKey);
			return deleteLocalDatabase(idbName);
		}
	};
}

function safeLocalStorage(): Storage | null {
	try {
		return window.localStorage;
	} catch {
		return null;
	}
}
