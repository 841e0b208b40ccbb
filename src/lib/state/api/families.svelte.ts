/**
 * "Moje rodziny": the families the user may open, from `GET /api/families`, cached per user in
 * the user's sealed store (DV4) so the list (and every family file) opens offline.
 */
import { m } from '$lib/paraglide/messages.js';
import { z } from 'zod';
import { idText, type DocumentName, type FamilyId, type UserId } from '$lib/domain/ids';
import { CaseState } from '$lib/domain/case-state';
import { DocRole } from '$lib/sync/protocol';
import { device } from '$lib/device/device.svelte';

/** [DV4] The family list names families: kept only in the user's sealed store. */
function readCache(key: string): unknown {
	try {
		const raw = device.unlocked ? device.storage.getItem(key) : null;
		return raw === null ? null : (JSON.parse(raw) as unknown);
	} catch {
		return null;
	}
}

function writeCache(key: string, value: unknown): void {
	if (device.unlocked) device.storage.setItem(key, JSON.stringify(value));
}

const FamilyDocument = z.object({
	name: idText<DocumentName>(z.string().min(1).max(128)),
	role: DocRole,
	epoch: z.number().int().nonnegative()
});
export type FamilyDocument = z.infer<typeof FamilyDocument>;

/** One family as the API lists it. */
export const FamilyEntry = z.object({
	id: idText<FamilyId>(z.string().min(1).max(64)),
	name: z.string().max(500),
	doc: idText<DocumentName>(z.string().min(1).max(128)),
	// Keys are compartments; unknown ones (a newer server) are kept, not a reason to fail.
	docs: z.record(z.string(), FamilyDocument),
	/** Comments documents keyed by the compartment they comment on (older servers: none). */
	comments: z.record(z.string(), FamilyDocument).default({}),
	/** Compartments that exist but this user may not open: shown as "zastrzeżone". */
	restricted: z.array(z.string().max(64)).max(32).default([]),
	assistantId: z.string().nullable(),
	/** The server's projected case state, when the user may read the core file (older servers: none). */
	caseState: CaseState.nullable().catch(null).default(null),
	/** [AC12] Pinned by this user: kept whole on the device like the own caseload (SY12). */
	pinned: z.boolean().catch(false).default(false)
});
export type FamilyEntry = z.infer<typeof FamilyEntry>;

const FamilyList = z.array(FamilyEntry);

const cacheKey = (userId: UserId) => `asysta:families:u:${userId}`;
const Cached = z.object({ at: z.number(), families: FamilyList });

/** Where the list shown came from. */
export type FamiliesSource = 'none' | 'cache' | 'server';

/** The plan's comments document, or null when the user has no grant for the plan. */
export function planCommentsDocOf(f: FamilyEntry): FamilyDocument | null {
	return f.comments['plan'] ?? null;
}

/** The work-plan document of a family, or null when the user has no grant for it. */
export function planDocOf(f: FamilyEntry): FamilyDocument | null {
	return f.docs['plan'] ?? null;
}

class FamiliesState {
	list = $state.raw<FamilyEntry[]>([]);
	source = $state<FamiliesSource>('none');
	/** When the shown list was fetched from the server (ms). */
	fetchedAt = $state<number | null>(null);
	loading = $state(false);
	/** Polish message of the last failed refresh, or null. */
	error = $state<string | null>(null);
	#userId: UserId | null = null;

	/** Shows the cached list for the user at once. */
	showCached(userId: UserId): void {
		if (this.#userId !== userId) {
			this.#userId = userId;
			this.list = [];
			this.source = 'none';
			this.fetchedAt = null;
		}
		const cached = Cached.safeParse(readCache(cacheKey(userId)));
		if (cached.success && this.source !== 'server') {
			this.list = cached.data.families;
			this.source = 'cache';
			this.fetchedAt = cached.data.at;
		}
	}

	/** Cached list first, then the server's; returns 'unauthorized' on 401. */
	async load(userId: UserId): Promise<'ok' | 'offline' | 'unauthorized' | 'error'> {
		this.showCached(userId);
		this.loading = true;
		try {
			let res: Response;
			try {
				res = await fetch('/api/families', { headers: { accept: 'application/json' } });
			} catch {
				this.error = null;
				return 'offline';
			}
			if (res.status === 401) return 'unauthorized';
			if (!res.ok) {
				this.error = m.families_list_failed({ status: res.status });
				return 'error';
			}
			const parsed = FamilyList.safeParse(await res.json().catch(() => null));
			if (!parsed.success) {
				this.error = m.families_list_invalid();
				return 'error';
			}
			if (this.#userId !== userId) return 'ok'; // signed out meanwhile
			const at = Date.now();
			this.list = parsed.data;
			this.source = 'server';
			this.fetchedAt = at;
			this.error = null;
			writeCache(cacheKey(userId), { at, families: parsed.data });
			return 'ok';
		} finally {
			this.loading = false;
		}
	}

	/**
	 * [AC12] Pins or unpins a family on the server (per user, every device); the list and its cache
	 * follow. Returns a Polish error, or null when done.
	 */
	async setPinned(userId: UserId, familyId: FamilyId, pinned: boolean): Promise<string | null> {
		let res: Response;
		try {
			res = await fetch(`/api/families/${encodeURIComponent(familyId)}/pin`, {
				method: pinned ? 'PUT' : 'DELETE',
				headers: { accept: 'application/json' }
			});
		} catch {
			return m.caseload_pin_offline();
		}
		if (!res.ok) {
			const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
			return typeof body?.error === 'string' ? body.error : m.caseload_pin_failed();
		}
		if (this.#userId !== userId) return null;
		this.list = this.list.map((f) => (f.id === familyId ? { ...f, pinned } : f));
		writeCache(cacheKey(userId), { at: this.fetchedAt ?? Date.now(), families: this.list });
		return null;
	}

	/** The family with that id from the shown list. */
	find(id: FamilyId): FamilyEntry | null {
		return this.list.find((f) => f.id === id) ?? null;
	}

	/** Clears the in-memory list (the per-user cache stays for the next sign-in). */
	clear(): void {
		this.#userId = null;
		this.list = [];
		this.source = 'none';
		this.fetchedAt = null;
		this.error = null;
	}
}

/** The one families state of the app. */
export const families = new FamiliesState();
