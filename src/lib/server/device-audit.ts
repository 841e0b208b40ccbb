/**
 * Entries of a device's audit queue arriving at the server (`POST /api/families/<id>/audit-events`):
 * prints, exports and offline opens. The server checks that the user holds a live grant on each
 * entry's compartment, that the entries continue the device's chain for this family without a
 * gap or an edit, and stores each entry once (by its id), so a device may resend a batch whose
 * answer it never received. Accepted entries go into the audit log with the device's time beside
 * the server's; an export of a court opinion also records a disclosure (udostępnienie).
 */
import { z } from 'zod';
import {
	ChainedAuditEvent,
	GENESIS_HASH,
	entryHash,
	type DeviceAuditEvent
} from '../domain/audit-chain.js';
import { familyDocName } from '../domain/compartments.js';
import type { Db } from './db.js';
import { sqliteSqlOf } from './sql.js';
import { recordAudit } from './audit.js';
import { documentAccess } from './families.js';
import { m } from '../paraglide/messages.js';
import type { Done } from '../domain/result.js';
import type { HttpRefusal } from './http-refusal.js';

/** The request body. */
export const AuditUpload = z.object({
	events: z
		.array(ChainedAuditEvent)
		.min(1, m.api_audit_no_events())
		.max(500, m.api_audit_too_many_events())
});

export type AcceptResult = Done<{ accepted: number; known: number }> | HttpRefusal<400 | 403 | 409>;

const refuse = (status: 400 | 403 | 409, error: string): AcceptResult => ({
	ok: false,
	status,
	error
});

/** [DR5] Checks and stores a batch of one device's entries for one family. */
export async function acceptDeviceAudit(
	db: Db,
	user: { id: string; role: string },
	familyId: string,
	body: unknown,
	now = Date.now()
): Promise<AcceptResult> {
	const parsed = AuditUpload.safeParse(body);
	if (!parsed.success)
		return refuse(400, parsed.error.issues[0]?.message ?? m.api_audit_invalid_events());
	const events = parsed.data.events;
	if (events.some((e) => e.familyId !== familyId)) return refuse(400, m.api_audit_other_family());
	const deviceId = events[0].deviceId;
	if (events.some((e) => e.deviceId !== deviceId)) return refuse(400, m.api_audit_one_device());
	for (const c of new Set(events.map((e) => e.compartment)))
		if (!(await documentAccess(sqliteSqlOf(db), user.id, familyDocName(familyId, c), now)).ok)
			return refuse(403, m.api_audit_no_access());
	// Hashes first (WebCrypto is async; the SQLite transaction below must not be).
	for (let i = 0; i < events.length; i++) {
		const { prev, hash, ...event } = events[i];
		if ((await entryHash(prev, event)) !== hash) return refuse(409, m.api_audit_event_changed());
		if (i > 0 && prev !== events[i - 1].hash) return refuse(409, m.api_audit_chain_broken());
	}
	return storeChecked(db, user, familyId, events, now);
}

function storeChecked(
	db: Db,
	user: { id: string; role: string },
	familyId: string,
	events: ChainedAuditEvent[],
	now: number
): AcceptResult {
	const known = db.prepare('SELECT hash, user_id FROM device_audit_events WHERE event_id = ?');
	const head = db.prepare(
		`SELECT hash FROM device_audit_events WHERE user_id = ? AND device_id = ? AND family_id = ?
		 ORDER BY rowid DESC LIMIT 1`
	);
	const insert = db.prepare(
		`INSERT INTO device_audit_events (event_id, user_id, family_id, device_id, prev, hash, received_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?)`
	);
	let accepted = 0;
	let seen = 0;
	// Set inside the transaction, which then throws so nothing of the batch is stored.
	const failed: { result: AcceptResult | null } = { result: null };
	const run = db.transaction(() => {
		for (const e of events) {
			const stored = known.get(e.id) as { hash: string; user_id: string } | undefined;
			if (stored) {
				// A resend of what the server already holds: fine if it is the very same entry.
				if (stored.hash !== e.hash || stored.user_id !== user.id) {
					failed.result = refuse(409, m.api_audit_event_conflict());
					throw new Error('rollback');
				}
				seen++;
				continue;
			}
			const last = head.get(user.id, e.deviceId, familyId) as { hash: string } | undefined;
			if (e.prev !== (last?.hash ?? GENESIS_HASH)) {
				failed.result = refuse(409, m.api_audit_chain_broken());
				throw new Error('rollback');
			}
			insert.run(e.id, user.id, familyId, e.deviceId, e.prev, e.hash, now);
			logEntry(db, user, e, now);
			accepted++;
		}
	});
	try {
		run();
	} catch (err) {
		if (failed.result) return failed.result;
		throw err;
	}
	return { ok: true, accepted, known: seen };
}

function logEntry(
	db: Db,
	user: { id: string; role: string },
	e: ChainedAuditEvent,
	now: number
): void {
	recordAudit(db, {
		actorId: user.id,
		actorRole: user.role,
		action: e.action,
		object: familyDocName(e.familyId, e.compartment),
		familyId: e.familyId,
		at: now,
		detail: {
			eventId: e.id,
			kind: e.kind,
			recordId: e.recordId,
			contentHash: e.contentHash,
			deviceAt: e.deviceAt,
			online: e.online,
			deviceId: e.deviceId,
			hash: e.hash
		}
	});
	if (e.action === 'export' && e.disclosure) recordDisclosure(db, user.id, e, now);
}

function recordDisclosure(db: Db, actorId: string, e: DeviceAuditEvent, now: number): void {
	const d = e.disclosure;
	if (!d) return;
	db.prepare(
		`INSERT OR IGNORE INTO disclosures (id, family_id, event_id, actor_id, recipient, legal_basis,
		   document_kind, record_id, case_ref, document_version, content_hash, method, disclosed_at,
		   recorded_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	).run(
		crypto.randomUUID(),
		e.familyId,
		e.id,
		actorId,
		d.recipient,
		d.legalBasis,
		e.kind,
		e.recordId,
		d.caseRef,
		d.documentVersion,
		e.contentHash,
		d.method,
		e.deviceAt,
		now
	);
}

/** One disclosure as the Dostęp i dziennik page lists it. */
export interface DisclosureRow {
	id: string;
	recipient: string;
	legalBasis: string;
	documentKind: string;
	caseRef: string;
	documentVersion: string;
	contentHash: string;
	method: string;
	disclosedAt: number;
	recordedAt: number;
	actorName: string | null;
}

/** [DR7] A family's disclosures, newest first. */
export function listDisclosures(db: Db, familyId: string): DisclosureRow[] {
	return db
		.prepare(
			`SELECT d.id, d.recipient, d.legal_basis AS legalBasis, d.document_kind AS documentKind,
			        d.case_ref AS caseRef, d.document_version AS documentVersion,
			        d.content_hash AS contentHash, d.method, d.disclosed_at AS disclosedAt,
			        d.recorded_at AS recordedAt, u.name AS actorName
			 FROM disclosures d LEFT JOIN users u ON u.id = d.actor_id
			 WHERE d.family_id = ? ORDER BY d.disclosed_at DESC, d.recorded_at DESC`
		)
		.all(familyId) as DisclosureRow[];
}
