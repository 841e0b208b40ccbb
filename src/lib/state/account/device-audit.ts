/**
 * The app's device audit: records prints, exports and offline opens in the signed-in user's
 * queue (audit-queue.ts, stored in IndexedDB) and uploads them to
 * `POST /api/families/<id>/audit-events` whenever the browser is online.
 */
import { m } from '$lib/paraglide/messages.js';
import { z } from 'zod';
import { Compartment } from '$lib/domain/compartments';
import type { ChainedAuditEvent } from '$lib/domain/audit-chain';
import { AuditQueue, type NewDeviceEvent, type UploadResult } from './audit-queue';
import { indexedDbQueueStore, sealedQueueStore } from './audit-store';
import { device } from '$lib/device/device.svelte';

const queues = new Map<string, AuditQueue>();
let lastUser: string | null = null;

function queueOf(userId: string): AuditQueue {
	let q = queues.get(userId);
	if (!q) {
		q = new AuditQueue(
			sealedQueueStore(indexedDbQueueStore, () => device.key),
			`u:${userId}`
		);
		queues.set(userId, q);
	}
	return q;
}

const ErrorBody = z.object({ error: z.string() });

async function upload(familyId: string, events: ChainedAuditEvent[]): Promise<UploadResult> {
	let res: Response;
	try {
		res = await fetch(`/api/families/${encodeURIComponent(familyId)}/audit-events`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ events })
		});
	} catch {
		return { ok: false, offline: true };
	}
	if (res.ok) return { ok: true };
	// 401 (session expired) and 5xx: the entries wait for the next try, they are not refused.
	if (res.status === 401 || res.status >= 500) return { ok: false, offline: true };
	const body = ErrorBody.safeParse(await res.json().catch(() => null));
	return {
		ok: false,
		offline: false,
		status: res.status,
		error: body.success ? body.data.error : m.families_server_error({ status: res.status })
	};
}

const isOnline = () => typeof navigator === 'undefined' || navigator.onLine;

/** Uploads the user's pending entries (when online); resolves to how many still wait. */
export async function flushDeviceAudit(userId: string): Promise<number> {
	lastUser = userId;
	if (!isOnline()) return (await queueOf(userId).state()).pending.length;
	return queueOf(userId).flush(upload);
}

/** [DR4] Appends an event to the queue (durably), then tries to upload it. */
export async function recordDeviceEvent(
	userId: string,
	e: Omit<NewDeviceEvent, 'id' | 'deviceAt' | 'online'>
): Promise<string> {
	const entry = await queueOf(userId).append({
		...e,
		id: crypto.randomUUID(),
		deviceAt: Date.now(),
		online: isOnline()
	});
	void flushDeviceAudit(userId).catch(() => {});
	return entry.hash;
}

const DOC_NAME = new RegExp(`^rodzina-(.+)-(${Compartment.options.join('|')})$`);

/**
 * [DR6] A document was opened: offline, a compartment document's open is queued as an `open`
 * entry; online (the sync server logs that open at the socket) it is a moment to upload what
 * waits from earlier, e.g. after the app was closed offline and reopened online.
 */
export function noteDocumentOpened(userId: string, docName: string): void {
	if (isOnline()) {
		void flushDeviceAudit(userId).catch(() => {});
		return;
	}
	const m = DOC_NAME.exec(docName);
	const compartment = Compartment.safeParse(m?.[2]);
	if (!m || !compartment.success) return;
	void recordDeviceEvent(userId, {
		action: 'open',
		familyId: m[1],
		compartment: compartment.data,
		kind: '',
		recordId: '',
		contentHash: '',
		disclosure: null
	}).catch(() => {});
}

if (typeof window !== 'undefined')
	window.addEventListener('online', () => {
		if (lastUser) void flushDeviceAudit(lastUser).catch(() => {});
	});
