/**
 * [HI2][HI4][HI5] The history of a section of a family's file, read from the stored update log:
 * who changed what and when (the server's arrival time of each row and, from the authoring
 * ranges devices report, when the change was made), and the section as of a moment.
 *
 * Rows are never deleted today (server/store/sqlite.ts), so history is exact: one entry per
 * stored row. Should a compaction ever fold older rows into a checkpoint, the folded span is
 * still told: one entry per pair of consecutive checkpoints, dated by the later one (at least day
 * resolution, since rooms checkpoint at least on every unload), with no author; and a moment
 * inside that span is shown as the latest checkpoint made by then.
 *
 * The replay itself (Yjs) is the sync layer's (src/lib/sync/history.ts); the rows come from the
 * document store's update log on either engine (update-log.ts, DS17); this module owns the rules.
 * Deliberate: the data layer otherwise never touches document content.
 *
 * Past 250 lines on purpose: the history and the state as of a moment share the folded-span rule
 * above and must not drift apart; the update log's reading is in update-log.ts.
 */
import { createHash } from 'node:crypto';
import type { Sql } from './sql.js';
import { placeholders } from './sql-batch.js';
import { authoringRangesOf, type StoredRange } from './authoring-times.js';
import { diffSections, type RecordChange } from '../domain/history-diff.js';
import {
	changesOfRows,
	rowClocks,
	sectionOfState,
	stateAfter,
	type ClockRange
} from '../sync/history.js';
import type { HistorySection } from '../sync/section-state.js';
import { startOf, type UpdateLog } from './update-log.js';

/** A change whose device time is this much older than its arrival was made offline. */
export const OFFLINE_GAP_MS = 2 * 60_000;
/** Most entries one request returns (newest first). */
export const MAX_HISTORY_ENTRIES = 1000;

export interface HistoryFilter {
	/** Only this user's changes. */
	userId?: string;
	/** Only changes made or received in [from, to] (ms). */
	from?: number;
	to?: number;
	limit: number;
}

export interface HistoryEntry {
	/** The row's seq; null for a span folded into checkpoints. */
	seq: number | null;
	/** When the server received it (for a folded span: when its checkpoint was made). */
	arrivedAt: number;
	/** When the device says it was made (earliest and latest of the row), clamped ≤ arrival. */
	authoredFrom: number | null;
	authoredTo: number | null;
	/** Some of the row's clocks carry a device time the server judged implausible. */
	authoringUnknown: boolean;
	/** Made well before it arrived (OFFLINE_GAP_MS). */
	offline: boolean;
	userId: string | null;
	userName: string | null;
	userRole: string | null;
	/** A span of folded rows: authors and exact times are gone. */
	compacted: boolean;
	changes: RecordChange[];
}

export interface Person {
	id: string;
	name: string;
	role: string;
}

export interface SectionHistory {
	/** Rows since then are told one by one; null when no row was ever folded. */
	exactSince: number | null;
	/** Everyone who changed the section (for the filter). */
	people: Person[];
	/** Entries matching the filter, newest first, at most `limit`. */
	entries: HistoryEntry[];
	/** How many entries matched before the limit. */
	matched: number;
}

/** Device times of a row's clocks, from the stored authoring ranges. */
function authoringOf(
	clocks: ClockRange[],
	byClient: Map<number, StoredRange[]>,
	arrivedAt: number
): Pick<HistoryEntry, 'authoredFrom' | 'authoredTo' | 'authoringUnknown' | 'offline'> {
	let lo: number | null = null;
	let hi: number | null = null;
	let unknown = false;
	for (const c of clocks) {
		for (const r of byClient.get(c.client) ?? []) {
			if (r.to <= c.from || r.from >= c.to) continue;
			if (r.authoredAt === null) {
				unknown = true;
				continue;
			}
			const at = Math.min(r.authoredAt, arrivedAt);
			lo = lo === null ? at : Math.min(lo, at);
			hi = hi === null ? at : Math.max(hi, at);
		}
	}
	return {
		authoredFrom: lo,
		authoredTo: hi,
		authoringUnknown: unknown,
		offline: lo !== null && arrivedAt - lo > OFFLINE_GAP_MS
	};
}

/** The people named, in one statement. */
async function peopleOf(sql: Sql, ids: Iterable<string>): Promise<Map<string, Person>> {
	const wanted = [...ids];
	const found = new Map(
		wanted.length === 0
			? []
			: (
					await sql.all<Person>(
						`SELECT id, name, role FROM users WHERE id IN (${placeholders(wanted.length)})`,
						...wanted
					)
				).map((p) => [p.id, p])
	);
	return new Map(wanted.map((id) => [id, found.get(id) ?? { id, name: '', role: '' }]));
}

function inRange(e: HistoryEntry, f: HistoryFilter): boolean {
	const from = f.from ?? -Infinity;
	const to = f.to ?? Infinity;
	if (e.arrivedAt >= from && e.arrivedAt <= to) return true;
	return (
		e.authoredFrom !== null && e.authoredTo !== null && e.authoredTo >= from && e.authoredFrom <= to
	);
}

/** [HI2] Who changed what and when in one section document, newest first. */
export async function sectionHistory(
	sql: Sql,
	log: UpdateLog,
	docName: string,
	section: HistorySection,
	filter: HistoryFilter
): Promise<SectionHistory> {
	const { start, folded } = await startOf(log, docName);
	const rows = await log.rows(docName, start?.uptoSeq ?? 0);
	const byClient = new Map<number, StoredRange[]>();
	for (const r of await authoringRangesOf(sql, docName)) {
		const list = byClient.get(r.clientId) ?? [];
		list.push(r);
		byClient.set(r.clientId, list);
	}
	const people = await peopleOf(sql, new Set(rows.map((r) => r.userId)));

	const entries: HistoryEntry[] = rows.map((r) => ({
		seq: r.seq,
		arrivedAt: r.createdAt,
		...authoringOf(rowClocks(r.bytes), byClient, r.createdAt),
		userId: r.userId,
		userName: people.get(r.userId)?.name ?? null,
		userRole: people.get(r.userId)?.role ?? null,
		compacted: false,
		changes: []
	}));
	// [HI5] Folded spans: what changed between consecutive checkpoints, dated by the later one.
	const foldedEntries: HistoryEntry[] = [];
	let before = sectionOfState(section, null);
	for (const cp of folded) {
		const after = sectionOfState(section, await log.checkpointState(docName, cp.uptoSeq));
		foldedEntries.push({
			seq: null,
			arrivedAt: cp.createdAt,
			authoredFrom: null,
			authoredTo: null,
			authoringUnknown: false,
			offline: false,
			userId: null,
			userName: null,
			userRole: null,
			compacted: true,
			changes: diffSections(before, after)
		});
		before = after;
	}

	const matching = [...foldedEntries, ...entries].filter(
		(e) => (filter.userId === undefined || e.userId === filter.userId) && inRange(e, filter)
	);
	const limit = Math.min(Math.max(1, filter.limit), MAX_HISTORY_ENTRIES);
	const shown = matching.slice(-limit);
	const selected = new Set(shown.flatMap((e) => (e.seq === null ? [] : [e.seq])));
	const startState = start ? await log.checkpointState(docName, start.uptoSeq) : null;
	const changes = changesOfRows(section, startState, rows, selected);
	for (const e of shown) if (e.seq !== null) e.changes = changes.get(e.seq) ?? [];
	return {
		exactSince: start ? start.createdAt : null,
		people: [...people.values()].sort((a, b) => a.name.localeCompare(b.name, 'pl')),
		entries: shown.reverse(),
		matched: matching.length
	};
}

export interface StateAsOf {
	/** The moment asked for (ms). */
	at: number;
	/** Full-state update of the document at that moment. */
	state: Uint8Array;
	/** The last row included (0: none); the version's number. */
	seq: number;
	/** When that row arrived (or its checkpoint was made); null for the empty document. */
	lastChangeAt: number | null;
	/** SHA-256 (hex) of `docName`, `seq` and the state's snapshot: names this version. */
	versionHash: string;
	/** False when `at` falls in a folded span: the state is the latest checkpoint made by then. */
	exact: boolean;
}

/**
 * [HI4] The document as it stood at `at`: the rows received up to then, in log order, replayed
 * from the latest checkpoint inside them (or the empty document). Rows are a prefix of the log:
 * the first row received after `at` ends it, so a later row is never half included.
 */
export async function stateAsOf(log: UpdateLog, docName: string, at: number): Promise<StateAsOf> {
	const { start, folded } = await startOf(log, docName);
	let state: { state: Uint8Array; snapshot: Uint8Array };
	let seq: number;
	let lastChangeAt: number | null;
	let exact = true;
	if (start && at < start.createdAt) {
		// Inside the folded span: the latest checkpoint made by then (day resolution at least).
		exact = false;
		const cp = folded.filter((c) => c.createdAt <= at).at(-1) ?? null;
		state = stateAfter(cp ? await log.checkpointState(docName, cp.uptoSeq) : null, []);
		seq = cp?.uptoSeq ?? 0;
		lastChangeAt = cp?.createdAt ?? null;
	} else {
		// The prefix ends before the first row received after `at`; the latest checkpoint inside
		// it holds exactly rows 1..upto_seq (RM4), so only the rows after it are replayed.
		const after = await log.firstSeqArrivedAfter(docName, start?.uptoSeq ?? 0, at);
		const end = after === null ? Infinity : after - 1;
		const cp =
			(await log.checkpoints(docName))
				.filter((c) => c.uptoSeq >= (start?.uptoSeq ?? 0) && c.uptoSeq <= end)
				.at(-1) ?? start;
		const startState = cp ? await log.checkpointState(docName, cp.uptoSeq) : null;
		seq = cp?.uptoSeq ?? 0;
		lastChangeAt = cp?.createdAt ?? null;
		const prefix = await log.rows(docName, seq, end === Infinity ? undefined : end);
		const last = prefix.at(-1);
		if (last) {
			seq = last.seq;
			lastChangeAt = last.createdAt;
		}
		state = stateAfter(startState, prefix);
	}
	const versionHash = createHash('sha256')
		.update(`${docName}\n${seq}\n`)
		.update(state.snapshot)
		.digest('hex');
	return { at, state: state.state, seq, lastChangeAt, versionHash, exact };
}
