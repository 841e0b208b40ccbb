/**
 * [HI2][HI4] "Historia" of one section of a family's file: its changes from the history API
 * (online only: the server holds the log), and the section as of a day, opened read-only from the
 * state the server replays. Responses parsed with zod.
 */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages.js';
import { docFromState } from '$lib/sync/history';
import { HistorySection } from '$lib/sync/section-state';
import type { DocHandle } from '$lib/sync/connect';
import { docAccess, type SyncDoc } from '$lib/sync/doc-access';

export { HistorySection };

const Change = z.object({
	part: z.string(),
	kind: z.enum(['added', 'removed', 'changed']),
	id: z.string(),
	label: z.string(),
	fields: z.array(z.string()),
	/** [CF1] Fields written but outranked at once by someone's concurrent value. */
	overwritten: z.array(z.string()).optional()
});
export type Change = z.infer<typeof Change>;

const Entry = z.object({
	seq: z.number().nullable(),
	arrivedAt: z.number(),
	authoredFrom: z.number().nullable(),
	authoredTo: z.number().nullable(),
	authoringUnknown: z.boolean(),
	offline: z.boolean(),
	userId: z.string().nullable(),
	userName: z.string().nullable(),
	userRole: z.string().nullable(),
	compacted: z.boolean(),
	changes: z.array(Change)
});
export type HistoryEntry = z.infer<typeof Entry>;

const Person = z.object({ id: z.string(), name: z.string(), role: z.string() });
export type Person = z.infer<typeof Person>;

const HistoryBody = z.object({
	exactSince: z.number().nullable(),
	people: z.array(Person),
	entries: z.array(Entry),
	matched: z.number()
});

const AsOfBody = z.object({
	at: z.number(),
	seq: z.number(),
	lastChangeAt: z.number().nullable(),
	versionHash: z.string(),
	exact: z.boolean(),
	state: z.string().max(50_000_000)
});

const ErrorBody = z.object({ error: z.string() });

async function errorOf(res: Response): Promise<string> {
	const body = ErrorBody.safeParse(await res.json().catch(() => null));
	return body.success ? body.data.error : m.families_server_error({ status: res.status });
}

/** What the list is filtered by: a person's id and days (YYYY-MM-DD), '' for none. */
export interface HistoryFilter {
	user: string;
	from: string;
	to: string;
}

export class HistoryState {
	entries = $state.raw<HistoryEntry[]>([]);
	people = $state.raw<Person[]>([]);
	exactSince = $state<number | null>(null);
	matched = $state(0);
	loading = $state(false);
	error = $state<string | null>(null);

	constructor(
		readonly familyId: string,
		readonly section: HistorySection
	) {}

	async load(filter: HistoryFilter): Promise<void> {
		const q = [
			filter.user ? `user=${encodeURIComponent(filter.user)}` : '',
			filter.from ? `from=${encodeURIComponent(filter.from)}` : '',
			filter.to ? `to=${encodeURIComponent(filter.to)}` : ''
		]
			.filter(Boolean)
			.join('&');
		this.loading = true;
		try {
			const res = await fetch(
				`/api/families/${encodeURIComponent(this.familyId)}/history/${this.section}?${q}`
			);
			if (!res.ok) throw new Error(await errorOf(res));
			const body = HistoryBody.parse(await res.json());
			this.entries = body.entries;
			// The filter's list keeps everyone seen so far, so choosing a person never empties it.
			const seen = this.people.filter((p) => !body.people.some((b) => b.id === p.id));
			this.people = [...seen, ...body.people].sort((a, b) => a.name.localeCompare(b.name, 'pl'));
			this.exactSince = body.exactSince;
			this.matched = body.matched;
			this.error = null;
		} catch (e) {
			this.error =
				e instanceof Error && e.message && !(e instanceof z.ZodError)
					? e.message
					: m.history_load_failed();
		} finally {
			this.loading = false;
		}
	}
}

/** A section's document as of a moment, opened read-only on the device. */
export interface SectionAsOf {
	/** Read like a live handle; `destroy()` drops the copy when the view closes. */
	handle: Pick<DocHandle, 'read' | 'destroy'>;
	seq: number;
	versionHash: string;
	exact: boolean;
	lastChangeAt: number | null;
}

/** A copy as of a day: read like a live handle, destroyed by whoever shows it. */
function readOnlyCopy(doc: SyncDoc): SectionAsOf['handle'] {
	const { read } = docAccess(doc);
	return { read, destroy: () => doc.destroy() };
}

/** Fetches a section as of the end of `day` (YYYY-MM-DD, Poland); throws a Polish message. */
export async function loadSectionAsOf(
	familyId: string,
	section: HistorySection,
	day: string
): Promise<SectionAsOf> {
	const res = await fetch(
		`/api/families/${encodeURIComponent(familyId)}/history/${section}/as-of?at=${encodeURIComponent(day)}`
	);
	if (!res.ok) throw new Error(await errorOf(res));
	const body = AsOfBody.parse(await res.json());
	const bytes = Uint8Array.from(atob(body.state), (c) => c.charCodeAt(0));
	return {
		handle: readOnlyCopy(docFromState(bytes)),
		seq: body.seq,
		versionHash: body.versionHash,
		exact: body.exact,
		lastChangeAt: body.lastChangeAt
	};
}
