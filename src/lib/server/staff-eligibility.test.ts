import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staffOf } from './test-support';
import { openTestData, type TestData } from './test-data';
import { recordEligibility, assistantsEligibility } from './staff-eligibility';
import { headView } from './head-view';

let data: TestData;
let org: string;
let anna: string;
let beata: string;
let head: { id: string; orgId: string; role: string };
const today = '2026-12-07';
const full = {
	path: 'a_kierunkowe',
	parentalAuthority: true,
	maintenance: true,
	noConviction: true,
	checkedOn: '2026-12-01'
};

beforeEach(async () => {
	data = await openTestData('asysta-st1-');
	org = await data.accounts.ensureOrganisation('OPS Test', 15);
	const mk = staffOf(data.sql, org, 'haslo-123');
	anna = await mk('anna@t', 'asystent');
	beata = await mk('beata@t', 'asystent');
	head = { id: await mk('head@t', 'kierownik'), orgId: org, role: 'kierownik' };
});
afterEach(() => data.close());

describe('ST1: art. 12 eligibility in the staff record', () => {
	it('[ST1][HV1] the head sees who lacks it: unchecked, or a condition of art. 12 ust. 1 not confirmed', async () => {
		const { sql } = data;
		expect(await recordEligibility(sql, head, anna, full, today)).toEqual({ ok: true });
		expect(
			await recordEligibility(sql, head, beata, { ...full, path: null, noConviction: false }, today)
		).toEqual({ ok: true });
		const rows = await assistantsEligibility(sql, org);
		expect(rows.find((r) => r.id === anna)?.gaps).toEqual([]);
		expect(rows.find((r) => r.id === beata)?.gaps).toEqual(['sciezka', 'niekaralnosc']);
		// [HV1] The head's view lists the same.
		expect((await headView(sql, org, today)).eligibility).toEqual(rows);
		const audit = await sql.get<{ detail: string }>(
			`SELECT detail FROM audit_log WHERE object = ? AND action = 'write'`,
			`user:${anna}`
		);
		expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({
			event: 'kwalifikacje-art12',
			after: full
		});
	});

	it('[ST1] a check date in the future, a malformed record or a non-head: a Polish message naming the article, nothing stored', async () => {
		const { sql } = data;
		const future = await recordEligibility(
			sql,
			head,
			anna,
			{ ...full, checkedOn: '2027-01-01' },
			today
		);
		expect(future).toMatchObject({ ok: false, status: 400 });
		expect(future.ok ? '' : future.error).toMatch(/art\. 12 ust\. 1/);
		expect(await recordEligibility(sql, head, anna, { ...full, extra: 1 }, today)).toMatchObject({
			ok: false,
			status: 400
		});
		expect(
			await recordEligibility(sql, { ...head, id: anna, role: 'asystent' }, anna, full, today)
		).toMatchObject({ ok: false, status: 403 });
		expect((await assistantsEligibility(sql, org)).find((r) => r.id === anna)?.gaps).toEqual([
			'brak_sprawdzenia'
		]);
	});
});
