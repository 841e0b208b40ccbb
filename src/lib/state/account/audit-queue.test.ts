import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, verifyChain, type ChainedAuditEvent } from '$lib/domain/audit-chain';
import {
	AuditQueue,
	type NewDeviceEvent,
	type QueueState,
	type QueueStore,
	type Upload
} from './audit-queue';

/** A store that keeps only JSON text, as a reload would: nothing survives by reference. */
function jsonStore(): QueueStore & { raw: Map<string, string> } {
	const raw = new Map<string, string>();
	return {
		raw,
		load: async (k) => (raw.has(k) ? JSON.parse(raw.get(k) as string) : undefined),
		save: async (k, s: QueueState) => void raw.set(k, JSON.stringify(s))
	};
}

const ev = (n: number, familyId = 'f1'): NewDeviceEvent => ({
	id: crypto.randomUUID(),
	action: n % 2 ? 'print' : 'open',
	familyId,
	compartment: 'plan',
	kind: n % 2 ? 'plan' : '',
	recordId: '',
	contentHash: n % 2 ? 'b'.repeat(64) : '',
	deviceAt: 1_700_000_000_000 + n,
	online: false,
	disclosure: null
});

describe('device audit queue', () => {
	it('[DR4] appends made at once chain in order and survive a reload of the queue', async () => {
		const store = jsonStore();
		const q = new AuditQueue(store, 'u:anna');
		await Promise.all([q.append(ev(1)), q.append(ev(2)), q.append(ev(3))]);
		const reloaded = await new AuditQueue(store, 'u:anna').state();
		expect(reloaded.pending).toHaveLength(3);
		expect(await verifyChain(GENESIS_HASH, reloaded.pending)).toEqual({ ok: true });
		expect(new Set(reloaded.pending.map((e) => e.deviceId)).size).toBe(1);
	});

	it('[DR4] each family has its own chain', async () => {
		const q = new AuditQueue(jsonStore(), 'u:anna');
		const a = await q.append(ev(1, 'f1'));
		const b = await q.append(ev(2, 'f2'));
		const c = await q.append(ev(3, 'f1'));
		expect(b.prev).toBe(GENESIS_HASH);
		expect(c.prev).toBe(a.hash);
	});

	it('[DR5] offline entries stay; accepted ones leave; the chain continues after upload', async () => {
		const store = jsonStore();
		const q = new AuditQueue(store, 'u:anna');
		await q.append(ev(1));
		await q.append(ev(2));
		const sent: ChainedAuditEvent[][] = [];
		const offline: Upload = async () => ({ ok: false, offline: true });
		expect(await q.flush(offline)).toBe(2);
		const online: Upload = async (_f, batch) => {
			sent.push(batch);
			return { ok: true };
		};
		expect(await q.flush(online)).toBe(0);
		expect(sent).toHaveLength(1);
		expect(sent[0]).toHaveLength(2);
		const next = await new AuditQueue(store, 'u:anna').append(ev(3));
		expect(next.prev).toBe(sent[0][1].hash);
	});

	it('[DR5] a refused batch is kept aside with the server message, not lost, and others go on', async () => {
		const q = new AuditQueue(jsonStore(), 'u:anna');
		await q.append(ev(1, 'f1'));
		await q.append(ev(2, 'f2'));
		const upload: Upload = async (familyId) =>
			familyId === 'f1'
				? { ok: false, offline: false, status: 403, error: 'Brak ważnego dostępu.' }
				: { ok: true };
		expect(await q.flush(upload)).toBe(0);
		const s = await q.state();
		expect(s.refused).toHaveLength(1);
		expect(s.refused[0]).toMatchObject({ error: 'Brak ważnego dostępu.' });
		expect(s.refused[0].entry.familyId).toBe('f1');
	});
});
