import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { ensureOrganisation } from './users';
import { addAnnaAndKasia, openTempDatabase } from './test-support';
import { createFamily, grantAccess } from './families';
import { listAudit } from './audit-query';
import { acceptDeviceAudit, listDisclosures } from './device-audit';
import {
	GENESIS_HASH,
	chainEvent,
	type ChainedAuditEvent,
	type DeviceAuditEvent
} from '../domain/audit-chain';
import { sqliteSqlOf } from './sql';

let db: Db;
beforeEach(() => openTempDatabase('asysta-da-', (opened) => (db = opened)));

/** Later than any grant made in the test: the grants are live at this time. */
const LATER = () => Date.now() + 60_000;

async function setup() {
	const org = await ensureOrganisation(sqliteSqlOf(db), 'OPS Test');
	const { anna, kasia } = await addAnnaAndKasia(db, org);
	const familyId = await createFamily(sqliteSqlOf(db), {
		orgId: org,
		name: 'Rodzina T.',
		assistantId: anna,
		createdBy: anna
	});
	return {
		familyId,
		anna: { id: anna, role: 'asystent' },
		kasia: { id: kasia, role: 'kurator' }
	};
}

function event(familyId: string, over: Partial<DeviceAuditEvent> = {}): DeviceAuditEvent {
	return {
		id: crypto.randomUUID(),
		action: 'print',
		familyId,
		compartment: 'plan',
		kind: 'plan',
		recordId: '',
		contentHash: 'c'.repeat(64),
		deviceAt: 1_700_000_000_000,
		online: false,
		deviceId: 'device-anna-1',
		disclosure: null,
		...over
	};
}

async function chain(events: DeviceAuditEvent[], prev = GENESIS_HASH) {
	const out: ChainedAuditEvent[] = [];
	for (const e of events) {
		const c = await chainEvent(prev, e);
		out.push(c);
		prev = c.hash;
	}
	return out;
}

describe('POST audit-events (data layer, real SQLite)', () => {
	it('[DR5] stores a chain into the audit log with device and server time; a resend is idempotent', async () => {
		const { familyId, anna } = await setup();
		const batch = await chain([event(familyId), event(familyId, { action: 'open', kind: '' })]);
		const now = LATER();
		expect(
			await acceptDeviceAudit(sqliteSqlOf(db), anna, familyId, { events: batch }, now)
		).toEqual({
			ok: true,
			accepted: 2,
			known: 0
		});
		// The answer was lost: the device sends the same entries again, plus a new one.
		const more = await chain([event(familyId)], batch[1].hash);
		expect(
			await acceptDeviceAudit(sqliteSqlOf(db), anna, familyId, { events: [...batch, ...more] }, now)
		).toEqual({ ok: true, accepted: 1, known: 2 });
		const rows = (await listAudit(sqliteSqlOf(db), familyId)).filter(
			(r) => r.action === 'print' || r.action === 'open'
		);
		expect(rows).toHaveLength(3);
		const print = rows.find((r) => r.action === 'print');
		expect(print?.at).toBe(now);
		expect(JSON.parse(print?.detail ?? '{}')).toMatchObject({
			deviceAt: 1_700_000_000_000,
			online: false,
			kind: 'plan'
		});
	});

	it('[DR5] a user without a live grant on the compartment is refused, nothing stored', async () => {
		const { familyId, kasia } = await setup();
		const batch = await chain([event(familyId, { deviceId: 'device-kasia' })]);
		const r = await acceptDeviceAudit(sqliteSqlOf(db), kasia, familyId, { events: batch }, LATER());
		expect(r).toMatchObject({ ok: false, status: 403 });
		expect(
			(await listAudit(sqliteSqlOf(db), familyId)).filter((x) => x.action === 'print')
		).toHaveLength(0);
	});

	it('[DR5] a grant on another compartment is not enough; one on this compartment is', async () => {
		const { familyId, anna, kasia } = await setup();
		await grantAccess(sqliteSqlOf(db), {
			familyId,
			userId: kasia.id,
			role: 'read',
			compartments: ['plan'],
			grantedBy: anna.id,
			reason: 'postanowienie'
		});
		const court = await chain([event(familyId, { compartment: 'court', deviceId: 'device-k' })]);
		expect(
			await acceptDeviceAudit(sqliteSqlOf(db), kasia, familyId, { events: court }, LATER())
		).toMatchObject({
			ok: false,
			status: 403
		});
		const plan = await chain([event(familyId, { deviceId: 'device-k' })]);
		expect(
			await acceptDeviceAudit(sqliteSqlOf(db), kasia, familyId, { events: plan }, LATER())
		).toMatchObject({
			ok: true,
			accepted: 1
		});
	});

	it('[DR5] a broken chain (missing entry, edited entry, wrong start) is refused with 409', async () => {
		const { familyId, anna } = await setup();
		const c = await chain([event(familyId), event(familyId), event(familyId)]);
		const gap = await acceptDeviceAudit(
			sqliteSqlOf(db),
			anna,
			familyId,
			{ events: [c[0], c[2]] },
			LATER()
		);
		expect(gap).toMatchObject({ ok: false, status: 409 });
		expect(gap.ok ? '' : gap.error).toMatch(/przerwany/);
		const edited = await acceptDeviceAudit(
			sqliteSqlOf(db),
			anna,
			familyId,
			{ events: [{ ...c[0], recordId: 'x' }] },
			LATER()
		);
		expect(edited).toMatchObject({ ok: false, status: 409 });
		// A chain that starts after entries the server never got.
		const late = await acceptDeviceAudit(
			sqliteSqlOf(db),
			anna,
			familyId,
			{ events: [c[1], c[2]] },
			LATER()
		);
		expect(late).toMatchObject({ ok: false, status: 409 });
		expect(
			(await listAudit(sqliteSqlOf(db), familyId)).filter((x) => x.action === 'print')
		).toHaveLength(0);
	});

	it('[DR5] malformed bodies and entries of another family get 400 with a Polish message', async () => {
		const { familyId, anna } = await setup();
		expect(
			await acceptDeviceAudit(sqliteSqlOf(db), anna, familyId, { events: [] }, LATER())
		).toMatchObject({
			ok: false,
			status: 400,
			error: 'Brak zdarzeń do zapisania.'
		});
		const other = await chain([event('another-family')]);
		expect(
			await acceptDeviceAudit(sqliteSqlOf(db), anna, familyId, { events: other }, LATER())
		).toMatchObject({
			ok: false,
			status: 400
		});
	});

	it('[DR7] exporting a court opinion records a disclosure once', async () => {
		const { familyId, anna } = await setup();
		const batch = await chain([
			event(familyId, {
				action: 'export',
				compartment: 'court',
				kind: 'opinia',
				recordId: 'op-1',
				disclosure: {
					recipient: 'Sąd Rejonowy w Testowie',
					legalBasis: 'art. 15 ust. 1 pkt 17 u.w.r.',
					caseRef: 'III Nsm 12/26',
					method: 'docx',
					documentVersion: 'projekt'
				}
			})
		]);
		await acceptDeviceAudit(sqliteSqlOf(db), anna, familyId, { events: batch }, LATER());
		await acceptDeviceAudit(sqliteSqlOf(db), anna, familyId, { events: batch }, LATER());
		const list = await listDisclosures(sqliteSqlOf(db), familyId);
		expect(list).toHaveLength(1);
		expect(list[0]).toMatchObject({
			recipient: 'Sąd Rejonowy w Testowie',
			caseRef: 'III Nsm 12/26',
			method: 'docx',
			contentHash: 'c'.repeat(64),
			actorName: 'Anna'
		});
	});
});
