/**
 * [ST2] External participants are not OPS staff (issue 13): the kurator, the PCPR coordinator and
 * the police member of the grupa diagnostyczno-pomocowa belong to other institutions; the staff
 * record says so, and the grant rules follow it.
 *
 * Past 250 lines on purpose: ST2–ST4 are one rule read from three sides (record, grants, caseload)
 * over one organisation and family.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestData, type TestData } from './test-data';
import { staffOf, type StaffRole } from './test-support';
import { createFamily, grantAccess } from './families';
import type { Compartment } from '../domain/compartments';
import { listGrants } from './grants';
import { checkGrant, GrantRequest } from './grant-policy';
import { participantOf, participantsOf, recordParticipant } from './staff-law';
import { assistantsEligibility, recordEligibility } from './staff-eligibility';
import { caseloadByAssistant } from './caseload';
import { projectCase } from './case-projection';
import { reduceCase } from '../domain/case-view';
import type { CourtOrderType } from '../domain/court';
import { addMonths, todayInPoland } from '../domain/dates';

let data: TestData;
let org: string;
let ids: Record<string, string>;
let head: { id: string; orgId: string; role: string };
let family: string;

beforeEach(async () => {
	data = await openTestData('asysta-st2-');
	org = await data.accounts.ensureOrganisation('OPS Test', 15);
	const mk = (email: string, role: StaffRole) =>
		staffOf(data.sql, org, 'haslo-123')(email, role, email.split('@')[0]);
	ids = {
		anna: await mk('anna@t.pl', 'asystent'),
		kasia: await mk('kasia@t.pl', 'kurator'),
		marek: await mk('marek@t.pl', 'zespol_interdyscyplinarny'),
		ewa: await mk('ewa@t.pl', 'koordynator'),
		piotr: await mk('piotr@t.pl', 'pracownik_socjalny')
	};
	head = { id: await mk('head@t.pl', 'kierownik'), orgId: org, role: 'kierownik' };
	family = await createFamily(data.sql, {
		orgId: org,
		name: 'Rodzina K.',
		assistantId: ids.anna,
		createdBy: null
	});
});
afterEach(() => data.close());

/** [CT2][ST3] The case log records a court order of the type, as the server projects it. */
const courtOrder = (...types: CourtOrderType[]) =>
	projectCase(
		data.sql,
		family,
		reduceCase(
			types.map((orderType, i) => ({
				id: `o${i}`,
				at: new Date().toISOString(),
				actorId: ids.anna,
				actorRole: 'asystent',
				online: true,
				type: 'postanowienie_sadu' as const,
				orderId: `order-${i}`,
				orderType,
				date: todayInPoland()
			}))
		)
	);

/** The head records `user` as a participant of another institution sitting in the ZI team. */
const inTeam = (user: string, kind: string, name: string) =>
	recordParticipant(data.sql, head, user, { kind, name, ziMember: true });

const grant = (user: string, role: 'read' | 'comment' | 'edit', compartments: string[]) =>
	checkGrant(
		data.sql,
		{ id: head.id, role: 'kierownik' },
		family,
		GrantRequest.parse({
			user,
			role,
			compartments,
			reason: 'procedura Niebieska Karta',
			validTo: Date.now() + 86_400_000
		})
	);

describe('[ST2] the institution in the staff record', () => {
	it('[ST2] the head records a police officer of the ZI group as external; the staff list says so, audited', async () => {
		const police = { kind: 'policja', name: 'KPP w Przykładowie', ziMember: true };
		expect(await recordParticipant(data.sql, head, ids.marek, police)).toMatchObject({ ok: true });
		expect(await participantOf(data.sql, ids.marek)).toEqual(police);
		const list = await participantsOf(data.sql, org);
		expect(list.get(ids.marek)).toEqual(police);
		// Before anything is recorded, a kurator belongs to the court, not to the OPS.
		expect(list.get(ids.kasia)).toMatchObject({ kind: 'sad' });
		expect(list.get(ids.anna)).toMatchObject({ kind: 'ops', ziMember: false });
		const audit = await data.sql.get<{ detail: string }>(
			`SELECT detail FROM audit_log WHERE object = ? AND action = 'write'`,
			`user:${ids.marek}`
		);
		expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ event: 'instytucja', after: police });
	});

	it('[ST2] an external institution without a name, a name longer than 200 characters, a non-head: a Polish message, nothing stored', async () => {
		const noName = await recordParticipant(data.sql, head, ids.ewa, {
			kind: 'pcpr',
			name: ' ',
			ziMember: false
		});
		expect(noName).toMatchObject({ ok: false, status: 400 });
		expect(noName.ok ? '' : noName.error).toMatch(/Podaj nazwę instytucji/);
		const long = await recordParticipant(data.sql, head, ids.ewa, {
			kind: 'pcpr',
			name: 'P'.repeat(250),
			ziMember: false
		});
		expect(long.ok ? '' : long.error).toMatch(/^Za długie: najwyżej 200 znaków, wpisano 250\./);
		expect(
			await recordParticipant(data.sql, { ...head, id: ids.anna, role: 'asystent' }, ids.ewa, {
				kind: 'pcpr',
				name: 'PCPR',
				ziMember: false
			})
		).toMatchObject({ ok: false, status: 403 });
		expect(
			await recordParticipant(data.sql, { ...head, orgId: 'inny' }, ids.ewa, { kind: 'ops' })
		).toMatchObject({ ok: false, status: 404 });
		expect(await participantOf(data.sql, ids.ewa)).toEqual({
			kind: 'ops',
			name: '',
			ziMember: false
		});
	});
});

describe('[ST2][AC11] grants to participants of other institutions', () => {
	it('[ST2][AC11] a PCPR coordinator and a kurator who sit in the ZI group get the violence procedure', async () => {
		expect(await inTeam(ids.ewa, 'pcpr', 'PCPR w Przykładowie')).toMatchObject({ ok: true });
		expect(await inTeam(ids.kasia, 'sad', 'Sąd Rejonowy w Przykładowie')).toMatchObject({
			ok: true
		});
		expect(await grant('ewa@t.pl', 'edit', ['violence'])).toMatchObject({ ok: true });
		expect(await grant('kasia@t.pl', 'read', ['violence'])).toMatchObject({ ok: true });
		// The assistant sits in the group by the head's record too (AC5), not by role.
		expect(await grant('anna@t.pl', 'read', ['violence'])).toMatchObject({
			ok: false,
			status: 403
		});
		await recordParticipant(data.sql, head, ids.anna, { kind: 'ops', ziMember: true });
		expect(await grant('anna@t.pl', 'read', ['violence'])).toMatchObject({ ok: true });
		// Outside the group: still refused.
		expect(await grant('piotr@t.pl', 'read', ['violence'])).toMatchObject({
			ok: false,
			status: 403
		});
	});

	it('[ST2] an external participant reads or comments the family (a kurator under court supervision), never edits the OPS file', async () => {
		await recordParticipant(data.sql, head, ids.marek, {
			kind: 'policja',
			name: 'KPP',
			ziMember: true
		});
		await courtOrder('nadzor_kuratora');
		expect(await grant('kasia@t.pl', 'comment', ['plan'])).toMatchObject({ ok: true });
		expect(await grant('kasia@t.pl', 'read', ['core', 'plan', 'visits'])).toMatchObject({
			ok: true
		});
		const edit = await grant('kasia@t.pl', 'edit', ['plan']);
		expect(edit).toMatchObject({ ok: false, status: 403 });
		expect(edit.ok ? '' : edit.error).toMatch(/nie jest pracownikiem OPS \(Sąd rejonowy/);
		// The police officer of the group writes the Niebieska Karta procedure, not the case file.
		expect(await grant('marek@t.pl', 'edit', ['violence'])).toMatchObject({ ok: true });
		expect(await grant('marek@t.pl', 'edit', ['violence', 'core'])).toMatchObject({
			ok: false,
			status: 403
		});
		// An OPS social worker recorded as OPS still edits core.
		expect(await grant('piotr@t.pl', 'edit', ['core'])).toMatchObject({ ok: true });
	});

	it('[ST2] the family’s grants name the institution of a grantee who is not OPS staff', async () => {
		for (const user of [ids.kasia, ids.piotr])
			await grantAccess(data.sql, {
				familyId: family,
				userId: user,
				role: 'comment',
				compartments: ['plan'],
				grantedBy: head.id,
				reason: 'test',
				validTo: Date.now() + 86_400_000
			});
		await recordParticipant(data.sql, head, ids.kasia, {
			kind: 'sad',
			name: 'SR w Przykładowie',
			ziMember: false
		});
		const rows = await listGrants(data.sql, family);
		expect(rows.find((g) => g.userId === ids.kasia)?.external).toBe(
			'Sąd rejonowy (kurator sądowy) — SR w Przykładowie'
		);
		expect(rows.find((g) => g.userId === ids.piotr)?.external).toBeNull();
		expect(rows.find((g) => g.userId === ids.anna)?.external).toBeNull();
	});

	it('[ST2][ST1][G1] art. 12 eligibility and caseload limits concern assistants only, not external participants', async () => {
		await recordParticipant(data.sql, head, ids.kasia, {
			kind: 'sad',
			name: 'SR',
			ziMember: false
		});
		expect((await assistantsEligibility(data.sql, org)).map((a) => a.id)).toEqual([ids.anna]);
		const full = {
			path: 'a_kierunkowe',
			parentalAuthority: true,
			maintenance: true,
			noConviction: true,
			checkedOn: '2026-01-01'
		};
		expect(await recordEligibility(data.sql, head, ids.kasia, full, '2026-12-07')).toMatchObject({
			ok: false,
			status: 404
		});
		expect((await caseloadByAssistant(data.sql, org)).map((a) => a.assistantId)).toEqual([
			ids.anna
		]);
	});
});

describe('[ST3] a kurator’s grant rests on a court order', () => {
	it('[ST3] no court order in the case log: a kurator gets no grant to the case file, with a Polish message naming art. 109 KRiO', async () => {
		const refused = await grant('kasia@t.pl', 'comment', ['plan']);
		expect(refused).toMatchObject({ ok: false, status: 403 });
		expect(refused.ok ? '' : refused.error).toMatch(
			/^Nie nadano dostępu: kurator sądowy \(kasia\) dostaje dostęp do akt rodziny tylko na podstawie postanowienia sądu \(art\. 109 § 2 KRiO\)/
		);
		// A person of the court by the staff record, whatever the account's role, likewise.
		await recordParticipant(data.sql, head, ids.ewa, { kind: 'sad', name: 'SR w Przykładowie' });
		expect(await grant('ewa@t.pl', 'read', ['core'])).toMatchObject({ ok: false, status: 403 });
		// Only a lifting of an obligation is no ground either (CT6).
		await courtOrder('uchylenie_zobowiazania');
		expect(await grant('kasia@t.pl', 'comment', ['plan'])).toMatchObject({
			ok: false,
			status: 403
		});
		// OPS staff need no court order.
		expect(await grant('piotr@t.pl', 'read', ['plan'])).toMatchObject({ ok: true });
	});

	it('[ST3] with a court order recorded (supervision, an obligation, a placement) the kurator reads or comments the plan', async () => {
		for (const t of ['nadzor_kuratora', 'zobowiazanie', 'umieszczenie'] as const) {
			await courtOrder(t);
			expect(await grant('kasia@t.pl', 'comment', ['plan']), t).toMatchObject({ ok: true });
		}
		await courtOrder('zobowiazanie', 'uchylenie_zobowiazania');
		expect(await grant('kasia@t.pl', 'read', ['plan', 'core'])).toMatchObject({ ok: true });
	});

	it('[ST3][AC11] a kurator sitting in the interdisciplinary team gets the violence procedure without a court order (the team’s rule, not the court’s)', async () => {
		await recordParticipant(data.sql, head, ids.kasia, { kind: 'sad', name: 'SR', ziMember: true });
		expect(await grant('kasia@t.pl', 'read', ['violence'])).toMatchObject({ ok: true });
		expect(await grant('kasia@t.pl', 'read', ['violence', 'plan'])).toMatchObject({
			ok: false,
			status: 403
		});
	});
});

describe('[ST4] recording a person as external changes their grants at once', () => {
	/** The user's live grants, by compartments (grants made in one millisecond have no order). */
	const live = async (user: string) =>
		(await listGrants(data.sql, family))
			.filter((g) => g.userId === user && g.revokedAt === null)
			.map((g) => ({ role: g.role, compartments: g.compartments, validTo: g.validTo }))
			.sort((a, b) => a.compartments.join().localeCompare(b.compartments.join()));
	const give = (user: string, role: 'read' | 'comment' | 'edit', compartments: Compartment[]) =>
		grantAccess(data.sql, {
			familyId: family,
			userId: user,
			role,
			compartments,
			grantedBy: head.id,
			reason: 'współpraca',
			validTo: until
		});
	const until = Date.now() + 30 * 86_400_000;

	it('[ST4][ST2] a social worker’s edit grants become read when the head records them as PCPR; audited with the grants changed', async () => {
		await give(ids.piotr, 'edit', ['core', 'plan']);
		await give(ids.piotr, 'read', ['visits']);
		const r = await recordParticipant(data.sql, head, ids.piotr, {
			kind: 'pcpr',
			name: 'PCPR w Przykładowie',
			ziMember: false
		});
		expect(r).toMatchObject({ ok: true });
		expect(await live(ids.piotr)).toEqual([
			{ role: 'read', compartments: ['core', 'plan'], validTo: until },
			{ role: 'read', compartments: ['visits'], validTo: until }
		]);
		const reduced = (await listGrants(data.sql, family)).find(
			(g) => g.userId === ids.piotr && g.revokedAt === null && g.compartments.includes('core')
		);
		expect(reduced?.reason).toMatch(/^współpraca — ograniczono do odczytu: osoba spoza OPS/);
		const audit = await data.sql.all<{ action: string; detail: string }>(
			`SELECT action, detail FROM audit_log WHERE object IN (?, ?) ORDER BY seq`,
			`user:${ids.piotr}`,
			ids.piotr
		);
		const actions = audit.map((a) => a.action);
		expect(actions).toContain('revoke');
		expect(actions.filter((a) => a === 'grant').length).toBeGreaterThanOrEqual(3);
		const record = audit.find((a) => a.action === 'write');
		expect(JSON.parse(record?.detail ?? '{}')).toMatchObject({
			event: 'instytucja',
			grants: [
				{
					familyId: family,
					from: { role: 'edit', compartments: ['core', 'plan'] },
					to: [{ role: 'read', compartments: ['core', 'plan'] }]
				}
			]
		});
		// The grant policy agrees: no new edit either.
		expect(await grant('piotr@t.pl', 'edit', ['plan'])).toMatchObject({ ok: false, status: 403 });
	});

	it('[ST4][AC11] a team member recorded as police keeps editing the violence procedure; recorded outside the team, that grant ends', async () => {
		await give(ids.marek, 'edit', ['violence', 'core']);
		await recordParticipant(data.sql, head, ids.marek, {
			kind: 'policja',
			name: 'KPP',
			ziMember: true
		});
		expect(await live(ids.marek)).toEqual([
			{ role: 'read', compartments: ['core'], validTo: until },
			{ role: 'edit', compartments: ['violence'], validTo: until }
		]);
		// A PCPR coordinator in the team keeps the procedure; taken out of the team, loses it.
		await give(ids.ewa, 'edit', ['violence']);
		await recordParticipant(data.sql, head, ids.ewa, {
			kind: 'pcpr',
			name: 'PCPR',
			ziMember: true
		});
		expect(await live(ids.ewa)).toEqual([
			{ role: 'edit', compartments: ['violence'], validTo: until }
		]);
		await recordParticipant(data.sql, head, ids.ewa, {
			kind: 'pcpr',
			name: 'PCPR',
			ziMember: false
		});
		expect(await live(ids.ewa)).toEqual([]);
	});

	it('[ST4] an OPS record, or read and comment grants, change nothing', async () => {
		await give(ids.piotr, 'edit', ['core']);
		await courtOrder('nadzor_kuratora');
		await give(ids.kasia, 'comment', ['plan']);
		expect(await recordParticipant(data.sql, head, ids.piotr, { kind: 'ops' })).toEqual({
			ok: true,
			changes: []
		});
		expect(
			await recordParticipant(data.sql, head, ids.kasia, {
				kind: 'sad',
				name: 'SR',
				ziMember: false
			})
		).toEqual({ ok: true, changes: [] });
		expect(await live(ids.piotr)).toEqual([
			{ role: 'edit', compartments: ['core'], validTo: until }
		]);
		expect(await live(ids.kasia)).toEqual([
			{ role: 'comment', compartments: ['plan'], validTo: until }
		]);
	});

	it('[ST4] the family’s own assistant is not recorded as external: 409 with a Polish message naming the family, nothing stored', async () => {
		const r = await recordParticipant(data.sql, head, ids.anna, { kind: 'inna', name: 'Fundacja' });
		expect(r).toMatchObject({ ok: false, status: 409 });
		expect(r.ok ? '' : r.error).toMatch(/^anna jest asystentem rodziny: Rodzina K\., /);
		expect(await participantOf(data.sql, ids.anna)).toEqual({
			kind: 'ops',
			name: '',
			ziMember: false
		});
	});
});

describe('[ST1] the check date of an assistant’s eligibility', () => {
	const full = (checkedOn: string) => ({
		path: 'a_kierunkowe',
		parentalAuthority: true,
		maintenance: true,
		noConviction: true,
		checkedOn
	});
	it('[ST1][DB1] a check dated 1800 or before the window (fifteen years) is refused with a Polish message naming art. 12; nothing stored', async () => {
		const today = todayInPoland();
		for (const day of ['1800-01-01', addMonths(today, -181)]) {
			const r = await recordEligibility(data.sql, head, ids.anna, full(day), today);
			expect(r, day).toMatchObject({ ok: false, status: 400 });
			expect(r.ok ? '' : r.error).toMatch(
				/^Data sprawdzenia kwalifikacji nie może być wcześniejsza niż \d{2}\.\d{2}\.\d{4} \(art\. 12 ust\. 1 u\.w\.r\.\)/
			);
		}
		expect((await assistantsEligibility(data.sql, org))[0].eligibility).toBeNull();
		expect(
			await recordEligibility(data.sql, head, ids.anna, full(addMonths(today, -179)), today)
		).toEqual({
			ok: true
		});
	});
});
