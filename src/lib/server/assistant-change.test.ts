import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { actorsOf } from './test-support';
import { openTestData, type TestData } from './test-data';
import { createFamilyFromIntake, type Creator } from './intake';
import { changeAssistant } from './assistant-change';
import { recordParticipant } from './staff-law';
import { documentAccess } from './families';
import { NewFamilyRequest } from '../domain/case-intake';
import { familyDocName } from '../domain/compartments';
import { todayInPoland } from '../domain/dates';
import type { StaffRole } from '../domain/roles';

let data: TestData;
let org: string;
let anna: Creator;
let beata: Creator;
let head: Creator;
let family: string;
const today = todayInPoland();
const family0 = async (by: Creator, assistantId?: string) => {
	const r = await createFamilyFromIntake(
		data.sql,
		by,
		NewFamilyRequest.parse({ name: 'Rodzina N.', assistantId, overrideJustification: 'zastępstwo' })
	);
	if (!r.ok) throw new Error(r.error);
	return r.family.id;
};
const assistantOf = async (id: string) =>
	(
		await data.sql.get<{ assistant_id: string }>(
			'SELECT assistant_id FROM families WHERE id = ?',
			id
		)
	)?.assistant_id;
/** The change of Rodzina N.'s assistant to Beata from today, by the head unless the test says. */
const change = (body: object, by: Creator = head) =>
	changeAssistant(data.sql, by, family, { assistantId: beata.id, since: today, ...body });
const countOf = async (table: 'grants' | 'families') =>
	(await data.sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))?.n;
const grantCount = () => countOf('grants');
const actor = <R extends StaffRole>(email: string, role: R) => actorsOf(data.sql, org)(email, role);

beforeEach(async () => {
	data = await openTestData('asysta-ce10-');
	org = await data.accounts.ensureOrganisation('OPS Test', 2);
	anna = await actor('anna@t', 'asystent');
	beata = await actor('beata@t', 'asystent');
	head = await actor('head@t', 'kierownik');
	family = await family0(anna);
});
afterEach(() => data.close());

describe('CE10: change of assistant', () => {
	it('[CE10][AC7] the head gives the family another assistant: the former loses the file, the new one edits it, audited with who, from when and why', async () => {
		const r = await change({ reason: 'długotrwała nieobecność asystentki' });
		expect(r).toMatchObject({ ok: true, from: { id: anna.id }, to: { id: beata.id } });
		expect(await assistantOf(family)).toBe(beata.id);
		const core = familyDocName(family, 'core');
		expect((await documentAccess(data.sql, anna.id, core)).ok).toBe(false);
		expect(await documentAccess(data.sql, beata.id, core)).toMatchObject({
			ok: true,
			role: 'edit'
		});
		const audit = await data.sql.get<{ detail: string }>(
			`SELECT detail FROM audit_log WHERE action = 'write' AND family_id = ? ORDER BY seq DESC`,
			family
		);
		expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({
			event: 'zmiana-asystenta',
			fromId: anna.id,
			toId: beata.id,
			since: today,
			reason: 'długotrwała nieobecność asystentki'
		});
	});

	it('[CE10][G1] a new assistant at the organisation’s limit is refused without the head’s justification; nothing is stored', async () => {
		await family0(head, beata.id);
		await family0(head, beata.id);
		const grants = await grantCount();
		const r = await change({ reason: 'zmiana rejonu' });
		expect(r).toMatchObject({ ok: false, status: 409 });
		expect(r.ok ? '' : r.error).toMatch(/limit ośrodka to 2/);
		expect(await assistantOf(family)).toBe(anna.id);
		expect(await grantCount()).toBe(grants);
		const ok = await change({
			reason: 'zmiana rejonu',
			overrideJustification: 'zastępstwo na czas urlopu'
		});
		expect(ok.ok).toBe(true);
	});

	it('[CE10] a date before the case started, the same assistant, a missing reason or a non-head: a Polish message, nothing stored', async () => {
		const grants = await grantCount();
		const early = await change({ since: '2000-01-01', reason: 'x' });
		expect(early.ok ? '' : early.error).toMatch(/nie może być wcześniejsza niż rozpoczęcie sprawy/);
		const same = await change({ assistantId: anna.id, reason: 'x' });
		expect(same.ok ? '' : same.error).toMatch(/obecny asystent/);
		const noReason = await change({ reason: '  ' });
		expect(noReason).toMatchObject({ ok: false, status: 400 });
		const byAssistant = await change({ reason: 'x' }, anna);
		expect(byAssistant).toMatchObject({ ok: false, status: 403 });
		expect(await assistantOf(family)).toBe(anna.id);
		expect(await grantCount()).toBe(grants);
	});

	it('[CE10][DB3] a change dated in 3000 is refused with the window in Polish; nothing stored', async () => {
		const grants = await grantCount();
		const far = await change({ since: '3000-01-01', reason: 'zastępstwo' });
		expect(far).toMatchObject({ ok: false, status: 409 });
		expect(far.ok ? '' : far.error).toMatch(/^Podaj datę od \d{2}\.\d{2}\.\d{4} do /);
		expect(await assistantOf(family)).toBe(anna.id);
		expect(await grantCount()).toBe(grants);
	});

	it('[CE10][ST4][ST2] a person recorded as another institution’s is not made a family’s assistant, by a change or at intake: 409 in Polish, nothing stored', async () => {
		expect(
			await recordParticipant(data.sql, head, beata.id, { kind: 'inna', name: 'Fundacja Przykład' })
		).toMatchObject({ ok: true });
		const grants = await grantCount();
		const changed = await change({ reason: 'zastępstwo' });
		expect(changed).toMatchObject({ ok: false, status: 409 });
		expect(changed.ok ? '' : changed.error).toMatch(
			/^beata@t jest zapisana w ewidencji jako osoba spoza OPS \(Inna instytucja — Fundacja Przykład\)/
		);
		const intake = await createFamilyFromIntake(
			data.sql,
			head,
			NewFamilyRequest.parse({ name: 'Rodzina Z.', assistantId: beata.id })
		);
		expect(intake).toMatchObject({ ok: false, status: 409 });
		expect(await assistantOf(family)).toBe(anna.id);
		expect(await grantCount()).toBe(grants);
		expect(await countOf('families')).toBe(1);
	});
});
