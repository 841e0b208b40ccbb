import { describe, expect, it } from 'vitest';
import {
	GENESIS_HASH,
	chainEvent,
	verifyChain,
	type ChainedAuditEvent,
	type DeviceAuditEvent
} from './audit-chain';
import { canonicalJson, contentHash } from './canonical';

const event = (n: number): DeviceAuditEvent => ({
	id: `00000000-0000-4000-8000-00000000000${n}`,
	action: 'print',
	familyId: 'f1',
	compartment: 'plan',
	kind: 'plan',
	recordId: '',
	contentHash: 'a'.repeat(64),
	deviceAt: 1_700_000_000_000 + n,
	online: false,
	deviceId: 'device-0001',
	disclosure: null
});

async function chain(n: number): Promise<ChainedAuditEvent[]> {
	const out: ChainedAuditEvent[] = [];
	let prev = GENESIS_HASH;
	for (let i = 1; i <= n; i++) {
		const e = await chainEvent(prev, event(i));
		out.push(e);
		prev = e.hash;
	}
	return out;
}

describe('device audit chain', () => {
	it('[DR2] canonical JSON does not depend on key order, so the content hash does not either', async () => {
		expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
			'{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}'
		);
		expect(await contentHash({ b: 1, a: 2 })).toBe(await contentHash({ a: 2, b: 1 }));
		expect(await contentHash({ a: 2 })).toMatch(/^[0-9a-f]{64}$/);
	});

	it('[DR4] each entry carries the hash of the one before; an intact chain verifies', async () => {
		const c = await chain(3);
		expect(c[0].prev).toBe(GENESIS_HASH);
		expect(c[1].prev).toBe(c[0].hash);
		expect(c[2].prev).toBe(c[1].hash);
		expect(await verifyChain(GENESIS_HASH, c)).toEqual({ ok: true });
		expect(await verifyChain(c[0].hash, c.slice(1))).toEqual({ ok: true });
	});

	it('[DR4] a dropped, reordered or edited entry is found', async () => {
		const c = await chain(3);
		expect(await verifyChain(GENESIS_HASH, [c[0], c[2]])).toEqual({
			ok: false,
			index: 1,
			reason: 'link'
		});
		expect(await verifyChain(GENESIS_HASH, [c[1], c[0]])).toMatchObject({ ok: false, index: 0 });
		const edited = { ...c[1], recordId: 'other' };
		expect(await verifyChain(GENESIS_HASH, [c[0], edited, c[2]])).toEqual({
			ok: false,
			index: 1,
			reason: 'hash'
		});
	});
});
