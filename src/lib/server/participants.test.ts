/**
 * [ST2] External participants are not OPS staff (issue 13): the kurator, the PCPR coordinator and
 * the police member of the grupa diagnostyczno-pomocowa belong to other institutions; the staff
 * record says so, and the grant rules follow it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './db';
import { createUser, ensureOrganisation } from './users';
import { createFamily, grantAccess } from './families';
import { listGrants } from './grants';
import { checkGrant, GrantRequest } from './grant-policy';
import { participantOf, participantsOf, recordParticipant } from './staff-law';
import { assistantsEligibility, recordEligibility } from './staff-law';
import { caseloadByAssistant } from './caseload';

let db: Db;
let org: string;
let ids: Record<string, string>;
let head: { id: string; orgId: string; role: string };
let family: string;

beforeEach(async () => {
	db = openDatabase(':memory:');
	org = ensureOrganisation(db, 'OPS Test', 15);
	const mk = (email: string, role: Parameters<typeof createUser>[1]['role']) =>
		createUser(db, { orgId: org, email, name: email.split('@')[0], role, password: 'haslo-123' });
	ids = {
		anna: await mk('anna@t.pl', 'asystent'),
		kasia: await mk('kasia@t.pl', 'kurator'),
		marek: await mk('marek@t.pl', 'zespol_interdyscyplinarny'),
		ewa: await mk('ewa@t.pl', 'koordynator'),
		piotr: await mk('piotr@t.pl', 'pracownik_socjalny')
	};
	head = { id: await mk('head@t.pl', 'kierownik'), orgId: org, role: 'kierownik' };
	family = createFamily(db, {
		orgId: org,
		name: 'Rodzina K.',
		assistantId: ids.anna,
		createdBy: null
	});
});
afterEach(() => db.close());

const grant = (user: string, role: 'read' | 'comment' | 'edit', compartments: string[]) =>
	checkGrant(
		db,
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
	it('[ST2] the head records a police officer of the ZI group as external; the staff list says so, audited', () => {
		const police = { kind: 'policja', name: 'KPP w Przykładowie', ziMember: true };
		expect(recordParticipant(db, head, ids.marek, police)).toEqual({ ok: true });
		expect(participantOf(db, ids.marek)).toEqual(police);
		const list = participantsOf(db, org);
		expect(list.get(ids.marek)).toEqual(police);
		// Before anything is recorded, a kurator belongs to the court, not to the OPS.
		expect(list.get(ids.kasia)).toMatchObject({ kind: 'sad' });
		expect(list.get(ids.anna)).toMatchObject({ kind: 'ops', ziMember: false });
		const audit = db
			.prepare(`SELECT detail FROM audit_log WHERE object = ? AND action = 'write'`)
			.get(`user:${ids.marek}`) as { detail: string };
		expect(JSON.parse(audit.detail)).toMatchObject({ event: 'instytucja', after: police });
	});

	it('[ST2] an external institution without a name, a name longer than 200 characters, a non-head: a Polish message, nothing stored', () => {
		const noName = recordParticipant(db, head, ids.ewa, {
			kind: 'pcpr',
			name: ' ',
			ziMember: false
		});
		expect(noName).toMatchObject({ ok: false, status: 400 });
		expect(noName.ok ? '' : noName.error).toMatch(/Podaj nazwę instytucji/);
		const long = recordParticipant(db, head, ids.ewa, {
			kind: 'pcpr',
			name: 'P'.repeat(250),
			ziMember: false
		});
		expect(long.ok ? '' : long.error).toMatch(/^Za długie: najwyżej 200 znaków, wpisano 250\./);
		expect(
			recordParticipant(db, { ...head, id: ids.anna, role: 'asystent' }, ids.ewa, {
				kind: 'pcpr',
				name: 'PCPR',
				ziMember: false
			})
		).toMatchObject({ ok: false, status: 403 });
		expect(
			recordParticipant(db, { ...head, orgId: 'inny' }, ids.ewa, { kind: 'ops' })
		).toMatchObject({ ok: false, status: 404 });
		expect(participantOf(db, ids.ewa)).toEqual({ kind: 'ops', name: '', ziMember: false });
	});
});

describe('[ST2][AC11] grants to participants of other institutions', () => {
	it('[ST2][AC11] a PCPR coordinator and a kurator who sit in the ZI group get the violence procedure', () => {
		expect(
			recordParticipant(db, head, ids.ewa, {
				kind: 'pcpr',
				name: 'PCPR w Przykładowie',
				ziMember: true
			})
		).toEqual({ ok: true });
		expect(
			recordParticipant(db, head, ids.kasia, {
				kind: 'sad',
				name: 'Sąd Rejonowy w Przykładowie',
				ziMember: true
			})
		).toEqual({ ok: true });
		expect(grant('ewa@t.pl', 'edit', ['violence'])).toMatchObject({ ok: true });
		expect(grant('kasia@t.pl', 'read', ['violence'])).toMatchObject({ ok: true });
		// The assistant sits in the group by the head's record too (AC5), not by role.
		expect(grant('anna@t.pl', 'read', ['violence'])).toMatchObject({ ok: false, status: 403 });
		recordParticipant(db, head, ids.anna, { kind: 'ops', ziMember: true });
		expect(grant('anna@t.pl', 'read', ['violence'])).toMatchObject({ ok: true });
		// Outside the group: still refused.
		expect(grant('piotr@t.pl', 'read', ['violence'])).toMatchObject({ ok: false, status: 403 });
	});

	it('[ST2] an external participant reads or comments the family (a kurator under court supervision), never edits the OPS file', () => {
		recordParticipant(db, head, ids.marek, { kind: 'policja', name: 'KPP', ziMember: true });
		expect(grant('kasia@t.pl', 'comment', ['plan'])).toMatchObject({ ok: true });
		expect(grant('kasia@t.pl', 'read', ['core', 'plan', 'visits'])).toMatchObject({ ok: true });
		const edit = grant('kasia@t.pl', 'edit', ['plan']);
		expect(edit).toMatchObject({ ok: false, status: 403 });
		expect(edit.ok ? '' : edit.error).toMatch(/nie jest pracownikiem OPS \(Sąd rejonowy/);
		// The police officer of the group writes the Niebieska Karta procedure, not the case file.
		expect(grant('marek@t.pl', 'edit', ['violence'])).toMatchObject({ ok: true });
		expect(grant('marek@t.pl', 'edit', ['violence', 'core'])).toMatchObject({
			ok: false,
			status: 403
		});
		// An OPS social worker recorded as OPS still edits core.
		expect(grant('piotr@t.pl', 'edit', ['core'])).toMatchObject({ ok: true });
	});

	it('[ST2] the family’s grants name the institution of a grantee who is not OPS staff', () => {
		for (const user of [ids.kasia, ids.piotr])
			grantAccess(db, {
				familyId: family,
				userId: user,
				role: 'comment',
				compartments: ['plan'],
				grantedBy: head.id,
				reason: 'test',
				validTo: Date.now() + 86_400_000
			});
		recordParticipant(db, head, ids.kasia, {
			kind: 'sad',
			name: 'SR w Przykładowie',
			ziMember: false
		});
		const rows = listGrants(db, family);
		expect(rows.find((g) => g.userId === ids.kasia)?.external).toBe(
			'Sąd rejonowy (kurator sądowy) — SR w Przykładowie'
		);
		expect(rows.find((g) => g.userId === ids.piotr)?.external).toBeNull();
		expect(rows.find((g) => g.userId === ids.anna)?.external).toBeNull();
	});

	it('[ST2][ST1][G1] art. 12 eligibility and caseload limits concern assistants only, not external participants', () => {
		recordParticipant(db, head, ids.kasia, { kind: 'sad', name: 'SR', ziMember: false });
		expect(assistantsEligibility(db, org).map((a) => a.id)).toEqual([ids.anna]);
		const full = {
			path: 'a_kierunkowe',
			parentalAuthority: true,
			maintenance: true,
			noConviction: true,
			checkedOn: '2026-01-01'
		};
		expect(recordEligibility(db, head, ids.kasia, full, '2026-12-07')).toMatchObject({
			ok: false,
			status: 404
		});
		expect(caseloadByAssistant(db, org).map((a) => a.assistantId)).toEqual([ids.anna]);
	});
});
