/**
 * The default DocStore: two tables in the app's SQLite database. Better-sqlite3 is synchronous,
 * so a commit finishes before the next message is handled; WAL with synchronous=NORMAL makes
 * every committed transaction survive a crash of the process (db.ts).
 */
import type Database from 'better-sqlite3';
import type { CommitBatch, DocStore, LoadedDoc } from './doc-store.js';

const SCHEMA = `
	CREATE TABLE IF NOT EXISTS doc_updates (
		doc_name TEXT NOT NULL,
		seq INTEGER NOT NULL,
		created_at INTEGER NOT NULL,
		user_id TEXT NOT NULL,
		session_id TEXT NOT NULL,
		client_ids TEXT NOT NULL,
		bytes BLOB NOT NULL,
		PRIMARY KEY (doc_name, seq)
	);
	CREATE TABLE IF NOT EXISTS doc_checkpoints (
		doc_name TEXT NOT NULL,
		epoch INTEGER NOT NULL,
		upto_seq INTEGER NOT NULL,
		created_at INTEGER NOT NULL,
		state BLOB NOT NULL,
		PRIMARY KEY (doc_name, epoch, upto_seq)
	);
`;

/** [DS10] Client-id bindings (RM16): the first user a Yjs client id of a document came from. */
const CLIENTS_SCHEMA = `
	CREATE TABLE doc_clients (
		doc_name TEXT NOT NULL,
		client_id INTEGER NOT NULL,
		user_id TEXT NOT NULL,
		bound_at INTEGER NOT NULL,
		PRIMARY KEY (doc_name, client_id)
	);
	CREATE TRIGGER doc_clients_no_update BEFORE UPDATE ON doc_clients
		BEGIN SELECT RAISE(ABORT, 'doc_clients is append-only'); END;
	-- Documents stored before bindings existed: each client id belongs to the user of the first
	-- row that advanced it (SQLite takes the bare columns from the row holding min(seq)).
	INSERT INTO doc_clients (doc_name, client_id, user_id, bound_at)
		SELECT doc_name, client_id, user_id, created_at FROM (
			SELECT u.doc_name, CAST(j.value AS INTEGER) AS client_id, u.user_id, u.created_at, min(u.seq)
			FROM doc_updates u, json_each(u.client_ids) j
			GROUP BY u.doc_name, j.value
		);
`;

type CheckpointSql = { epoch: number; upto_seq: number; state: Buffer };

/** Views a Buffer as a plain Uint8Array without copying. */
function bytesOf(b: Buffer): Uint8Array {
	return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** DocStore on a better-sqlite3 connection it does not own. */
export class SqliteDocStore implements DocStore {
	readonly #loadTx: (docName: string) => LoadedDoc;
	readonly #commitTx: (batch: CommitBatch) => void;

	constructor(db: Database.Database) {
		db.exec(SCHEMA);
		const hasClients = db
			.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'doc_clients'")
			.get();
		if (!hasClients) db.transaction(() => db.exec(CLIENTS_SCHEMA))();
		const clients = db.prepare(
			'SELECT client_id, user_id, bound_at FROM doc_clients WHERE doc_name = ?'
		);
		const insertClient = db.prepare(
			`INSERT OR IGNORE INTO doc_clients (doc_name, client_id, user_id, bound_at)
			 VALUES (?, ?, ?, ?)`
		);
		const checkpoint = db.prepare(
			`SELECT epoch, upto_seq, state FROM doc_checkpoints WHERE doc_name = ?
			 ORDER BY upto_seq DESC, epoch DESC LIMIT 1`
		);
		const rows = db.prepare(
			'SELECT seq, bytes FROM doc_updates WHERE doc_name = ? AND seq > ? ORDER BY seq'
		);
		const maxSeq = db.prepare('SELECT max(seq) AS s FROM doc_updates WHERE doc_name = ?');
		const insertUpdate = db.prepare(
			`INSERT INTO doc_updates (doc_name, seq, created_at, user_id, session_id, client_ids, bytes)
			 VALUES (?, ?, ?, ?, ?, ?, ?)`
		);
		const insertCheckpoint = db.prepare(
			`INSERT OR REPLACE INTO doc_checkpoints (doc_name, epoch, upto_seq, created_at, state)
			 VALUES (?, ?, ?, ?, ?)`
		);
		// A read transaction gives load one snapshot of both tables (DS3).
		this.#loadTx = db.transaction((docName: string): LoadedDoc => {
			const cp = checkpoint.get(docName) as CheckpointSql | undefined;
			const upto = cp?.upto_seq ?? 0;
			const updates = (rows.all(docName, upto) as { seq: number; bytes: Buffer }[]).map((r) => ({
				seq: r.seq,
				bytes: bytesOf(r.bytes)
			}));
			const top = (maxSeq.get(docName) as { s: number | null }).s ?? 0;
			return {
				checkpoint: cp ? { epoch: cp.epoch, uptoSeq: upto, state: bytesOf(cp.state) } : null,
				updates,
				lastSeq: Math.max(top, upto),
				clients: (
					clients.all(docName) as { client_id: number; user_id: string; bound_at: number }[]
				).map((c) => ({
					docName,
					clientId: c.client_id,
					userId: c.user_id,
					boundAt: c.bound_at
				}))
			};
		});
		this.#commitTx = db.transaction((batch: CommitBatch) => {
			for (const u of batch.updates) {
				insertUpdate.run(
					u.docName,
					u.seq,
					u.createdAt,
					u.userId,
					u.sessionId,
					JSON.stringify(u.clientIds),
					u.bytes
				);
			}
			for (const c of batch.checkpoints) {
				insertCheckpoint.run(c.docName, c.epoch, c.uptoSeq, c.createdAt, c.state);
			}
			for (const c of batch.clients ?? []) {
				insertClient.run(c.docName, c.clientId, c.userId, c.boundAt);
			}
		});
	}

	async load(docName: string): Promise<LoadedDoc> {
		return this.#loadTx(docName);
	}

	async commit(batch: CommitBatch): Promise<void> {
		if (batch.updates.length === 0 && batch.checkpoints.length === 0 && !batch.clients?.length)
			return;
		this.#commitTx(batch);
	}

	async close(): Promise<void> {
		// The connection belongs to the app (db.ts), which closes it after the sync server.
	}
}
