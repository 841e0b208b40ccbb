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
	`,
	// 4 (issue 16, DA13): every other table of the app, as SQLite's (src/lib/server/migrations.ts),
	// so families, documents, the case tables, devices and conflicts live beside the accounts.
	// Rows that SQLite orders by insertion carry an explicit seq. Grants written before families
	// moved keep their rows; the new foreign key checks only rows written from now on.
	`
	CREATE TABLE families (
		id text PRIMARY KEY,
		org_id text NOT NULL REFERENCES organisations(id),
		name text NOT NULL,
		assistant_id text REFERENCES users(id),
		created_at bigint NOT NULL,
		created_by text REFERENCES users(id),
		case_state text NOT NULL DEFAULT 'ZGLOSZENIE',
		case_state_at bigint,
		case_conflict integer NOT NULL DEFAULT 0,
		social_worker_id text REFERENCES users(id),
		case_projection text NOT NULL DEFAULT '{}'
	);
	ALTER TABLE grants ADD CONSTRAINT grants_family FOREIGN KEY (family_id) REFERENCES families(id)
		NOT VALID;
	CREATE TABLE documents (
		name text PRIMARY KEY,
		family_id text REFERENCES families(id),
		compartment text NOT NULL,
		kind text NOT NULL,
		epoch integer NOT NULL DEFAULT 1,
		created_at bigint NOT NULL,
		version integer NOT NULL DEFAULT 1,
		frozen_at bigint,
		frozen_by text REFERENCES users(id),
		frozen_hash text
	);
	CREATE INDEX documents_family ON documents(family_id);
	CREATE TABLE staff_law (
		user_id text PRIMARY KEY REFERENCES users(id),
		art12 text,
		institution text
	);
	CREATE TABLE family_pins (
		user_id text NOT NULL REFERENCES users(id),
		family_id text NOT NULL REFERENCES families(id),
		pinned_at bigint NOT NULL,
		PRIMARY KEY (user_id, family_id)
	);
	CREATE TABLE alerts (
		id text PRIMARY KEY,
		family_id text NOT NULL REFERENCES families(id),
		event_id text NOT NULL,
		kind text NOT NULL,
		event_date text NOT NULL,
		created_at bigint NOT NULL,
		UNIQUE (family_id, event_id)
	);
	CREATE TABLE alert_addressees (
		alert_id text NOT NULL REFERENCES alerts(id),
		user_id text NOT NULL REFERENCES users(id),
		acked_at bigint,
		PRIMARY KEY (alert_id, user_id)
	);
	CREATE INDEX alert_addressees_user ON alert_addressees(user_id, acked_at);
	CREATE TABLE case_event_receipts (
		family_id text NOT NULL REFERENCES families(id),
		event_id text NOT NULL,
		received_at bigint NOT NULL,
		PRIMARY KEY (family_id, event_id)
	);
	CREATE TABLE case_log_reviews (
		family_id text PRIMARY KEY REFERENCES families(id),
		reviewed_at bigint NOT NULL,
		breaks text NOT NULL
	);
	CREATE TABLE authoring_ranges (
		doc_name text NOT NULL,
		client_id bigint NOT NULL,
		clock_from bigint NOT NULL,
		clock_to bigint NOT NULL,
		device_at bigint NOT NULL,
		authored_at bigint,
		user_id text NOT NULL,
		received_at bigint NOT NULL,
		PRIMARY KEY (doc_name, client_id, clock_from, clock_to)
	);
	CREATE TABLE devices (
		user_id text NOT NULL REFERENCES users(id),
		device_id text NOT NULL,
		name text NOT NULL DEFAULT '',
		user_agent text NOT NULL DEFAULT '',
		escrow_key bytea NOT NULL,
		created_at bigint NOT NULL,
		last_seen_at bigint NOT NULL,
		pending integer NOT NULL DEFAULT 0,
		lost_at bigint,
		lost_by text,
		PRIMARY KEY (user_id, device_id)
	);
	CREATE TABLE device_sessions (
		session_id text PRIMARY KEY,
		user_id text NOT NULL,
		device_id text NOT NULL
	);
	CREATE INDEX device_sessions_device ON device_sessions(user_id, device_id);
	CREATE TABLE device_audit_events (
		event_id text PRIMARY KEY,
		user_id text NOT NULL REFERENCES users(id),
		family_id text NOT NULL REFERENCES families(id),
		device_id text NOT NULL,
		prev text NOT NULL,
		hash text NOT NULL,
		received_at bigint NOT NULL,
		seq bigint NOT NULL
	);
	CREATE INDEX device_audit_chain ON device_audit_events(user_id, device_id, family_id);
	CREATE TABLE disclosures (
		id text PRIMARY KEY,
		family_id text NOT NULL REFERENCES families(id),
		event_id text NOT NULL UNIQUE,
		actor_id text NOT NULL REFERENCES users(id),
		recipient text NOT NULL,
		legal_basis text NOT NULL,
		document_kind text NOT NULL,
		record_id text NOT NULL,
		case_ref text NOT NULL,
		document_version text NOT NULL,
		content_hash text NOT NULL,
		method text NOT NULL,
		disclosed_at bigint NOT NULL,
		recorded_at bigint NOT NULL
	);
	CREATE INDEX disclosures_family ON disclosures(family_id, disclosed_at);
	CREATE TABLE field_conflicts (
		id text PRIMARY KEY,
		family_id text,
		doc_name text NOT NULL,
		root text NOT NULL,
		record_key text NOT NULL,
		record_id text,
		field text NOT NULL,
		record_removed integer NOT NULL DEFAULT 0,
		detected_at bigint NOT NULL,
		acked_by text,
		acked_at bigint
	);
	CREATE INDEX field_conflicts_family ON field_conflicts(family_id, acked_at);
	CREATE INDEX field_conflicts_open ON field_conflicts(doc_name, acked_at);
	CREATE TABLE field_conflict_values (
		conflict_id text NOT NULL REFERENCES field_conflicts(id),
		client_id bigint NOT NULL,
		clock bigint NOT NULL,
		user_id text NOT NULL,
		value text NOT NULL,
		arrived_at bigint,
		superseded integer NOT NULL DEFAULT 0,
		seq bigint NOT NULL,
		PRIMARY KEY (conflict_id, client_id, clock)
	);
	CREATE TABLE narrative_conflicts (
		id text PRIMARY KEY,
		family_id text,
		doc_name text NOT NULL,
		root text NOT NULL,
		record_key text NOT NULL,
		record_id text,
		field text NOT NULL,
		passage_key text NOT NULL,
		writer_id text NOT NULL,
		other_ids text NOT NULL,
		mine text NOT NULL,
		theirs text NOT NULL,
		merged text NOT NULL,
		detected_at bigint NOT NULL,
		read_by text,
		read_at bigint
	);
	CREATE INDEX narrative_conflicts_family ON narrative_conflicts(family_id, read_at);
	CREATE INDEX narrative_conflicts_open ON narrative_conflicts(doc_name, read_at);
	CREATE TABLE removed_records (
		doc_name text NOT NULL,
		record_key text NOT NULL,
		record_id text,
		root text NOT NULL,
		fields text NOT NULL,
		removed_by text NOT NULL,
		removed_at bigint NOT NULL,
		PRIMARY KEY (doc_name, record_key)
	);
	CREATE TABLE removed_field_items (
		doc_name text NOT NULL,
		client_id bigint NOT NULL,
		clock bigint NOT NULL,
		record_key text NOT NULL,
		field text NOT NULL,
		PRIMARY KEY (doc_name, client_id, clock)
	);
	CREATE TABLE login_throttle (
		key text PRIMARY KEY,
		failures integer NOT NULL,
		last_failure_at bigint NOT NULL,
		blocked_until bigint NOT NULL DEFAULT 0,
		audited_block bigint NOT NULL DEFAULT 0
	);
	CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
	CREATE TRIGGER authoring_ranges_no_update BEFORE UPDATE ON authoring_ranges
		FOR EACH ROW EXECUTE FUNCTION refuse_change();
	CREATE TRIGGER device_audit_no_change BEFORE UPDATE OR DELETE ON device_audit_events
		FOR EACH ROW EXECUTE FUNCTION refuse_change();
	CREATE TRIGGER disclosures_no_update BEFORE UPDATE ON disclosures
		FOR EACH ROW EXECUTE FUNCTION refuse_change();
	CREATE TRIGGER receipts_no_update BEFORE UPDATE ON case_event_receipts
		FOR EACH ROW EXECUTE FUNCTION refuse_change();
	`
];
