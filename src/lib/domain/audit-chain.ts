import { z } from 'zod';
import { Compartment } from './compartments.js';
import { canonicalJson, sha256Hex } from './canonical.js';
import { m } from '../paraglide/messages.js';
import type { Done, Refusal } from './result.js';

/**
 * Prints, exports and offline reads recorded on the device (domain.md §6: "offline reads go into
 * a local hash-chained queue that uploads on sync"). Each entry carries the hash of the entry
 * before it in the same chain (one chain per device and family), so the server can tell a
 * complete, unaltered trail from one with entries dropped, reordered or edited.
 */

/** Hash before the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, m.domain_audit_hash_invalid());

/** What the device did with a document. */
export const DeviceAuditAction = z.enum(['print', 'export', 'open']);
export type DeviceAuditAction = z.infer<typeof DeviceAuditAction>;

/** Printable and exportable documents (domain.md §7). */
export const PrintKind = z.enum(['plan', 'wizyta', 'dziennik', 'ocena', 'opinia']);
export type PrintKind = z.infer<typeof PrintKind>;

/** The disclosure an export of a court opinion makes (domain.md §3.6 Udostępnienie). */
export const DisclosureFacts = z.object({
	recipient: z.string().trim().min(1, m.domain_audit_recipient_required()).max(300),
	legalBasis: z.string().trim().min(1, m.domain_audit_legal_basis_required()).max(300),
	caseRef: z.string().max(60),
	method: z.enum(['docx', 'pdf']),
	documentVersion: z.string().max(60)
});
export type DisclosureFacts = z.infer<typeof DisclosureFacts>;

/** One event as the device records it, before chaining. */
export const DeviceAuditEvent = z.object({
	id: z.uuid(m.domain_audit_event_id_invalid()),
	action: DeviceAuditAction,
	familyId: z.string().min(1).max(64),
	compartment: Compartment,
	/** Document kind printed or exported; '' for an open. */
	kind: z.union([PrintKind, z.literal('')]),
	/** The record printed (visit, assessment, opinion id), '' for the whole document. */
	recordId: z.string().max(64),
	/** Content hash of what was printed or exported ('' for an open). */
	contentHash: z.union([Hex64, z.literal('')]),
	/** The device's clock (ms): the author's claim, kept beside the server's time. */
	deviceAt: z.number().int().nonnegative(),
	online: z.boolean(),
	deviceId: z.string().min(8).max(64),
	disclosure: DisclosureFacts.nullable()
});
export type DeviceAuditEvent = z.infer<typeof DeviceAuditEvent>;

/** A chained entry: the event, the previous entry's hash and its own. */
export const ChainedAuditEvent = DeviceAuditEvent.extend({ prev: Hex64, hash: Hex64 });
export type ChainedAuditEvent = z.infer<typeof ChainedAuditEvent>;

/** [DR4] The hash of an entry: SHA-256 of the previous hash and the event's canonical JSON. */
export function entryHash(prev: string, event: DeviceAuditEvent): Promise<string> {
	const fields = DeviceAuditEvent.parse(event);
	return sha256Hex(`${prev}\n${canonicalJson(fields)}`);
}

/** Chains an event after `prev` (the hash of the chain's last entry, or GENESIS_HASH). */
export async function chainEvent(
	prev: string,
	event: DeviceAuditEvent
): Promise<ChainedAuditEvent> {
	return { ...event, prev, hash: await entryHash(prev, event) };
}

export type ChainCheck = Done | Refusal<{ index: number; reason: 'link' | 'hash' }>;

/**
 * [DR4] Checks that `entries` continue a chain whose last hash is `prev`: each links to the one
 * before and carries the hash of its own content.
 */
export async function verifyChain(
	prev: string,
	entries: readonly ChainedAuditEvent[]
): Promise<ChainCheck> {
	let last = prev;
	for (let i = 0; i < entries.length; i++) {
		const e = entries[i];
		if (e.prev !== last) return { ok: false, index: i, reason: 'link' };
		const { prev: p, hash, ...event } = e;
		if ((await entryHash(p, event)) !== hash) return { ok: false, index: i, reason: 'hash' };
		last = hash;
	}
	return { ok: true };
}
