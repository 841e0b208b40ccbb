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
import type { Sql } from './sql.js';
import { appendAudit } from './audit.js';
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
	sql: Sql,
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
		if (!(await documentAccess(sql, user.id, familyDocName(familyId, c), now)).ok)
			return refuse(403, m.api_audit_no_access());
	// Hashes first, so the transaction below holds the connection for statements only.
	for (let i = 0; i < events.length; i++) {
		const { prev, hash, ...event } = events[i];
		if ((await entryHash(prev, event)) !== hash) return refuse(409, m.api_audit_event_changed());
		if (i > 0 && prev !== events[i - 1].hash) return refuse(409, m.api_audit_chain_broken());
	}
	return storeChecked(sql, user, familyId, events, now);
}

/** Thrown inside the transaction so nothing of the batch is stored; carries the answer. */
class Refused extends Error {
	constructor(readonly result: AcceptResult) {
		super('rollback');
	}
}

async function storeChecked(
	sql: Sql,
	user: { id: string; role: string },
	familyId: string,
	events: ChainedAuditEvent[],
	now: number
): Promise<AcceptResult> {
	let accepted = 0;
	let seen = 0;
	try {
		await sql.tx(async (t) => {
			for (const e of events) {
				const stored = await t.get<{ hash: string; user_id: string }>(
					'SELECT hash, user_id FROM device_audit_events WHERE event_id = ?',
					e.id
				);
				if (stored) {
					// A resend of what the server already holds: fine if it is the very same entry.
					if (stored.hash !== e.hash || stored.user_id !== user.id)
						throw new Refused(refuse(409, m.api_audit_event_conflict()));
					seen++;
					continue;
				}
				const last = await t.get<{ hash: string }>(
					`SELECT hash FROM device_audit_events WHERE user_id = ? AND device_id = ? AND family_id = ?
					 ORDER BY seq DESC LIMIT 1`,
					user.id,
					e.deviceId,
					familyId
				);
				if (e.prev !== (last?.hash ?? GENESIS_HASH))
					throw new Refused(refuse(409, m.api_audit_chain_broken()));
				// seq orders a chain on both engines (PostgreSQL has no rowid); the transaction
				// holds the writer, so max + 1 is free.
				await t.run(
					`INSERT INTO device_audit_events
					   (event_id, user_id, family_id, device_id, prev, hash, received_at, seq)
					 VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM device_audit_events))`,
					e.id,
					user.id,
					familyId,
					e.deviceId,
					e.prev,
					e.hash,
					now
				);
				await logEntry(t, user, e, now);
				accepted++;
			}
		});
	} catch (err) {
		if (err instanceof Refused) return err.result;
		throw err;
	}
	return { ok: true, accepted, known: seen };
}

async function logEntry(
	sql: Sql,
	user: { id: string; role: string },
	e: ChainedAuditEvent,
	now: number
): Promise<void> {
	await appendAudit(sql, {
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
	if (e.action === 'export' && e.disclosure) await recordDisclosure(sql, user.id, e, now);
}

async function recordDisclosure(
	sql: Sql,
	actorId: string,
	e: DeviceAuditEvent,
	now: number
): Promise<void> {
	const d = e.disclosure;
	if (!d) return;
	await sql.run(
		`INSERT INTO disclosures (id, family_id, event_id, actor_id, recipient, legal_basis,
		   document_kind, record_id, case_ref, document_version, content_hash, method, disclosed_at,
		   recorded_at)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		 ON CONFLICT DO NOTHING`,
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
export async function listDisclosures(sql: Sql, familyId: string): Promise<DisclosureRow[]> {
	return sql.all<DisclosureRow>(
		`SELECT d.id, d.recipient, d.legal_basis AS "legalBasis", d.document_kind AS "documentKind",
		        d.case_ref AS "caseRef", d.document_version AS "documentVersion",
		        d.content_hash AS "contentHash", d.method, d.disclosed_at AS "disclosedAt",
		        d.recorded_at AS "recordedAt", u.name AS "actorName"
		 FROM disclosures d LEFT JOIN users u ON u.id = d.actor_id
		 WHERE d.family_id = ? ORDER BY d.disclosed_at DESC, d.recorded_at DESC`,
		familyId
	);
}
