/**
 * Where documents live between loads: an append-only log of accepted updates plus checkpoints.
 * Rules DS1.. in server/SPEC.md; tests/contract/doc-store.contract.ts proves them for every store.
 */
import type { UpdateLog } from '../../src/lib/server/update-log.js';

/** One accepted update, exactly as the live document emitted it. */
export interface UpdateRow {
	docName: string;
	/** Per-document sequence number, 1, 2, 3 … assigned by the room; unique per document. */
	seq: number;
	/** Server time in ms when the update was applied. */
	createdAt: number;
	/** The authenticated user who sent it; Yjs client ids are not users (stack.md §6). */
	userId: string;
	/** Stored session id (the token's hash), for the audit trail. */
	sessionId: string;
	/** Yjs client ids whose clocks this update advances. */
	clientIds: number[];
	bytes: Uint8Array;
}

/** The full state of a document up to and including `uptoSeq`. */
export interface CheckpointRow {
	docName: string;
	/** Bumped when a document is rebuilt; rows of an older epoch never mix with a newer one. */
	epoch: number;
	uptoSeq: number;
	createdAt: number;
	/** `Y.encodeStateAsUpdate` of the live document (gc on). */
	state: Uint8Array;
}

/** What `load` returns: enough to rebuild the document without any other read. */
export interface LoadedDoc {
	/** The checkpoint with the highest `uptoSeq` (ties: highest epoch), or null if none. */
	checkpoint: { epoch: number; uptoSeq: number; state: Uint8Array } | null;
	/** Every row with `seq > checkpoint.uptoSeq` (all rows without a checkpoint), ascending. */
	updates: { seq: number; bytes: Uint8Array }[];
	/** The highest seq known for the document (rows or checkpoint); 0 for a new document. */
	lastSeq: number;
	/** Every Yjs client id of the document bound to a user (DS10), in no particular order. */
	clients: ClientBinding[];
}

/**
 * [DS10] A Yjs client id of one document belongs to the user from whose socket it first appeared
 * (server/SPEC.md RM16). Bindings are never changed or removed: a later claim is refused.
 */
export interface ClientBinding {
	docName: string;
	clientId: number;
	userId: string;
	/** Server time in ms when the id first appeared. */
	boundAt: number;
}

/**
 * [DS16] A reader that already holds every row up to `after` (a node catching up, CL5) reads only
 * what is newer: the rows with a higher seq, and the checkpoint only when it covers seqs above
 * `after` (rows it folded are gone). `lastSeq` is the highest of `after` and what was read;
 * the bindings are all of them, as in a full load.
 */
export interface LoadOptions {
	after?: number;
}

/** Everything one persist tick writes, for any number of documents. */
export interface CommitBatch {
	updates: UpdateRow[];
	checkpoints: CheckpointRow[];
	/** New client-id bindings; a binding already stored for (docName, clientId) is kept as is. */
	clients?: ClientBinding[];
}

/** The state a compaction starts from: the latest checkpoint, or null for a document without one. */
export type FoldBase = LoadedDoc['checkpoint'];

/**
 * Merges `rows` (ascending, all after `base`) into `base`, returning the full state; the caller
 * owns Yjs (e.g. apply both into a fresh Y.Doc and `encodeStateAsUpdate`). May be async.
 */
export type Fold = (
	base: FoldBase,
	rows: { seq: number; bytes: Uint8Array }[]
) => Uint8Array | Promise<Uint8Array>;

/** What one compaction should fold. */
export interface CompactOptions {
	/** Epoch of the checkpoint it writes. */
	epoch: number;
	/** Server time in ms stamped on that checkpoint. */
	now: number;
	/**
	 * Only rows created before this time (ms) are folded and deleted, as one leading run in seq
	 * order: newer rows stay for history and audit (stack.md §6). Default: every row.
	 */
	before?: number;
}

/** What a compaction did; null when there was nothing to fold or delete. */
export interface CompactResult {
	/** uptoSeq of the checkpoint that now covers every deleted row. */
	uptoSeq: number;
	/** Rows passed to `fold` (those after the previous checkpoint). */
	folded: number;
	/** Rows deleted: the folded ones and older ones the previous checkpoint already covered. */
	deleted: number;
}

/**
 * Storage for the sync server. Invariants every implementation keeps:
 * - `commit` is one transaction: after it resolves all rows and checkpoints are durable; when it
 *   rejects (e.g. a duplicate seq) none of them are stored (DS4).
 * - Rows are never changed after commit; `load` returns the bytes exactly as committed (DS2).
 * - `load` reads one consistent view: a concurrent commit is seen entirely or not at all (DS3).
 * - Committing a checkpoint with the same (docName, epoch, uptoSeq) again replaces it (DS7).
 * Callers own seq assignment; a store never renumbers — except the PostgreSQL store shared by
 * several nodes, which numbers each commit's rows after the highest stored seq (CL1).
 */
export interface DocStore {
	/** Latest checkpoint plus the rows after it (with `after`, only what is newer, DS16). */
	load(docName: string, options?: LoadOptions): Promise<LoadedDoc>;
	/** Stores all rows and checkpoints of the batch atomically. */
	commit(batch: CommitBatch): Promise<void>;
	/**
	 * [DS11] Folds the oldest rows of one document into a checkpoint and deletes exactly those
	 * rows, holding a per-document lock (PostgreSQL: `pg_advisory_xact_lock`) so only one
	 * compaction of a document runs at a time, on any node. Appends need no lock: a row committed
	 * while `fold` runs is neither folded nor deleted.
	 */
	compact(docName: string, fold: Fold, options: CompactOptions): Promise<CompactResult | null>;
	/** Releases the store's own resources; a store never closes a database it was handed. */
	close(): Promise<void>;
	/**
	 * [RM4] True when a commit waits on another process (PostgreSQL) instead of holding the event
	 * loop: the persist queue then commits as soon as the previous commit is done (group commit)
	 * rather than once per interval, since waiting costs latency and saves no loop time.
	 */
	readonly groupCommit?: boolean;
	/**
	 * [DS17] The log as history reads it (rows with their arrival and author, checkpoints), on the
	 * store's own engine; absent (a test store): history reads the app's SQLite database.
	 */
	readonly log?: UpdateLog;
}
