import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actorsOf } from './test-support';
import { openTestData, type TestData } from './test-data';
import { setSql } from './sql';
import { orgSettings, saveOrgSettings, type SettingsActor } from './org-settings';
import { caseloadByAssistant } from './caseload';
import { DEFAULT_SETTINGS } from '../domain/settings';
import type { StaffRole } from '../domain/roles';
import { GET, PUT } from '../../routes/api/organisation/settings/+server';

let data: TestData;
let org: string;
let otherOrg: string;
let head: SettingsActor;
let assistant: SettingsActor;
let otherHead: SettingsActor;

const auditRows = () =>
	data.sql.all<{ actor_id: string; object: string; detail: string }>(
		"SELECT actor_id, object, detail FROM audit_log WHERE action = 'settings'"
	);
const settingsOf = (orgId: string) => orgSettings(data.sql, orgId);
const save = (actor: SettingsActor, body: unknown, now?: number) =>
	saveOrgSettings(data.sql, actor, body, now);

const actor = (orgId: string, email: string, role: StaffRole): Promise<SettingsActor> =>
	actorsOf(data.sql, orgId)(email, role);

beforeEach(async () => {
	data = await openTestData('asysta-os-');
	// The routes reach the data layer through getSql().
	setSql(data.sql);
	org = await data.accounts.ensureOrganisation('OPS Test');
	otherOrg = await data.accounts.ensureOrganisation('OPS Inny');
	head = await actor(org, 'head@t', 'kierownik');
	assistant = await actor(org, 'anna@t', 'asystent');
	otherHead = await actor(otherOrg, 'head@inny', 'kierownik');
});
afterEach(async () => {
	setSql(undefined);
	await data.close();
});

describe('organisation settings in the data layer', () => {
	it('[OS1] an organisation without stored settings reads the documented defaults', async () => {
		expect(await settingsOf(org)).toEqual(DEFAULT_SETTINGS);
	});

	it('[OS1] a corrupt settings row falls back to the defaults instead of failing', async () => {
		await data.sql.run("UPDATE organisations SET settings = '{nie json' WHERE id = ?", org);
		expect(await settingsOf(org)).toEqual(DEFAULT_SETTINGS);
	});

	it('[OS2] the head changes settings; they are stored for that organisation only and used by the caseload', async () => {
		const r = await save(head, { caseloadLimit: 10, visitCadenceDays: 14 }, 1_000);
		expect(r).toMatchObject({ ok: true, changed: ['caseloadLimit', 'visitCadenceDays'] });
		expect(await settingsOf(org)).toEqual({
			...DEFAULT_SETTINGS,
			caseloadLimit: 10,
			visitCadenceDays: 14
		});
		expect(await settingsOf(otherOrg)).toEqual(DEFAULT_SETTINGS);
		expect((await caseloadByAssistant(data.sql, org))[0]).toMatchObject({ limit: 10 });
		const row = await data.sql.get('SELECT caseload_limit FROM organisations WHERE id = ?', org);
		expect(row).toEqual({ caseload_limit: 10 });
	});

	it('[OS2] an assistant is refused with 403 and nothing changes', async () => {
		const r = await save(assistant, { caseloadLimit: 10 });
		expect(r).toMatchObject({ ok: false, status: 403 });
		expect(await settingsOf(org)).toEqual(DEFAULT_SETTINGS);
		expect(await auditRows()).toEqual([]);
	});

	it('[OS2] a head changes only their own organisation', async () => {
		await save(otherHead, { monitoringMonths: 24 });
		expect((await settingsOf(otherOrg)).monitoringMonths).toBe(24);
		expect((await settingsOf(org)).monitoringMonths).toBe(12);
	});

	it('[OS2] values over the statutory ceiling or out of range are refused per field in Polish', async () => {
		const r = await save(head, {
			caseloadLimit: 16,
			visitCadenceDays: 0,
			assessmentAnchor: 'wczoraj',
			courtOpinionReminderDays: [7, -1]
		});
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.status).toBe(400);
		expect(r.fields?.caseloadLimit).toMatch(/ustawowych 15/);
		expect(r.fields?.visitCadenceDays).toMatch(/najmniej 1/);
		expect(r.fields?.assessmentAnchor).toMatch(/zgodę albo pierwszy kontakt/);
		expect(r.fields?.courtOpinionReminderDays).toMatch(/najmniej 0/);
		expect(await settingsOf(org)).toEqual(DEFAULT_SETTINGS);
	});

	it('[OS2] the assessment reminder may not come after the assessment; unknown keys are refused', async () => {
		const late = await save(head, { assessmentEveryMonths: 3 });
		expect(late.ok ? null : late.fields?.assessmentReminderMonths).toMatch(/najpóźniej/);
		const ok = await save(head, { assessmentEveryMonths: 3, assessmentReminderMonths: 2 });
		expect(ok.ok).toBe(true);
		const unknown = await save(head, { limit: 3 });
		expect(unknown.ok ? null : unknown.fields?._form).toMatch(/Nieznane ustawienie: limit/);
		const notObject = await save(head, [1, 2]);
		expect(notObject).toMatchObject({ ok: false, status: 400 });
	});

	it('[OS3] a change is audited with the changed keys before and after; an unchanged save is not', async () => {
		await save(head, { actionReminderDays: 20, headApprovesCourtOpinions: true }, 5_000);
		await save(head, { actionReminderDays: 20 }, 6_000);
		const rows = await auditRows();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ actor_id: head.id, object: `organisation:${org}` });
		expect(JSON.parse(rows[0].detail)).toEqual({
			changed: { actionReminderDays: { before: 7, after: 20 } }
		});
		const at = await data.sql.get("SELECT at FROM audit_log WHERE action = 'settings'");
		expect(at).toEqual({ at: 5_000 });
	});
});

describe('GET and PUT /api/organisation/settings', () => {
	type Event = Parameters<typeof PUT>[0];
	const user = (a: SettingsActor | null) =>
		a && { ...a, email: 'x@t', name: 'X', color: '#112233' };
	const call = async (
		handler: typeof GET,
		who: SettingsActor | null,
		body?: string
	): Promise<{ status: number; json: Record<string, unknown> }> => {
		const request = new Request('http://localhost/api/organisation/settings', {
			method: body === undefined ? 'GET' : 'PUT',
			headers: { 'content-type': 'application/json' },
			body
		});
		const res = await handler({ locals: { user: user(who) }, request } as unknown as Event);
		return { status: res.status, json: (await res.json()) as Record<string, unknown> };
	};

	it('[OS1] without a session both answer 401 with an error', async () => {
		expect(await call(GET, null)).toMatchObject({
			status: 401,
			json: { error: 'Nie zalogowano.' }
		});
		const put = await call(PUT, null, '{"caseloadLimit":3}');
		expect(put).toMatchObject({ status: 401, json: { error: expect.any(String) } });
	});

	it('[OS1] any staff member reads their organisation settings with the statutory ceiling', async () => {
		await save(head, { visitCadenceDays: 14 });
		const r = await call(GET, assistant);
		expect(r).toEqual({
			status: 200,
			json: { settings: { ...DEFAULT_SETTINGS, visitCadenceDays: 14 }, ceiling: 15 }
		});
	});

	it('[OS2] PUT: 403 for an assistant, 400 with fields for bad input or JSON, 200 for the head', async () => {
		expect((await call(PUT, assistant, '{"caseloadLimit":3}')).status).toBe(403);
		const bad = await call(PUT, head, '{"caseloadLimit":20}');
		expect(bad.status).toBe(400);
		expect(bad.json.fields).toMatchObject({ caseloadLimit: expect.stringMatching(/15/) });
		expect((await call(PUT, head, 'nie json')).status).toBe(400);
		const ok = await call(PUT, head, '{"caseloadLimit":3}');
		expect(ok).toMatchObject({
			status: 200,
			json: { settings: { caseloadLimit: 3 }, changed: ['caseloadLimit'] }
		});
		expect((await settingsOf(org)).caseloadLimit).toBe(3);
	});
});
