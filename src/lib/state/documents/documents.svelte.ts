/**
 * Open documents and the sync indicator. Documents stay open while the user moves between pages
 * (reopening costs an IndexedDB load and a sync round), and a document with changes still waiting
 * is opened in the background so they reach the server without the user opening that family.
 */
import { openDocument, type DocHandle } from '$lib/sync/connect';
import type { DocRole } from '$lib/sync/protocol';
import type { DocumentName, UserId } from '$lib/domain/ids';
import { readSaveRecord, saveRecordKey } from '$lib/sync/save-state';
import { describeSync, type SyncView } from '../labels/sync-text';
import { storedSaveOf, storedSaveRecords, type SaveOf } from './stored-saves';
import { combineReadiness, readReadyAt, readyKey, type Readiness } from '$lib/sync/readiness';
import { browserStorage } from './storage';
import { device } from '$lib/device/device.svelte';
import { noteDocumentOpened } from '../account/device-audit';
import { DocStatus } from './doc-status.svelte';

export type { Readiness };

/** A document opened through the pool. */
export interface OpenDoc {
	readonly userId: UserId;
	readonly docName: DocumentName;
	readonly epoch: number;
	readonly handle: DocHandle;
	readonly status: DocStatus;
}

export interface DocRef {
	name: DocumentName;
	epoch: number;
	role?: DocRole;
}

class DocumentPool {
	/** Documents open now. */
	open = $state.raw<OpenDoc[]>([]);
	/** Document whose state the indicator shows (the family file on screen), if any. */
	focused = $state<DocumentName | null>(null);
	/** Browser's idea of the network. */
	online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	/** Bumped when stored save records may have changed (they are not reactive themselves). */
	#tick = $state(0);
	#pending = new Map<string, Promise<OpenDoc>>();
	/** Bumped by `closeAll`: an open still in flight from before is closed when it arrives. */
	#closedAt = 0;

	constructor() {
		if (typeof window !== 'undefined') {
			window.addEventListener('online', () => (this.online = true));
			window.addEventListener('offline', () => (this.online = false));
			window.addEventListener('storage', (e) => {
				if (e.key?.startsWith('asysta:save:')) this.#tick++;
			});
		}
	}

	#key(userId: UserId, ref: DocRef): string {
		return `${userId}\n${ref.name}\n${ref.epoch}`;
	}

	/** Opens the document (or returns it if open). */
	acquire(userId: UserId, ref: DocRef): Promise<OpenDoc> {
		const key = this.#key(userId, ref);
		let p = this.#pending.get(key);
		if (!p) {
			const closedAt = this.#closedAt;
			p = openDocument({
				userId,
				docName: ref.name,
				epoch: ref.epoch,
				key: device.key,
				sealed: device.storage
			}).then((handle) => {
				// [DV11] Everything was closed meanwhile (sign-out, a lost device's erase): an open
				// that lands now would hold (or recreate) the local copy the erase is deleting.
				if (closedAt !== this.#closedAt) {
					handle.destroy();
					throw new Error('closed');
				}
				const status = new DocStatus();
				status.apply(handle.status);
				handle.subscribe((s) => {
					status.apply(s);
					this.#tick++;
				});
				const od: OpenDoc = { userId, docName: ref.name, epoch: ref.epoch, handle, status };
				noteDocumentOpened(userId, ref.name); // [DR6] queue an offline open, upload what waits
				this.open = [...this.open, od];
				return od;
			});
			const opening = p;
			opening.catch(() => {
				if (this.#pending.get(key) === opening) this.#pending.delete(key);
			});
			this.#pending.set(key, opening);
		}
		return p;
	}

	/** The open document, if any, without opening it. */
	find(userId: UserId, ref: DocRef): OpenDoc | null {
		return (
			this.open.find(
				(d) => d.userId === userId && d.docName === ref.name && d.epoch === ref.epoch
			) ?? null
		);
	}

	/** Opens in the background every document whose stored record is not confirmed saved. */
	syncWaiting(userId: UserId, refs: DocRef[]): void {
		const storage = browserStorage();
		if (!storage) return;
		for (const ref of refs) {
			const rec = readSaveRecord(storage, saveRecordKey(userId, ref.name, ref.epoch));
			if (rec && (rec.pending > 0 || !rec.saved)) void this.acquire(userId, ref).catch(() => {});
		}
	}

	/** After signing in again: reconnect documents refused for want of a session. */
	reconnectAfterLogin(): void {
		for (const d of this.open) if (d.status.refused?.needsLogin) d.handle.reconnect();
	}

	/** Bumped when a document was discarded and reopens from the server: pages re-acquire. */
	generation = $state(0);

	/**
	 * Drops this device's copy of a document the server refused to take writes for, then lets
	 * pages reopen it from the server. Returns 'blocked' when another tab still holds the copy.
	 */
	async discard(od: OpenDoc): Promise<'deleted' | 'blocked'> {
		this.open = this.open.filter((d) => d !== od);
		this.#pending.delete(this.#key(od.userId, { name: od.docName, epoch: od.epoch }));
		const result = await od.handle.discardLocalCopy();
		this.generation++;
		this.#tick++;
		return result;
	}

	/** Closes every document (sign-out); local copies stay on the device. */
	closeAll(): void {
		this.#closedAt++;
		for (const d of this.open) d.handle.destroy();
		this.open = [];
		this.#pending.clear();
		this.focused = null;
	}

	/**
	 * A document's save state for lists: live if open, else from its stored record.
	 * `everOpened` is false when this device never opened it (nothing local to save).
	 */
	saveOf(userId: string, ref: DocRef): SaveOf {
		void this.#tick;
		const live = this.find(userId, ref);
		if (live)
			return {
				kind: live.status.view.kind,
				text: live.status.view.text,
				everOpened: true,
				pending: live.status.save.pending
			};
		return storedSaveOf(userId, ref);
	}

	/**
	 * [SY7] Whether these documents (one family's) are all on this device, and as of when: live
	 * from the open ones, from the stored readiness times for the rest.
	 */
	readinessOf(userId: string, refs: readonly DocRef[]): Readiness {
		void this.#tick;
		const storage = browserStorage();
		const live = refs.map((r) => this.find(userId, r));
		const times = refs.map(
			(r, i) => live[i]?.status.readyAt ?? readReadyAt(storage, readyKey(userId, r.name, r.epoch))
		);
		return combineReadiness(times, (i) => live[i]?.status.onDevice ?? false);
	}

	/** Changes waiting on this device for the user, across all documents. */
	pendingFor(userId: string): number {
		void this.#tick;
		let n = 0;
		for (const rec of storedSaveRecords(userId)) n += rec.pending;
		return n;
	}

	/**
	 * What the indicator says: the focused document's state, or, on other pages, all of the
	 * user's documents on this device together.
	 */
	overview(userId: string | null): SyncView {
		void this.#tick;
		const focused = this.focused
			? this.open.find((d) => d.docName === this.focused && d.userId === userId)
			: null;
		if (focused) return focused.status.view;
		const refused = this.open.find((d) => d.userId === userId && d.status.refused);
		if (refused) return refused.status.view;
		if (!userId)
			return describeSync({ connected: this.online, refused: null, pending: 0, saved: true });
		let pending = 0;
		let saved = true;
		for (const rec of storedSaveRecords(userId)) {
			pending += rec.pending;
			saved &&= rec.saved;
		}
		const mine = this.open.filter((d) => d.userId === userId);
		const connected = this.online && mine.every((d) => d.status.connection === 'connected');
		// Documents not open count as offline only if something in them waits.
		return describeSync({
			connected: connected || (this.online && pending === 0 && saved),
			refused: null,
			pending,
			saved
		});
	}
}

/** The one document pool of the app. */
export const documents = new DocumentPool();
