import { beforeEach, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { setDb, type Db } from '$lib/server/db';
import { ensureOrganisation } from '$lib/server/users';
import { openTempDatabase, staffOf } from '$lib/server/test-support';
import { createFamily } from '$lib/server/families';
import { listAudit } from '$lib/server/audit-query';
import { GENESIS_HASH, chainEvent } from '$lib/domain/audit-chain';
import { POST } from './+server';
import { sqliteSqlOf } from '$lib/server/sql';

let db: Db;
beforeEach(() => {
	const close = openTempDatabase('asysta-ae-', (opened) => (db = opened));
	setDb(db);
	return close;
});

/** The route as SvelteKit calls it: a real Request, the session's user in locals. */
async function post(familyId: string, user: App.Locals['user'], body: string) {
	const request = new Request(`http://localhost/api/families/${familyId}/audit-events`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body
	});
	const event = { locals: { user }, params: { id: familyId }, request };
	const res = await POST(event as unknown as RequestEvent<{ id: string }>);
	return { status: res.status, body: await res.json() };
}

describe('POST /api/families/<id>/audit-events (route on real SQLite)', () => {
	it('[DR5] refuses without a session and a malformed body in Polish; stores a chain once', async () => {
		const org = await ensureOrganisation(sqliteSqlOf(db), 'OPS Test');
		const anna = await staffOf(db, org, 'haslo-anny')('anna@x.pl', 'asystent', 'Anna');
		const familyId = await createFamily(sqliteSqlOf(db), {
			orgId: org,
			name: 'R.',
			assistantId: anna,
			createdBy: anna
		});
		const user = {
			id: anna,
			orgId: org,
			email: 'anna@x.pl',
			name: 'Anna',
			role: 'asystent' as const,
			color: '#1f4e79'
		};
		expect((await post(familyId, null, '{}')).status).toBe(401);
		const bad = await post(familyId, user, 'not json');
		expect(bad.status).toBe(400);
		expect(bad.body.error).toMatch(/[a-ząćęłńóśźż]/i);

		const entry = await chainEvent(GENESIS_HASH, {
			id: crypto.randomUUID(),
			action: 'print',
			familyId,
			compartment: 'visits',
			kind: 'dziennik',
			recordId: '',
			contentHash: 'd'.repeat(64),
			deviceAt: 1_700_000_000_000,
			online: true,
			deviceId: 'device-route-1',
			disclosure: null
		});
		const body = JSON.stringify({ events: [entry] });
		expect(await post(familyId, user, body)).toEqual({
			status: 200,
			body: { accepted: 1, known: 0 }
		});
		expect(await post(familyId, user, body)).toEqual({
			status: 200,
			body: { accepted: 0, known: 1 }
		});
		expect(
			(await listAudit(sqliteSqlOf(db), familyId)).filter((r) => r.action === 'print')
		).toHaveLength(1);
	});
});
