/**
 * The device's audit queue (domain.md §6): prints, exports and offline reads, chained by hash and
 * kept on the device until the server has them. Storage and transport are passed in, so the
 * rules here (one chain per family, appends in order, entries leave the queue only when the
 * server answered) are tested without a browser.
 */
import { z } from 'zod';
import {
	ChainedAuditEvent,
	GENESIS_HASH,
	chainEvent,
	type DeviceAuditEvent
} from '$lib/domain/audit-chain';
import type { Done, Refusal } from '$lib/domain/result';

/** What one user's queue keeps on the device. */
export const QueueState = z.object({
	deviceId: z.string().min(8).max(64),
	/** Hash of the last entry of each family's chain, kept after upload so the chain goes on. */
	heads: z.record(z.string(), z.string()),
	pending: z.array(ChainedAuditEvent),
	/** Entries the server refused (4xx): kept with its reason, never silently dropped. */
	refused: z.array(z.object({ entry: ChainedAuditEvent, error: z.string() }))
});
export type QueueState = z.infer<typeof QueueState>;

/** Where a queue is persisted (IndexedDB in the browser, a Map in tests). */
export interface QueueStore {
	load(key: string): Promise<unknown>;
	save(key: string, state: QueueState): Promise<void>;
}

/** The server's answer to one upload. */
export type UploadResult =
	Done | Refusal<{ offline: true } | { offline: false; status: number; error: string }>;

export type Upload = (familyId: string, entries: ChainedAuditEvent[]) => Promise<UploadResult>;

/** Event fields the caller gives; the queue adds the device id. */
export type NewDeviceEvent = Omit<DeviceAuditEvent, 'deviceId'>;

export class AuditQueue {
	#store: QueueStore;
	#key: string;
	/** Every operation runs after the previous one: two appends never fork a chain. */
	#tail: Promise<unknown> = Promise.resolve();

	constructor(store: QueueStore, key: string) {
		this.#store = store;
		this.#key = key;
	}

	#serial<T>(fn: () => Promise<T>): Promise<T> {
		const run = this.#tail.then(fn, fn);
		this.#tail = run.catch(() => {});
		return run;
	}

	async #load(): Promise<QueueState> {
		const parsed = QueueState.safeParse(await this.#store.load(this.#key));
		if (parsed.success) return parsed.data;
		return { deviceId: crypto.randomUUID(), heads: {}, pending: [], refused: [] };
	}

	/** The stored state (for display and tests). */
	state(): Promise<QueueState> {
		return this.#serial(() => this.#load());
	}

	/** [DR4] Appends an event to its family's chain and persists it before resolving. */
	append(event: NewDeviceEvent): Promise<ChainedAuditEvent> {
		return this.#serial(async () => {
			const s = await this.#load();
			const entry = await chainEvent(s.heads[event.familyId] ?? GENESIS_HASH, {
				...event,
				deviceId: s.deviceId
			});
			s.heads[event.familyId] = entry.hash;
			s.pending.push(entry);
			await this.#store.save(this.#key, s);
			return entry;
		});
	}

	/**
	 * [DR5] Uploads pending entries, one request per family in chain order. Entries leave the
	 * queue when the server accepted them; offline they stay; a refusal moves them aside with the
	 * server's message. Returns how many entries are still pending.
	 */
	flush(upload: Upload): Promise<number> {
		return this.#serial(async () => {
			const s = await this.#load();
			const families = [...new Set(s.pending.map((e) => e.familyId))];
			for (const familyId of families) {
				const batch = s.pending.filter((e) => e.familyId === familyId);
				const res = await upload(familyId, batch);
				if (!res.ok && res.offline) continue;
				s.pending = s.pending.filter((e) => e.familyId !== familyId);
				if (!res.ok) s.refused.push(...batch.map((entry) => ({ entry, error: res.error })));
				await this.#store.save(this.#key, s);
			}
			return s.pending.length;
		});
	}
}
