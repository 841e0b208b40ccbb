/**
 * Opening a document in the browser: IndexedDB first, then the sync socket. With the steps it
 * calls (open-local.ts, server-messages.ts, browser-storage.ts) the only browser-only sync code
 * (style.md); state classes hold the handle it returns and never touch Yjs themselves.
 *
 * Order matters (stack.md §7):
 *   1. Y.Doc + EncryptedPersistence (DV2) in the user's store, under a hash of user, document
 *      and epoch: each user's copy apart and sealed under their key, and a new epoch strands the
 *      old copy instead of merging a rebuilt document into it.
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
import type { KeyValueStorage } from './save-state.js';
import { WebsocketProvider } from 'y-websocket';
import { CloseCode, DEVICE_LOST_EVENT, isTerminalClose } from './protocol.js';
import { SaveTracker, saveRecordKey } from './save-state.js';
import { RecentLocalUpdates, recentUpdatesKey } from './recent-updates.js';
import { localChanges, type LocalChanges } from './local-copy.js';
import { discardCopy } from '../device/encrypted-persistence.js';
import { AuthoringLog, authoringKey } from './authoring-log.js';
import { startAuthoringSync } from './authoring-sync.js';
import { writeReadyAt } from './readiness.js';
import { REPLAY_ORIGIN } from './origins.js';
import { docAccess, type DocAccess } from './doc-access.js';
import { safeLocalStorage } from './browser-storage.js';
import { refusalFor, type DocStatusSnapshot } from './doc-status.js';
import { openLocalCopy } from './open-local.js';
import { handleServerMessages } from './server-messages.js';

export type {
	ConnectionStatus,
	DocStatusSnapshot,
	LocalCopyProblem,
	Refusal
} from './doc-status.js';

/**
 * An open document. State reads and writes it through `read`, `transact` and `observe`
 * (DocAccess); the Y.Doc itself never leaves sync.
 */
export interface DocHandle extends DocAccess {
	readonly docName: string;
	readonly awareness: WebsocketProvider['awareness'];
	/** The current status; `subscribe` reports changes. */
	readonly status: DocStatusSnapshot;
	subscribe(fn: (s: DocStatusSnapshot) => void): () => void;
	/** Connect again after a refusal (e.g. after signing in again). */
	reconnect(): void;
	/** Disconnects and releases everything; local data stays in IndexedDB. */
	destroy(): void;
	/** JSON of what this device holds that the server has not committed (read-only export). */
	exportLocalChanges(): LocalChanges;
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

/** Opens a document: local copy first, then the server. */
export async function openDocument(opts: OpenDocumentOptions): Promise<DocHandle> {
	const doc = new Y.Doc();
	const opened = await openLocalCopy(doc, opts);
	const { local, place, readyStoreKey, lost: lostCopy } = opened;
	let readyAt = opened.readyAt;

	// Keystrokes whose IndexedDB write a reload aborted come back from the buffer.
	const recent = new RecentLocalUpdates(
		opts.sealed,
		recentUpdatesKey(opts.userId, opts.docName, opts.epoch)
	);
	recent.replayInto(doc);

	const wsBase = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
	const provider = new WebsocketProvider(wsBase, opts.docName, doc, {
		connect: false,
		disableBc: true,
		maxBackoffTime: 15_000,
		params: { epoch: String(opts.epoch) }
	});

	// What came from the server, the local copy or the replay buffer; anything else was written here.
	const isRemoteOrigin = (origin: unknown) =>
		origin === provider || origin === REPLAY_ORIGIN || (local !== null && origin === local);
	const save = new SaveTracker(doc, {
		storage: safeLocalStorage(),
		key: saveRecordKey(opts.userId, opts.docName, opts.epoch),
		isRemoteOrigin
	});
	const onLocalUpdate = (update: Uint8Array, origin: unknown) => {
		if (!isRemoteOrigin(origin)) recent.add(update);
	};
	doc.on('update', onLocalUpdate);

	let status: DocStatusSnapshot = {
		connection: 'disconnected',
		refused: null,
		save: save.facts,
		localProblem: opened.problem,
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

	handleServerMessages(provider, {
		persisted(stateVector) {
			save.applyPersisted(stateVector);
			onPersistedReady();
		},
		notice(n) {
			if (n.type === 'conflicts') update({ conflictsSeq: n.seq });
			else update({ notice: n });
		}
	});
	// [HI1] When this device wrote its changes, for the history of offline edits.
	const authoring = new AuthoringLog(
		safeLocalStorage(),
		authoringKey(opts.userId, opts.docName, opts.epoch)
	);
	const stopAuthoring = startAuthoringSync({
		doc,
		provider,
		log: authoring,
		isRemoteOrigin
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
			return localChanges(doc, opts.docName, save.serverSnapshot);
		},
		async discardLocalCopy() {
			// Closed first: the deletion waits (blocked) while a copy is held open, ours too.
			const closing = local?.close();
			destroy();
			await closing;
			const storage = safeLocalStorage();
			opts.sealed.removeItem(recentUpdatesKey(opts.userId, opts.docName, opts.epoch));
			storage?.removeItem(saveRecordKey(opts.userId, opts.docName, opts.epoch));
			storage?.removeItem(authoringKey(opts.userId, opts.docName, opts.epoch));
			storage?.removeItem(readyStoreKey);
			return discardCopy(place);
		}
	};
}
