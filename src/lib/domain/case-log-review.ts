/**
 * [CE8] A review of a case log as it is stored, for the head: entries that break the write
 * policy the server now enforces (RM16–RM18) — written before it did, or by a server that did
 * not — are named, never silently trusted. Pure: the server hands over each entry with the user
 * its Yjs client id is bound to (DS10) and that user's staff role.
 */
import { CaseEvent, RECORDED_ONLY_BY } from './case-events.js';
import { actorFor } from './case-intake.js';
import { exitOf } from './case-state.js';
import { StaffRole } from './roles.js';

/** One position of the stored case log: a live entry, or an entry someone removed. */
export type StoredCaseEntry =
	| { removed: false; raw: unknown; writer: { userId: string; staffRole: string } | null }
	| { removed: true; writer: { userId: string; staffRole: string } | null };

export type CaseLogBreakCode =
	/** The log is append-only: an entry was removed (its content is gone from the document). */
	| 'removed'
	/** The entry does not parse as a case event. */
	| 'invalid'
	/** No user is bound to the client id that wrote it: its writer cannot be named. */
	| 'unknown-writer'
	/** The entry names another user than the one who wrote it. */
	| 'foreign-author'
	/** A transition that is not an exit of the lifecycle. */
	| 'not-an-exit'
	/** A transition or event the writer's staff role may not take (Exit.by, CE7). */
	| 'not-your-transition';

export interface CaseLogBreak {
	/** 0-based position in the stored log, removed entries included. */
	position: number;
	code: CaseLogBreakCode;
	/** The event's id, type and time when it still parses. */
	eventId: string | null;
	type: string | null;
	at: string | null;
	/** Who wrote it according to the server's binding, when known. */
	writerId: string | null;
	/** Who the entry claims wrote it. */
	claimedActorId: string | null;
}

/** Every break of the policy in `entries`, in log order; an entry breaks at most once. */
export function reviewCaseLog(entries: readonly StoredCaseEntry[]): CaseLogBreak[] {
	const breaks: CaseLogBreak[] = [];
	entries.forEach((entry, position) => {
		const writerId = entry.writer?.userId ?? null;
		const base = { position, writerId, eventId: null, type: null, at: null, claimedActorId: null };
		if (entry.removed) return void breaks.push({ ...base, code: 'removed' });
		const parsed = CaseEvent.safeParse(entry.raw);
		if (!parsed.success) return void breaks.push({ ...base, code: 'invalid' });
		const e = parsed.data;
		const found = { ...base, eventId: e.id, type: e.type, at: e.at, claimedActorId: e.actorId };
		const code = breakOf(e, entry.writer);
		if (code) breaks.push({ ...found, code });
	});
	return breaks;
}

function breakOf(
	e: CaseEvent,
	writer: { userId: string; staffRole: string } | null
): CaseLogBreakCode | null {
	if (!writer) return 'unknown-writer';
	if (e.actorId !== writer.userId) return 'foreign-author';
	const onlyBy = RECORDED_ONLY_BY[e.type];
	if (onlyBy && !onlyBy.includes(writer.staffRole)) return 'not-your-transition';
	if (e.type !== 'przejscie') return null;
	const exit = exitOf(e.from, e.to);
	if (!exit) return 'not-an-exit';
	const role = StaffRole.safeParse(writer.staffRole);
	const actor = role.success ? actorFor(role.data) : null;
	return actor && exit.by.includes(actor) ? null : 'not-your-transition';
}
