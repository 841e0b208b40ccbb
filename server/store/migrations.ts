/**
 * The document store's schema for both engines, kept in one place so a change to one is seen
 * beside the other. SQLite: the app's database (src/lib/server/migrations.ts holds the rest of
 * its schema); the doc tables are created by SqliteDocStore on open. PostgreSQL: an ordered list
 * applied by `migratePg` under an advisory lock, so two nodes starting at once apply it once.
 * Append new PostgreSQL steps at the end; never edit an applied one. The account store's
 * PostgreSQL tables are here too (step 2): one list, one lock, one database for both stores.
 */

/** SQLite: the update log and checkpoints (stack.md §6). */
export const SQLITE_DOC_SCHEMA = `
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

/** SQLite: [DS10] client-id bindings (RM16): the first user a Yjs client id of a document came from. */
export const SQLITE_CLIENTS_SCHEMA = `
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

/**
 * PostgreSQL, in order. Times are epoch milliseconds (bigint) as in SQLite, so rows move between
 * engines unchanged; client ids are Yjs uint32 values, hence bigint.
 */
export const PG_MIGRATIONS: readonly string[] = [
	// 1: the update log, checkpoints and client-id bindings (DS1–DS10), as the SQLite tables.
	`
	CREATE TABLE doc_updates (
		doc_name text NOT NULL,
		seq bigint NOT NULL,
		created_at bigint NOT NULL,
		user_id text NOT NULL,
		session_id text NOT NULL,
		client_ids jsonb NOT NULL,
		bytes bytea NOT NULL,
		PRIMARY KEY (doc_name, seq)
	);
	CREATE TABLE doc_checkpoints (
		doc_name text NOT NULL,
		epoch integer NOT NULL,
		upto_seq bigint NOT NULL,
		created_at bigint NOT NULL,
		state bytea NOT NULL,
		PRIMARY KEY (doc_name, epoch, upto_seq)
	);
	CREATE TABLE doc_clients (
		doc_name text NOT NULL,
		client_id bigint NOT NULL,
		user_id text NOT NULL,
		bound_at bigint NOT NULL,
		PRIMARY KEY (doc_name, client_id)
	);
	-- [DS10] bindings are never changed: the same guard as SQLite's trigger.
	CREATE FUNCTION doc_clients_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'doc_clients is append-only'; END $$;
	CREATE TRIGGER doc_clients_no_update BEFORE UPDATE ON doc_clients
		FOR EACH ROW EXECUTE FUNCTION doc_clients_append_only();
	`,
	// 2 (issue 16): the account store's tables (src/lib/server/account-store.ts, DA1–DA8) as
	// SQLite's (src/lib/server/migrations.ts): organisations with their settings, users, sessions
	// with their last use, and the append-only audit log. E-mails are unique without case, as
	// SQLite's COLLATE NOCASE.
	`
	CREATE TABLE organisations (
		id text PRIMARY KEY,
		name text NOT NULL UNIQUE,
		caseload_limit integer NOT NULL DEFAULT 15 CHECK (caseload_limit BETWEEN 1 AND 15),
		created_at bigint NOT NULL,
		settings text NOT NULL DEFAULT '{}'
	);
	CREATE TABLE users (
		id text PRIMARY KEY,
		org_id text NOT NULL REFERENCES organisations(id),
		email text NOT NULL,
		name text NOT NULL,
		role text NOT NULL,
		color text NOT NULL,
		password_hash text NOT NULL,
		created_at bigint NOT NULL,
		disabled_at bigint
	);
	CREATE UNIQUE INDEX users_email ON users (lower(email));
	CREATE TABLE sessions (
		id text PRIMARY KEY,
		user_id text NOT NULL REFERENCES users(id),
		expires_at bigint NOT NULL,
		created_at bigint NOT NULL
	);
	CREATE INDEX sessions_user ON sessions(user_id);
	CREATE TABLE session_activity (
		session_id text PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
		last_seen_at bigint NOT NULL
	);
	CREATE TABLE audit_log (
		seq bigserial PRIMARY KEY,
		at bigint NOT NULL,
		actor_id text,
		actor_role text,
		action text NOT NULL,
		object text,
		family_id text,
		detail text NOT NULL DEFAULT '{}'
	);
	CREATE INDEX audit_family ON audit_log(family_id, seq);
	CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
	CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit_log
		FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
	CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_log
		FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
	`,
	// 3 (issue 16): grants (DA9–DA11) as SQLite's. Families are not in PostgreSQL yet, so
	// family_id has no foreign key until they move.
	`
	CREATE TABLE grants (
		id text PRIMARY KEY,
		family_id text NOT NULL,
		user_id text NOT NULL REFERENCES users(id),
		role text NOT NULL CHECK (role IN ('edit', 'comment', 'read')),
		compartments text NOT NULL,
		valid_from bigint NOT NULL,
		valid_to bigint,
		granted_by text REFERENCES users(id),
		reason text NOT NULL DEFAULT '',
		created_at bigint NOT NULL,
		revoked_at bigint,
		revoked_by text REFERENCES users(id)
	);
	CREATE INDEX grants_user_family ON grants(user_id, family_id);
	CREATE INDEX grants_family ON grants(family_id);
	`
];
