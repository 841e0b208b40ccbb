/**
 * [SY7] The user's caseload kept on the device in the background, from whichever page the user is
 * on: the family list from the server, then every document of the user's own families (at most
 * 15 for an assistant) opened through the pool, which keeps them open and current while online.
 * An assistant who signs in and goes straight to one family's plan still finds the other families
 * ready at a kitchen table without network. Started by the signed-in layout.
 */
import { askPersistentStorage } from '$lib/sync/browser-storage';
import { documents } from './documents.svelte';
import { families } from '../api/families.svelte';
import { caseloadDocs, isKeptWhole, keptDocs, overview } from '../views/overview.svelte';

class CaseloadState {
	#userId: string | null = null;
	#refreshing = false;
	#onOnline = () => void this.refresh();

	/** Starts (or resumes) keeping the user's caseload on the device; idempotent. */
	start(userId: string, onUnauthorized: () => void): void {
		if (typeof window === 'undefined') return;
		const first = this.#userId !== userId;
		this.#userId = userId;
		this.#unauthorized = onUnauthorized;
		families.showCached(userId);
		overview.follow(userId, families.list);
		if (!first) return;
		askPersistentStorage();
		window.removeEventListener('online', this.#onOnline);
		window.addEventListener('online', this.#onOnline);
		void this.refresh();
	}

	#unauthorized: () => void = () => {};

	/** The server's list, then the background opens what is not open yet. */
	async refresh(): Promise<void> {
		const userId = this.#userId;
		if (!userId || this.#refreshing) return;
		this.#refreshing = true;
		try {
			const r = await families.load(userId);
			if (r === 'unauthorized') this.#unauthorized();
			if (this.#userId !== userId) return;
			overview.follow(userId, families.list);
			// Changes still waiting in any family go out now, without opening it.
			documents.syncWaiting(userId, families.list.flatMap(caseloadDocs));
		} finally {
			this.#refreshing = false;
		}
	}

	/** Signed out: the next sign-in starts over. */
	stop(): void {
		this.#userId = null;
		if (typeof window !== 'undefined') window.removeEventListener('online', this.#onOnline);
	}

	/** How many of the user's own families are all on the device, for the first-time progress. */
	progress(userId: string): { done: number; total: number; known: boolean } {
		const own = families.list.filter((f) => isKeptWhole(userId, f));
		let done = 0;
		for (const f of own) if (documents.readinessOf(userId, keptDocs(userId, f)).ready) done++;
		// Until the server's list came, the caseload itself is not known (a new family may wait).
		return { done, total: own.length, known: families.source === 'server' };
	}
}

/** The one caseload of the app. */
export const caseload = new CaseloadState();
