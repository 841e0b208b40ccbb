/**
 * Schema migrations, applied in order inside one transaction each; `user_version` records the
 * last one applied. Never edit a shipped migration: add the next one.
 *
 * Past 250 lines on purpose: the schema's history in order; splitting it would hide the order that
 * counts.
 */
import type Database from 'better-sqlite3';

const migrations: (string | ((db: Database.Database) => void))[] = [
	`
	CREATE TABLE organisations (
		id TEXT PRIMARY KEY,
		name TEXT NOT NULL UNIQUE,
		caseload_limit INTEGER NOT NULL DEFAULT 15 CHECK (caseload_limit BETWEEN 1 AND 15),
		created_at INTEGER NOT NULL
	);
	CREATE TABLE users (
		id TEXT PRIMARY KEY,
		org_id TEXT NOT NULL REFERENCES organisations(id),
		email TEXT NOT NULL UNIQUE COLLATE NOCASE,
		name TEXT NOT NULL,
		role TEXT NOT NULL,
		color TEXT NOT NULL,
		password_hash TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		disabled_at INTEGER
	);
	CREATE TABLE sessions (
		id TEXT PRIMARY KEY,          -- SHA-256 of the token; the token itself is never stored
		user_id TEXT NOT NULL REFERENCES users(id),
		expires_at INTEGER NOT NULL,
		created_at INTEGER NOT NULL
	);
	CREATE INDEX sessions_user ON sessions(user_id);
	CREATE TABLE families (
		id TEXT PRIMARY KEY,
		org_id TEXT NOT NULL REFERENCES organisations(id),
		name TEXT NOT NULL,
		assistant_id TEXT REFERENCES users(id),
		created_at INTEGER NOT NULL,
		created_by TEXT REFERENCES users(id)
	);
	-- One row per Y.Doc the server will sync. A family's compartments are separate documents.
	CREATE TABLE documents (
		name TEXT PRIMARY KEY,
		family_id TEXT REFERENCES families(id),
		compartment TEXT NOT NULL,
		kind TEXT NOT NULL,
		epoch INTEGER NOT NULL DEFAULT 1,
		created_at INTEGER NOT NULL
	);
	CREATE INDEX documents_family ON documents(family_id);
	-- Per-family access. compartments is a JSON array of compartment names.
	CREATE TABLE grants (
		id TEXT PRIMARY KEY,
		family_id TEXT NOT NULL REFERENCES families(id),
		user_id TEXT NOT NULL REFERENCES users(id),
		role TEXT NOT NULL CHECK (role IN ('edit', 'comment', 'read')),
		compartments TEXT NOT NULL,
		valid_from INTEGER NOT NULL,
		valid_to INTEGER,
		granted_by TEXT REFERENCES users(id),
		reason TEXT NOT NULL DEFAULT '',
		created_at INTEGER NOT NULL,
		revoked_at INTEGER,
		revoked_by TEXT REFERENCES users(id)
	);
	CREATE INDEX grants_user_family ON grants(user_id, family_id);
	-- Append-only: nothing updates or deletes rows here (see the triggers).
	CREATE TABLE audit_log (
		seq INTEGER PRIMARY KEY AUTOINCREMENT,
		at INTEGER NOT NULL,
		actor_id TEXT,
		actor_role TEXT,
		action TEXT NOT NULL,
		object TEXT,
		family_id TEXT,
		detail TEXT NOT NULL DEFAULT '{}'
	);
	CREATE INDEX audit_family ON audit_log(family_id, seq);
	CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
		BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
	CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
		BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
	-- Login throttling, per e-mail address.
	CREATE TABLE login_attempts (
		email TEXT PRIMARY KEY COLLATE NOCASE,
		failures INTEGER NOT NULL,
		last_failure_at INTEGER NOT NULL
	);
	`,
	// Server-side projections of what the documents hold (case state for caseloads and the head's
	// view), plan versions frozen by the server, and per-organisation settings.
	`
	ALTER TABLE families ADD COLUMN case_state TEXT NOT NULL DEFAULT 'ZGLOSZENIE';
	ALTER TABLE families ADD COLUMN case_state_at INTEGER;
	ALTER TABLE families ADD COLUMN case_conflict INTEGER NOT NULL DEFAULT 0;
	ALTER TABLE families ADD COLUMN social_worker_id TEXT REFERENCES users(id);
	ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
	ALTER TABLE documents ADD COLUMN frozen_at INTEGER;
	ALTER TABLE documents ADD COLUMN frozen_by TEXT REFERENCES users(id);
	ALTER TABLE documents ADD COLUMN frozen_hash TEXT;
	ALTER TABLE organisations ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
	`,
	// The case projection the head's view reads (consent, agreed and consulted plan versions).
	`
	ALTER TABLE families ADD COLUMN case_projection TEXT NOT NULL DEFAULT '{}';
	CREATE INDEX grants_family ON grants(family_id);
	`,
	// [AC4] Every compartment's document, and the plan's comments document, for families made when
	// only core and plan were created. Names as familyDocName / commentsDocName; idempotent.
	`
	INSERT OR IGNORE INTO documents (name, family_id, compartment, kind, created_at)
	SELECT 'rodzina-' || f.id || '-' || c.column1, f.id, c.column1, 'family',
	       CAST(strftime('%s', 'now') AS INTEGER) * 1000
	FROM families f,
	     (VALUES ('core'), ('plan'), ('visits'), ('assessments'), ('health'), ('violence'), ('court'),
	             ('child-in-care')) c;
	INSERT OR IGNORE INTO documents (name, family_id, compartment, kind, created_at)
	SELECT 'rodzina-' || f.id || '-plan-uwagi', f.id, 'plan', 'comments',
	       CAST(strftime('%s', 'now') AS INTEGER) * 1000
	FROM families f;
	`,
	// [CE6] When the server first held each case event: the device's clock is the author's claim,
	// this is the server's. Append-only, like the audit log.
	`
	CREATE TABLE IF NOT EXISTS case_event_receipts (
		family_id TEXT NOT NULL REFERENCES families(id),
		event_id TEXT NOT NULL,
		received_at INTEGER NOT NULL,
		PRIMARY KEY (family_id, event_id)
	);
	CREATE TRIGGER IF NOT EXISTS receipts_no_update BEFORE UPDATE ON case_event_receipts
		BEGIN SELECT RAISE(ABORT, 'case_event_receipts is append-only'); END;
	`,
	// 6 — [ZG3] Child-safety alerts: one per zagrożenie event, and one row per addressee with the
	// time they acknowledged it. Self-contained (IF NOT EXISTS, no other table altered), so it is
	// correct whichever of the parallel migrations lands before it.
	`
	CREATE TABLE IF NOT EXISTS alerts (
		id TEXT PRIMARY KEY,
		family_id TEXT NOT NULL REFERENCES families(id),
		event_id TEXT NOT NULL,
		kind TEXT NOT NULL,
		event_date TEXT NOT NULL,
		created_at INTEGER NOT NULL,
		UNIQUE (family_id, event_id)
	);
	CREATE TABLE IF NOT EXISTS alert_addressees (
		alert_id TEXT NOT NULL REFERENCES alerts(id),
		user_id TEXT NOT NULL REFERENCES users(id),
		acked_at INTEGER,
		PRIMARY KEY (alert_id, user_id)
	);
	CREATE INDEX IF NOT EXISTS alert_addressees_user ON alert_addressees(user_id, acked_at);
	`,
	// Migration 7 — [DR5][DR7] Prints, exports and offline opens uploaded from a device's
	// hash-chained queue (one row per entry, the chain checked on receipt), and disclosures
	// (udostępnienie) made by exporting a court opinion. Append-only. Written with IF NOT EXISTS
	// and touching no table of migrations 6 or 8, so it is correct in whichever order they land.
	`
	CREATE TABLE IF NOT EXISTS device_audit_events (
		event_id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL REFERENCES users(id),
		family_id TEXT NOT NULL REFERENCES families(id),
		device_id TEXT NOT NULL,
		prev TEXT NOT NULL,
		hash TEXT NOT NULL,
		received_at INTEGER NOT NULL
	);
	CREATE INDEX IF NOT EXISTS device_audit_chain
		ON device_audit_events(user_id, device_id, family_id);
	CREATE TRIGGER IF NOT EXISTS device_audit_no_update BEFORE UPDATE ON device_audit_events
		BEGIN SELECT RAISE(ABORT, 'device_audit_events is append-only'); END;
	CREATE TRIGGER IF NOT EXISTS device_audit_no_delete BEFORE DELETE ON device_audit_events
		BEGIN SELECT RAISE(ABORT, 'device_audit_events is append-only'); END;
	CREATE TABLE IF NOT EXISTS disclosures (
		id TEXT PRIMARY KEY,
		family_id TEXT NOT NULL REFERENCES families(id),
		event_id TEXT NOT NULL UNIQUE,
		actor_id TEXT NOT NULL REFERENCES users(id),
		recipient TEXT NOT NULL,
		legal_basis TEXT NOT NULL,
		document_kind TEXT NOT NULL,
		record_id TEXT NOT NULL,
		case_ref TEXT NOT NULL,
		document_version TEXT NOT NULL,
		content_hash TEXT NOT NULL,
		method TEXT NOT NULL,
		disclosed_at INTEGER NOT NULL,
		recorded_at INTEGER NOT NULL
	);
	CREATE INDEX IF NOT EXISTS disclosures_family ON disclosures(family_id, disclosed_at);
	CREATE TRIGGER IF NOT EXISTS disclosures_no_update BEFORE UPDATE ON disclosures
		BEGIN SELECT RAISE(ABORT, 'disclosures is append-only'); END;
	`,
	// [AU2][AU5] Login throttling per account-and-address and per address (replaces the per-e-mail
	// login_attempts, which a stranger could use to lock the owner out), and the time a session
	// was last used, for the organisation's idle limit. Touches only the session tables.
	`
	CREATE TABLE IF NOT EXISTS login_throttle (
		key TEXT PRIMARY KEY,            -- 'account:<e-mail>|<address>' or 'address:<address>'
		failures INTEGER NOT NULL,       -- counted BEFORE the password is verified
		last_failure_at INTEGER NOT NULL,
		blocked_until INTEGER NOT NULL DEFAULT 0,
		audited_block INTEGER NOT NULL DEFAULT 0  -- blocked_until of the block already audited
	);
	DROP TABLE IF EXISTS login_attempts;
	-- A table of its own rather than a column of sessions, so this migration can run again.
	CREATE TABLE IF NOT EXISTS session_activity (
		session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
		last_seen_at INTEGER NOT NULL
	);
	`,
	// [HI1] When a device wrote the changes it sent (authoring time of offline edits): clock ranges
	// of a Yjs client id in one document, the device's claimed time (`device_at`), that time
	// clamped to the arrival (`authored_at`, NULL when implausible), the sender and the arrival.
	// Append-only. Self-contained (IF NOT EXISTS, no other table touched): any order of merging.
	`
	CREATE TABLE IF NOT EXISTS authoring_ranges (
		doc_name TEXT NOT NULL,
		client_id INTEGER NOT NULL,
		clock_from INTEGER NOT NULL,
		clock_to INTEGER NOT NULL,
		device_at INTEGER NOT NULL,
		authored_at INTEGER,
		user_id TEXT NOT NULL,
		received_at INTEGER NOT NULL,
		PRIMARY KEY (doc_name, client_id, clock_from, clock_to)
	);
	CREATE TRIGGER IF NOT EXISTS authoring_ranges_no_update BEFORE UPDATE ON authoring_ranges
		BEGIN SELECT RAISE(ABORT, 'authoring_ranges is append-only'); END;
	`,
	// [CE8] The head's review of each family's stored case log: entries that break the write
	// policy (removed, signed as someone else, a transition the writer's role may not take).
	// Derived data, rewritten whenever the core document is projected. Self-contained.
	`
	CREATE TABLE IF NOT EXISTS case_log_reviews (
		family_id TEXT PRIMARY KEY REFERENCES families(id),
		reviewed_at INTEGER NOT NULL,
		breaks TEXT NOT NULL            -- JSON array of CaseLogBreak (src/lib/domain/case-log-review.ts)
	);
	`,
	// [CF2][CF3] Field conflicts: values of one field written by different people without seeing
	// each other, found by the sync server (server/concurrent-writes.ts); each value names its
	// item (client, clock) so its writer and authoring time are looked up, and the value itself is
	// kept here because Yjs discards an overwritten value's content. `removed_records` keeps the
	// fields of a record as it was removed, for a write that later lands in it. Self-contained.
	`
	CREATE TABLE IF NOT EXISTS field_conflicts (
		id TEXT PRIMARY KEY,
		family_id TEXT,
		doc_name TEXT NOT NULL,
		root TEXT NOT NULL,
		record_key TEXT NOT NULL,
		record_id TEXT,
		field TEXT NOT NULL,
		record_removed INTEGER NOT NULL DEFAULT 0,
		detected_at INTEGER NOT NULL,
		acked_by TEXT,
		acked_at INTEGER
	);
	CREATE INDEX IF NOT EXISTS field_conflicts_open ON field_conflicts(doc_name, acked_at);
	CREATE INDEX IF NOT EXISTS field_conflicts_family ON field_conflicts(family_id, acked_at);
	CREATE TABLE IF NOT EXISTS field_conflict_values (
		conflict_id TEXT NOT NULL REFERENCES field_conflicts(id),
		client_id INTEGER NOT NULL,
		clock INTEGER NOT NULL,
		user_id TEXT NOT NULL,
		value TEXT NOT NULL,            -- JSON
		arrived_at INTEGER,             -- NULL: arrived before the server kept track
		superseded INTEGER NOT NULL DEFAULT 0, -- continued by a later value of the same branch
		PRIMARY KEY (conflict_id, client_id, clock)
	);
	CREATE TABLE IF NOT EXISTS removed_records (
		doc_name TEXT NOT NULL,
		record_key TEXT NOT NULL,
		record_id TEXT,
		root TEXT NOT NULL,
		fields TEXT NOT NULL,           -- JSON of the plain fields as they were
		removed_by TEXT NOT NULL,
		removed_at INTEGER NOT NULL,
		PRIMARY KEY (doc_name, record_key)
	);
	-- Every item a removed record's fields held: a later write names the item it replaced.
	CREATE TABLE IF NOT EXISTS removed_field_items (
		doc_name TEXT NOT NULL,
		client_id INTEGER NOT NULL,
		clock INTEGER NOT NULL,
		record_key TEXT NOT NULL,
		field TEXT NOT NULL,
		PRIMARY KEY (doc_name, client_id, clock)
	);
	`,
	// [AC12] issue 12: families a user pinned to keep on their device beyond their own caseload
	// (a head's or a kurator's wider access). Per user, kept across devices. Self-contained.
	`
	CREATE TABLE IF NOT EXISTS family_pins (
		user_id TEXT NOT NULL REFERENCES users(id),
		family_id TEXT NOT NULL REFERENCES families(id),
		pinned_at INTEGER NOT NULL,
		PRIMARY KEY (user_id, family_id)
	);
	`,
	// issue-11 narratives [NC1][NC2]: a passage written offline and merged into a passage someone
	// else changed meanwhile, found by the sync server (server/narrative-conflicts.ts) from the
	// device's state vector at reconnect. One open record per passage and writer; the three
	// versions are kept here (Yjs keeps no deleted text). Self-contained.
	`
	CREATE TABLE IF NOT EXISTS narrative_conflicts (
		id TEXT PRIMARY KEY,
		family_id TEXT,
		doc_name TEXT NOT NULL,
		root TEXT NOT NULL,
		record_key TEXT NOT NULL,
		record_id TEXT,
		field TEXT NOT NULL,
		passage_key TEXT NOT NULL,
		writer_id TEXT NOT NULL,        -- who wrote the passage offline
		other_ids TEXT NOT NULL,        -- JSON: the people whose changes it was merged into
		mine TEXT NOT NULL,
		theirs TEXT NOT NULL,
		merged TEXT NOT NULL,
		detected_at INTEGER NOT NULL,
		read_by TEXT,
		read_at INTEGER
	);
	CREATE INDEX IF NOT EXISTS narrative_conflicts_open ON narrative_conflicts(doc_name, read_at);
	CREATE INDEX IF NOT EXISTS narrative_conflicts_family ON narrative_conflicts(family_id, read_at);
	`,
	// issue13-staff-law: [ST1] an assistant's art. 12 eligibility as the head checked it (JSON);
	// [ST2] the institution of a participant who is not OPS staff (kurator, PCPR, police), or NULL.
	// A table of its own, so the migration stays idempotent (re-run from version 3 in tests).
	`
	CREATE TABLE IF NOT EXISTS staff_law (
		user_id TEXT PRIMARY KEY REFERENCES users(id),
		art12 TEXT,
		institution TEXT
	);
	`,
	// [DV3][DV7] issue15: devices. A device is a browser profile of one user, named by a random id
	// the browser keeps. `escrow_key` (32 random bytes) wraps that user's data key on that device
	// and is released only to a live session (POST /api/device/key); a device marked lost gets no
	// key, its sessions end, and it erases its local data at the next contact.
	`
	CREATE TABLE IF NOT EXISTS devices (
		user_id TEXT NOT NULL REFERENCES users(id),
		device_id TEXT NOT NULL,
		name TEXT NOT NULL DEFAULT '',
		user_agent TEXT NOT NULL DEFAULT '',
		escrow_key BLOB NOT NULL,
		created_at INTEGER NOT NULL,
		last_seen_at INTEGER NOT NULL,
		pending INTEGER NOT NULL DEFAULT 0,
		lost_at INTEGER,
		lost_by TEXT,
		PRIMARY KEY (user_id, device_id)
	);
	CREATE TABLE IF NOT EXISTS device_sessions (
		session_id TEXT PRIMARY KEY,
		user_id TEXT NOT NULL,
		device_id TEXT NOT NULL
	);
	CREATE INDEX IF NOT EXISTS device_sessions_device ON device_sessions(user_id, device_id);
	`,
	// [DA13] issue16: the two tables read in the order rows arrived name that order in a column
	// both engines have (PostgreSQL has no rowid): each insert takes max(seq) + 1 in its
	// transaction. Existing rows keep their rowid order. The append-only trigger is lifted for
	// the one fill and put back. A step of code, so replaying it (the AC4 backfill test) is safe.
	(db) => {
		const has = (table: string) =>
			(db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some(
				(c) => c.name === 'seq'
			);
		if (!has('device_audit_events'))
			db.exec(`
				ALTER TABLE device_audit_events ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
				DROP TRIGGER device_audit_no_update;
				UPDATE device_audit_events SET seq = rowid;
				CREATE TRIGGER device_audit_no_update BEFORE UPDATE ON device_audit_events
					BEGIN SELECT RAISE(ABORT, 'device_audit_events is append-only'); END;
			`);
		if (!has('field_conflict_values'))
			db.exec(`
				ALTER TABLE field_conflict_values ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
				UPDATE field_conflict_values SET seq = rowid;
			`);
	}
];

/** Brings the database schema up to date. */
export function migrate(db: Database.Database): void {
	const current = db.pragma('user_version', { simple: true }) as number;
	for (let v = current; v < migrations.length; v++) {
		db.transaction(() => {
			const step = migrations[v];
			if (typeof step === 'string') db.exec(step);
			else step(db);
			db.pragma(`user_version = ${v + 1}`);
		})();
	}
}
