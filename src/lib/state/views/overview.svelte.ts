/**
 * Facts about all of the user's families for "Moje rodziny" (caseload, state, next deadline) and
 * the cross-family "Najbliższe terminy" tray. Each family's core, plan, visits, assessments and court
 * documents are opened through the shared pool in the background, a few at a time (a bounded
 * number of families, the user's own first): each open costs an
 * IndexedDB load and a socket, and the pool keeps them open, so every family is then also
 * synced and ready offline. A family page asks for its own family first (`ensure`).
 */
import { documents, type DocRef } from '../documents/documents.svelte';
import { FamilyFacts, type FactDoc } from '../family/family-facts.svelte';
import type { FamilyEntry } from '../api/families.svelte';
import { familiesToFollow } from '../documents/background-families';

/** Documents opened at the same time in the background. */
const CONCURRENCY = 3;
// [NK1] The violence compartment opens only where a grant exists (the diagnostic group).
const KINDS: readonly FactDoc[] = ['core', 'plan', 'visits', 'assessments', 'court', 'violence'];

interface Job {
	familyId: string;
	/** The fact the document feeds, or null: opened only to be on the device (SY7). */
	kind: FactDoc | null;
	ref: DocRef;
	/** The user's role on the document (NK2: `submit` is write-only). */
	role?: string;
}

/**
 * [SY7] Every document of a family the user may read: its compartments and their comments. For
 * the user's own families (and the one on screen) all of them are kept on the device, so each
 * section opens offline; for others only the documents the overview reads.
 */
export function caseloadDocs(family: FamilyEntry): DocRef[] {
	return [...Object.values(family.docs), ...Object.values(family.comments)].map((d) => ({
		name: d.name,
		epoch: d.epoch,
		role: d.role
	}));
}

/**
 * [SY12] Whether every document of the family is kept on the device: the user's own caseload, and
 * the families the user pinned (a head's or a kurator's wider access, AC12).
 */
export function isKeptWhole(userId: string, family: FamilyEntry): boolean {
	return family.assistantId === userId || family.pinned;
}

/**
 * The documents of `family` the background keeps on the device for `userId`: all of an own
 * family's (SY7), the overview's few for others. Readiness on the card is judged over these.
 */
export function keptDocs(userId: string, family: FamilyEntry): DocRef[] {
	if (isKeptWhole(userId, family)) return caseloadDocs(family);
	return KINDS.flatMap((k) => {
		const d = family.docs[k];
		return d ? [{ name: d.name, epoch: d.epoch, role: d.role }] : [];
	});
}

class FamiliesOverview {
	/** Facts per family id (only families seen since sign-in). */
	facts = $state.raw<Record<string, FamilyFacts>>({});
	#userId: string | null = null;
	#queue: Job[] = [];
	#running = 0;
	#queued = new Set<string>();

	#reset(userId: string): void {
		// After sign-out the pool closed every document: start over (same user or not).
		const poolClosed =
			this.#queued.size > 0 &&
			this.#running === 0 &&
			this.#queue.length === 0 &&
			documents.open.length === 0;
		if (this.#userId === userId && !poolClosed) return;
		for (const f of Object.values(this.facts)) f.destroy();
		this.#userId = userId;
		this.facts = {};
		this.#queue = [];
		this.#queued.clear();
	}

	#factsOf(familyId: string): FamilyFacts {
		let f = this.facts[familyId];
		if (!f) {
			f = new FamilyFacts();
			this.facts = { ...this.facts, [familyId]: f };
		}
		return f;
	}

	#jobs(family: FamilyEntry, everything: boolean): Job[] {
		const jobs: Job[] = [];
		for (const kind of KINDS) {
			const d = family.docs[kind];
			if (d)
				jobs.push({
					familyId: family.id,
					kind,
					ref: { name: d.name, epoch: d.epoch },
					role: d.role
				});
		}
		if (everything) {
			const facts = new Set(jobs.map((j) => j.ref.name));
			for (const ref of caseloadDocs(family))
				if (!facts.has(ref.name)) jobs.push({ familyId: family.id, kind: null, ref });
		}
		return jobs;
	}

	#pump(): void {
		const userId = this.#userId;
		while (userId && this.#running < CONCURRENCY && this.#queue.length > 0) {
			const job = this.#queue.shift() as Job;
			this.#running++;
			documents
				.acquire(userId, job.ref)
				.then((od) => {
					if (this.#userId === userId && job.kind)
						this.#factsOf(job.familyId).attach(job.kind, od.handle, job.role);
				})
				.catch(() => this.#queued.delete(`${job.familyId}/${job.ref.name}`))
				.finally(() => {
					this.#running--;
					this.#pump();
				});
		}
	}

	/**
	 * Opens the documents of the user's families in the background: `priority` ones first, then
	 * the user's own, then others while fewer than BACKGROUND_FAMILIES are followed.
	 */
	follow(userId: string, list: readonly FamilyEntry[], priority: readonly string[] = []): void {
		this.#reset(userId);
		const followed = new Set(Object.keys(this.facts));
		for (const family of familiesToFollow(list, userId, priority, followed)) {
			this.#factsOf(family.id);
			const mine = isKeptWhole(userId, family) || priority.includes(family.id);
			for (const job of this.#jobs(family, mine)) {
				const key = `${job.familyId}/${job.ref.name}`;
				if (this.#queued.has(key)) continue;
				this.#queued.add(key);
				if (priority.includes(family.id)) this.#queue.unshift(job);
				else this.#queue.push(job);
			}
		}
		this.#pump();
	}

	/** The facts of one family, its documents opened ahead of any others waiting. */
	ensure(userId: string, family: FamilyEntry): FamilyFacts {
		this.follow(userId, [family], [family.id]);
		return this.#factsOf(family.id);
	}
}

/** The one overview of the app. */
export const overview = new FamiliesOverview();
