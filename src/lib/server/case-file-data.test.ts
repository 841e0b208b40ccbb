/**
 * [DA13] The case file's derived rows on both engines (project `unit`: SQLite; `data-pg`:
 * PostgreSQL): alerts, receipts, projections, conflicts, removed records, narratives, authoring
 * times, case log reviews and the previous copy, written and read through `Sql` only.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acknowledgeAlert, openAlerts, raiseSafetyAlerts } from './alerts';
import { storeAuthoringRanges, authoringRangesOf, type StoredRange } from './authoring-times';
import { caseLogBreaksOf, storeCaseLogReview, unreviewedCoreDocs } from './case-log-reviews';
import {
	coreDocsWithoutCourtOrders,
	eventReceipts,
	projectLastAssessment,
	projectNkDates,
	readProjection,
	recordEventReceipts
} from './case-projection';
import { recordConflicts, type FoundConflict } from './conflicts';
import { recordNarratives } from './narrative-conflicts';
import { previousCopy } from './previous-copy';
import { recordRemovals, removedFieldOf } from './removed-records';
import { addTestFamily, openTestData, type TestData } from './test-data';
import type { CaseEvent } from '../domain/case-events';
import { familyDocName } from '../domain/compartments';

let data: TestData;
let org: string;
let head: string;
let worker: string;
let anna: string;
let family: string;

beforeEach(async () => {
	data = await openTestData();
	const a = data.accounts;
	org = await a.ensureOrganisation('OPS Testowo');
	const user = (
		email: string,
		name: string,
		role: 'kierownik' | 'pracownik_socjalny' | 'asystent'
	) => a.createUser({ orgId: org, email, name, role, password: 'hasło-testowe-1' });
	head = await user('head@t', 'Halina', 'kierownik');
	worker = await user('ps@t', 'Piotr', 'pracownik_socjalny');
	anna = await user('anna@t', 'Anna', 'asystent');
	family = await addTestFamily(data.sql, org, { name: 'Rodzina T.', assistantId: anna });
});
afterEach(() => data.close());

const concern = (id: string, date: string): CaseEvent => ({
	id,
	at: new Date().toISOString(),
	actorId: anna,
	actorRole: 'asystent',
	online: true,
	type: 'zagrozenie',
	date,
	concernId: `c-${id}`
});

describe('case file rows on both engines', () => {
	it('[ZG3][ZG4] a concern alerts the head and the granted social worker once; acknowledging is audited once', async () => {
		const { sql, accounts } = data;
		await accounts.grantAccess({
			familyId: family,
			userId: worker,
			role: 'edit',
			compartments: ['core'],
			grantedBy: head,
			reason: 'test'
		});
		expect(await raiseSafetyAlerts(sql, family, [concern('z1', '2026-11-20')])).toBe(1);
		expect(await raiseSafetyAlerts(sql, family, [concern('z1', '2026-11-20')])).toBe(0);
		const [a] = await openAlerts(sql, head);
		expect(a).toMatchObject({ familyId: family, familyName: 'Rodzina T.', date: '2026-11-20' });
		expect(Object.keys(a).sort()).toEqual(
			['createdAt', 'date', 'familyId', 'familyName', 'id', 'kind'].sort()
		);
		expect(await openAlerts(sql, anna)).toEqual([]);
		expect(await acknowledgeAlert(sql, a.id, { id: anna, role: 'asystent' })).toBe('not-found');
		expect(await acknowledgeAlert(sql, a.id, { id: worker, role: 'pracownik_socjalny' })).toBe(
			'ok'
		);
		expect(await acknowledgeAlert(sql, a.id, { id: worker, role: 'pracownik_socjalny' })).toBe(
			'ok'
		);
		expect(await openAlerts(sql, worker)).toEqual([]);
		expect(await openAlerts(sql, head)).toHaveLength(1);
		const acks = await accounts.auditRows({ familyId: family, action: 'ack' });
		expect(acks).toHaveLength(1);
	});

	it('[CE6] each event is received once: a later projection keeps the first time', async () => {
		const { sql } = data;
		await recordEventReceipts(sql, family, ['e1', 'e2'], 1_000);
		await recordEventReceipts(sql, family, ['e1', 'e2', 'e3', 'e3'], 2_000);
		expect(await eventReceipts(sql, family)).toEqual({ e1: 1_000, e2: 1_000, e3: 2_000 });
	});

	it('[CS5][NK3][ST3] each document writes only its part of the projection; a family without court order types is listed for the backfill', async () => {
		const { sql } = data;
		const core = familyDocName(family, 'core');
		expect(await coreDocsWithoutCourtOrders(sql)).toEqual([{ docName: core, familyId: family }]);
		await Promise.all([
			projectLastAssessment(sql, family, '2026-03-01'),
			projectNkDates(sql, family, [
				{
					startedOn: '2026-04-30',
					suspectAbsent: false,
					toChairOn: '',
					toGroupOn: '',
					firstMeetingOn: '',
					suspectNotifiedOn: ''
				}
			])
		]);
		const row = await sql.get<{ case_projection: string }>(
			'SELECT case_projection FROM families WHERE id = ?',
			family
		);
		const p = readProjection(row!.case_projection);
		expect(p.lastAssessment).toBe('2026-03-01');
		expect(p.nk).toHaveLength(1);
		await sql.run(
			'UPDATE families SET case_projection = ? WHERE id = ?',
			JSON.stringify({ ...p, courtOrderTypes: [] }),
			family
		);
		expect(await coreDocsWithoutCourtOrders(sql)).toEqual([]);
	});

	it('[CF2][CF3] a field conflict keeps its values in arrival order; a third writer joins it and supersedes the branch it continued', async () => {
		const { sql } = data;
		const doc = familyDocName(family, 'plan');
		const place = { root: 'goals', recordKey: 'g1', recordId: 'g1', field: 'title' };
		const v = (client: number, userId: string, value: string) => ({
			client,
			clock: 1,
			value,
			userId,
			arrivedAt: client
		});
		const first: FoundConflict = {
			...place,
			recordRemoved: false,
			previous: v(10, anna, 'A'),
			incoming: v(20, worker, 'B'),
			incomingOrigin: null
		};
		expect(await recordConflicts(sql, doc, family, [first], 5)).toBe(1);
		const third: FoundConflict = {
			...place,
			recordRemoved: false,
			previous: v(20, worker, 'B'),
			incoming: v(30, head, 'C'),
			incomingOrigin: { client: 10, clock: 1 }
		};
		expect(await recordConflicts(sql, doc, family, [third], 6)).toBe(1);
		const values = await sql.all<{ client_id: number; value: string; superseded: number }>(
			`SELECT v.client_id, v.value, v.superseded FROM field_conflict_values v
			 JOIN field_conflicts c ON c.id = v.conflict_id WHERE c.doc_name = ? ORDER BY v.seq`,
			doc
		);
		expect(values).toEqual([
			{ client_id: 10, value: '"A"', superseded: 1 },
			{ client_id: 20, value: '"B"', superseded: 0 },
			{ client_id: 30, value: '"C"', superseded: 0 }
		]);
	});

	it('[CF5] a removed record is stored once with the items of its fields', async () => {
		const { sql } = data;
		const doc = familyDocName(family, 'plan');
		const removal = {
			root: 'goals',
			recordKey: 'g1',
			recordId: 'g1',
			fields: { id: 'g1', title: 'Cel' },
			items: { title: [[7, 3] as [number, number]] }
		};
		await recordRemovals(sql, doc, anna, [removal], 9);
		await recordRemovals(sql, doc, worker, [removal], 10);
		expect(await removedFieldOf(sql, doc, 7, 3)).toEqual({
			root: 'goals',
			recordKey: 'g1',
			recordId: 'g1',
			field: 'title',
			removedBy: anna
		});
		expect(await removedFieldOf(sql, doc, 7, 4)).toBeNull();
	});

	it('[NC2] one open narrative conflict per passage and writer; a later reconnect adds its others', async () => {
		const { sql } = data;
		const doc = familyDocName(family, 'core');
		const found = {
			root: 'notes',
			recordKey: 'n1',
			recordId: 'n1',
			field: 'text',
			passageKey: 'p1',
			otherIds: [worker],
			mine: 'moje',
			theirs: 'ich',
			merged: 'moje ich'
		};
		expect(await recordNarratives(sql, doc, family, anna, [found], 1)).toBe(1);
		expect(
			await recordNarratives(sql, doc, family, anna, [{ ...found, otherIds: [head] }], 2)
		).toBe(1);
		const rows = await sql.all<{ other_ids: string; detected_at: number }>(
			'SELECT other_ids, detected_at FROM narrative_conflicts WHERE doc_name = ?',
			doc
		);
		expect(rows).toEqual([{ other_ids: JSON.stringify([head, worker].sort()), detected_at: 2 }]);
	});

	it('[HI1] authoring ranges sent twice are kept once, read by client and clock', async () => {
		const { sql } = data;
		const doc = familyDocName(family, 'plan');
		const range = (clientId: number, from: number): StoredRange => ({
			docName: doc,
			clientId,
			from,
			to: from + 5,
			deviceAt: 100,
			authoredAt: from === 0 ? null : 100,
			userId: anna,
			receivedAt: 200
		});
		await storeAuthoringRanges(sql, [range(2, 5), range(1, 0)]);
		await storeAuthoringRanges(sql, [range(2, 5), range(2, 0)]);
		expect(
			(await authoringRangesOf(sql, doc)).map((r) => [r.clientId, r.from, r.authoredAt])
		).toEqual([
			[1, 0, null],
			[2, 0, null],
			[2, 5, 100]
		]);
	});

	it('[CE8] a review is stored, a backfill never replaces it, and the head reads the people by name', async () => {
		const { sql } = data;
		expect(await unreviewedCoreDocs(sql)).toEqual([
			{ docName: familyDocName(family, 'core'), familyId: family }
		]);
		const brk = {
			position: 0,
			code: 'foreign-author' as const,
			eventId: 'e1',
			type: 'zagrozenie',
			at: null,
			writerId: worker,
			claimedActorId: anna
		};
		await storeCaseLogReview(sql, family, [brk], { now: 1 });
		await storeCaseLogReview(sql, family, [], { backfill: true, now: 2 });
		expect(await unreviewedCoreDocs(sql)).toEqual([]);
		expect(await caseLogBreaksOf(sql, org)).toEqual([
			{
				id: family,
				name: 'Rodzina T.',
				breaks: [{ ...brk, writerName: 'Piotr', claimedActorName: 'Anna' }]
			}
		]);
		await storeCaseLogReview(sql, family, [], { now: 3 });
		expect(await caseLogBreaksOf(sql, org)).toEqual([]);
	});

	it('[DV12] the previous copy: the device the cookie names, else the latest one of the same browser with changes waiting', async () => {
		const { sql } = data;
		const device = (id: string, ua: string, seen: number, pending: number) =>
			sql.run(
				`INSERT INTO devices (user_id, device_id, name, user_agent, escrow_key, created_at,
				 last_seen_at, pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				anna,
				id,
				`Urządzenie ${id}`,
				ua,
				Buffer.from([1, 2, 3]),
				seen,
				seen,
				pending
			);
		const ids = ['a'.repeat(22), 'b'.repeat(22), 'c'.repeat(22), 'd'.repeat(22)];
		await device(ids[0], 'Firefox', 10, 2);
		await device(ids[1], 'Firefox', 20, 3);
		await device(ids[2], 'Chrome', 30, 4);
		const fresh = ids[3];
		expect(
			await previousCopy(sql, anna, fresh, null, { userAgent: 'Firefox', guess: true })
		).toMatchObject({ deviceId: ids[1], pending: 3, sure: false });
		expect(
			await previousCopy(sql, anna, fresh, null, { userAgent: 'Firefox', guess: false })
		).toBeNull();
	});
});
