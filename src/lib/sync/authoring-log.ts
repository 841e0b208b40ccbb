/**
 * [HI1] When this device wrote its own changes to one document, kept until the server has them.
 *
 * The server stamps every stored row with its arrival time; a change made offline arrives hours or
 * days after it was written, and only the device knows when. For each local transaction we keep
 * `{client, from, to, at}` (Yjs client id, clocks written, device time) in localStorage, merged
 * so that typing costs about one entry per minute, and drop what the server acknowledges. Pure
 * over a `Storage`, so it is tested without a browser.
 */
import { AuthoringRange, MAX_AUTHORING_RANGES } from './protocol.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Beyond this many entries (a long offline stretch) new ones merge within a day, not a minute. */
const COARSE_FROM = 1000;
/** And beyond this many, the whole log is merged within days. */
const MAX_ENTRIES = 2000;

/** localStorage key of one user's authoring log for one document epoch. */
export function authoringKey(userId: string, docName: string, epoch: number): string {
	return `asysta:authoring:u:${userId}:d:${docName}:e${epoch}`;
}

/**
 * Appends `r` to `list` (kept in order of writing), merged into the last entry of the same client
 * when its clocks follow on directly and it was written in the same `bucket` (minute or day):
 * the merged entry keeps the earlier time, so it never claims a change was made later than it was.
 */
export function mergeRange(list: AuthoringRange[], r: AuthoringRange, bucket = MINUTE): void {
	for (let i = list.length - 1; i >= 0; i--) {
		const last = list[i];
		if (last.client !== r.client) continue;
		if (last.to === r.from && Math.floor(last.at / bucket) === Math.floor(r.at / bucket)) {
			list[i] = { ...last, to: r.to };
			return;
		}
		break;
	}
	list.push(r);
}

/** Removes the clocks `[from, to)` of `client` from every entry (an entry may split in two). */
export function subtractRange(list: AuthoringRange[], s: AuthoringRange): AuthoringRange[] {
	const out: AuthoringRange[] = [];
	for (const r of list) {
		if (r.client !== s.client || r.to <= s.from || r.from >= s.to) {
			out.push(r);
			continue;
		}
		if (r.from < s.from) out.push({ ...r, to: s.from });
		if (r.to > s.to) out.push({ ...r, from: s.to });
	}
	return out;
}

/** The device's pending authoring ranges of one document. */
export class AuthoringLog {
	#list: AuthoringRange[];

	constructor(
		private readonly storage: Storage | null,
		private readonly key: string
	) {
		this.#list = this.#load();
	}

	#load(): AuthoringRange[] {
		try {
			const raw: unknown = JSON.parse(this.storage?.getItem(this.key) ?? '[]');
			if (!Array.isArray(raw)) return [];
			// Another tab or an older version may have written anything: keep what parses.
			return raw.flatMap((r) => {
				const p = AuthoringRange.safeParse(r);
				return p.success ? [p.data] : [];
			});
		} catch {
			return [];
		}
	}

	#save(): void {
		try {
			if (this.#list.length === 0) this.storage?.removeItem(this.key);
			else this.storage?.setItem(this.key, JSON.stringify(this.#list));
		} catch {
			// A full storage loses authoring times, never document content.
		}
	}

	/** Records one local transaction; nothing when the clock did not move. */
	record(client: number, from: number, to: number, at: number): void {
		if (to <= from) return;
		const bucket = this.#list.length >= COARSE_FROM ? DAY : MINUTE;
		mergeRange(this.#list, { client, from, to, at: Math.max(0, Math.round(at)) }, bucket);
		if (this.#list.length > MAX_ENTRIES) {
			const coarse: AuthoringRange[] = [];
			for (const r of this.#list) mergeRange(coarse, r, DAY);
			this.#list = coarse;
		}
		this.#save();
	}

	/** The first batch to send (at most MAX_AUTHORING_RANGES entries). */
	pending(): AuthoringRange[] {
		this.#list = this.#load();
		return this.#list.slice(0, MAX_AUTHORING_RANGES);
	}

	get size(): number {
		return this.#list.length;
	}

	/** Forgets the clocks the server settled (stored or refused for good). */
	settle(ranges: readonly AuthoringRange[]): void {
		this.#list = this.#load();
		for (const s of ranges) this.#list = subtractRange(this.#list, s);
		this.#save();
	}

	/** Drops the whole log (the local copy was discarded). */
	clear(): void {
		this.#list = [];
		this.#save();
	}
}
