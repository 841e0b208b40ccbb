import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { actorsOf, memoryOrganisation } from './test-support';
import { createFamilyFromIntake, type Creator } from './intake';
import { changeAssistant } from './assistant-change';
import { recordParticipant } from './staff-law';
import { documentAccess } from './families';
import { NewFamilyRequest } from '../domain/case-intake';
import { familyDocName } from '../domain/compartments';
import { todayInPoland } from '../domain/dates';

let db: Db;
let org: string;
let anna: Creator;
let beata: Creator;
let head: Creator;
let family: string;
const today = todayInPoland();
const family0 = (by: Creator, assistantId?: string) => {
	const r = createFamilyFromIntake(
		db,
		by,
		NewFamilyRequest.parse({ name: 'Rodzina N.', assistantId, overrideJustification: 'zastępstwo' })
	);
	if (!r.ok) throw new Error(r.error);
	return r.family.id;
};
const assistantOf = (id: string) =>
	(db.prepare('SELECT assistant_id FROM families WHERE id = ?').get(id) as { assistant_id: string })
		.assistant_id;
/** The change of Rodzina N.'s assistant to Beata from today, by the head unless the test says. */
const change = (body: object, by: Creator = head) =>
	changeAssistant(db, by, family, { assistantId: beata.id, since: today, ...body });
const grantCount = () => (db.prepare('SELECT count(*) AS n FROM grants').get() as { n: number }).n;

beforeEach(async () => {
	({ db, org } = memoryOrganisation(2));
	const mk = actorsOf(db, org);
	anna = await mk('anna@t', 'asystent');
	beata = await mk('beata@t', 'asystent');
	head = await mk('head@t', 'kierownik');
	family = family0(anna);
});
afterEach(() => db.close());

describe('CE10: change of assistant', () => {
	it('[CE10][AC7] the head gives the family another assistant: the former loses the file, the new one edits it, audited with who, from when and why', () => {
		const r = change({ reason: 'długotrwała nieobecność asystentki' });
		expect(r).toMatchObject({ ok: true, from: { id: anna.id }, to: { id: beata.id } });
		expect(assistantOf(family)).toBe(beata.id);
		const core = familyDocName(family, 'core');
		expect(documentAccess(db, anna.id, core).ok).toBe(false);
		expect(documentAccess(db, beata.id, core)).toMatchObject({ ok: true, role: 'edit' });
		const audit = db
			.prepare(
				`SELECT detail FROM audit_log WHERE action = 'write' AND family_id = ? ORDER BY seq DESC`
			)
			.get(family) as { detail: string };
		expect(JSON.parse(audit.detail)).toMatchObject({
			event: 'zmiana-asystenta',
			fromId: anna.id,
			toId: beata.id,
			since: today,
			reason: 'długotrwała nieobecność asystentki'
		});
	});

	it('[CE10][G1] a new assistant at the organisation’s limit is refused without the head’s justification; nothing is stored', () => {
		family0(head, beata.id);
		family0(head, beata.id);
		const grants = grantCount();
		const r = change({ reason: 'zmiana rejonu' });
		expect(r).toMatchObject({ ok: false, status: 409 });
		expect(r.ok ? '' : r.error).toMatch(/limit ośrodka to 2/);
		expect(assistantOf(family)).toBe(anna.id);
		expect(grantCount()).toBe(grants);
		const ok = change({
			reason: 'zmiana rejonu',
			overrideJustification: 'zastępstwo na czas urlopu'
		});
		expect(ok.ok).toBe(true);
	});

	it('[CE10] a date before the case started, the same assistant, a missing reason or a non-head: a Polish message, nothing stored', () => {
		const grants = grantCount();
		const early = change({ since: '2000-01-01', reason: 'x' });
		expect(early.ok ? '' : early.error).toMatch(/nie może być wcześniejsza niż rozpoczęcie sprawy/);
		const same = change({ assistantId: anna.id, reason: 'x' });
		expect(same.ok ? '' : same.error).toMatch(/obecny asystent/);
		const noReason = change({ reason: '  ' });
		expect(noReason).toMatchObject({ ok: false, status: 400 });
		const byAssistant = change({ reason: 'x' }, anna);
		expect(byAssistant).toMatchObject({ ok: false, status: 403 });
		expect(assistantOf(family)).toBe(anna.id);
		expect(grantCount()).toBe(grants);
	});

	it('[CE10][DB3] a change dated in 3000 is refused with the window in Polish; nothing stored', () => {
		const grants = grantCount();
		const far = change({ since: '3000-01-01', reason: 'zastępstwo' });
		expect(far).toMatchObject({ ok: false, status: 409 });
		expect(far.ok ? '' : far.error).toMatch(/^Podaj datę od \d{2}\.\d{2}\.\d{4} do /);
		expect(assistantOf(family)).toBe(anna.id);
		expect(grantCount()).toBe(grants);
	});

	it('[CE10][ST4][ST2] a person recorded as another institution’s is not made a family’s assistant, by a change or at intake: 409 in Polish, nothing stored', () => {
		expect(
			recordParticipant(db, head, beata.id, { kind: 'inna', name: 'Fundacja Przykład' })
		).toMatchObject({ ok: true });
		const grants = grantCount();
		const changed = change({ reason: 'zastępstwo' });
		expect(changed).toMatchObject({ ok: false, status: 409 });
		expect(changed.ok ? '' : changed.error).toMatch(
			/^beata@t jest zapisana w ewidencji jako osoba spoza OPS \(Inna instytucja — Fundacja Przykład\)/
		);
		const intake = createFamilyFromIntake(
			db,
			head,
			NewFamilyRequest.parse({ name: 'Rodzina Z.', assistantId: beata.id })
		);
		expect(intake).toMatchObject({ ok: false, status: 409 });
		expect(assistantOf(family)).toBe(anna.id);
		expect(grantCount()).toBe(grants);
		const families = db.prepare('SELECT count(*) AS n FROM families').get() as { n: number };
		expect(families.n).toBe(1);
	});
});
