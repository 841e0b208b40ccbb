import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actorsOf } from './test-support';
import { openTestData, type TestData } from './test-data';
import { createFamilyFromIntake, intakeOptions, type Creator } from './intake';
import { caseloadByAssistant } from './caseload';
import { NewFamilyRequest } from '../domain/case-intake';
import type { StaffRole } from '../domain/roles';

let data: TestData;
let org: string;
let anna: Creator;
let head: Creator;
let ps: string;
const req = (body: object) => NewFamilyRequest.parse({ name: 'Rodzina N.', ...body });
const actor = <R extends StaffRole>(email: string, role: R) => actorsOf(data.sql, org)(email, role);
const create = (by: Creator, body: object) => createFamilyFromIntake(data.sql, by, req(body));

beforeEach(async () => {
	data = await openTestData('asysta-intake-');
	org = await data.accounts.ensureOrganisation('OPS Test', 2);
	anna = await actor('anna@t', 'asystent');
	head = await actor('head@t', 'kierownik');
	ps = (await actor('ps@t', 'pracownik_socjalny')).id;
});
afterEach(() => data.close());

describe('creating a family from intake', () => {
	it('[G1b][AC10] an assistant creates a family for themself; it counts at once; the PS gets the core file, the head edits core and court and reads the rest but violence', async () => {
		const { sql } = data;
		const r = await create(anna, { socialWorkerId: ps });
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.family.docs.core?.role).toBe('edit');
		expect(
			(await caseloadByAssistant(sql, org)).find((a) => a.assistantId === anna.id)?.count
		).toBe(1);
		const grant = await sql.get('SELECT role FROM grants WHERE user_id = ?', ps);
		expect(grant).toEqual({ role: 'edit' });
		// [AC10] The head edits core and court and reads all else but the violence procedure.
		expect(
			await sql.all(
				'SELECT role, compartments FROM grants WHERE user_id = ? ORDER BY role',
				head.id
			)
		).toEqual([
			{ role: 'edit', compartments: '["core","court"]' },
			{ role: 'read', compartments: '["plan","visits","assessments","health","child-in-care"]' }
		]);
	});

	it('[G1b] over the local limit an assistant is refused; a head passes with a justification, audited', async () => {
		await create(anna, {});
		await create(anna, {});
		const refused = await create(anna, {});
		expect(refused).toMatchObject({ ok: false, status: 409 });
		expect(refused.ok ? '' : refused.error).toMatch(/limit ośrodka to 2/);
		const noReason = await create(head, { assistantId: anna.id });
		expect(noReason.ok).toBe(false);
		const ok = await create(head, {
			assistantId: anna.id,
			overrideJustification: 'zastępstwo za urlop'
		});
		expect(ok).toMatchObject({ ok: true, overLocalLimit: true });
		const audit = await data.sql.get<{ detail: string }>(
			"SELECT detail FROM audit_log WHERE actor_id = ? AND action = 'write'",
			head.id
		);
		expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({
			overLocalLimit: true,
			overrideJustification: 'zastępstwo za urlop'
		});
	});

	it('[G1b] roles other than assistant and head may not create; a head must name an assistant', async () => {
		const kurator: Creator = await actor('k@t', 'kurator');
		expect(await create(kurator, {})).toMatchObject({ status: 403 });
		expect(await create(head, {})).toMatchObject({ status: 400 });
		expect(await create(anna, { assistantId: head.id })).toMatchObject({ status: 403 });
		expect(await create(anna, { socialWorkerId: anna.id })).toMatchObject({ status: 400 });
	});

	it('[G1b] the options list assistants with their caseloads and the social workers', async () => {
		await create(anna, {});
		const o = await intakeOptions(data.sql, org);
		expect(o.assistants).toEqual([expect.objectContaining({ assistantId: anna.id, count: 1 })]);
		expect(o.socialWorkers.map((s) => s.id)).toEqual([ps]);
	});
});
