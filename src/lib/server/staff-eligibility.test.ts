import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { memoryOrganisation, staffOf } from './test-support';
import { recordEligibility, assistantsEligibility } from './staff-eligibility';
import { headView } from './head-view';

let db: Db;
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
	({ db, org } = memoryOrganisation(15));
	const mk = staffOf(db, org, 'haslo-123');
	anna = await mk('anna@t', 'asystent');
	beata = await mk('beata@t', 'asystent');
	head = { id: await mk('head@t', 'kierownik'), orgId: org, role: 'kierownik' };
});
afterEach(() => db.close());

describe('ST1: art. 12 eligibility in the staff record', () => {
	it('[ST1][HV1] the head sees who lacks it: unchecked, or a condition of art. 12 ust. 1 not confirmed', async () => {
		expect(recordEligibility(db, head, anna, full, today)).toEqual({ ok: true });
		expect(
			recordEligibility(db, head, beata, { ...full, path: null, noConviction: false }, today)
		).toEqual({ ok: true });
		const rows = (await headView(db, org, today)).eligibility;
		expect(rows.find((r) => r.id === anna)?.gaps).toEqual([]);
		expect(rows.find((r) => r.id === beata)?.gaps).toEqual(['sciezka', 'niekaralnosc']);
		const audit = db
			.prepare(`SELECT detail FROM audit_log WHERE object = ? AND action = 'write'`)
			.get(`user:${anna}`) as { detail: string };
		expect(JSON.parse(audit.detail)).toMatchObject({ event: 'kwalifikacje-art12', after: full });
	});

	it('[ST1] a check date in the future, a malformed record or a non-head: a Polish message naming the article, nothing stored', () => {
		const future = recordEligibility(db, head, anna, { ...full, checkedOn: '2027-01-01' }, today);
		expect(future).toMatchObject({ ok: false, status: 400 });
		expect(future.ok ? '' : future.error).toMatch(/art\. 12 ust\. 1/);
		expect(recordEligibility(db, head, anna, { ...full, extra: 1 }, today)).toMatchObject({
			ok: false,
			status: 400
		});
		expect(
			recordEligibility(db, { ...head, id: anna, role: 'asystent' }, anna, full, today)
		).toMatchObject({ ok: false, status: 403 });
		expect(assistantsEligibility(db, org).find((r) => r.id === anna)?.gaps).toEqual([
			'brak_sprawdzenia'
		]);
	});
});
