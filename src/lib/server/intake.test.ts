import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db';
import { actorsOf, memoryOrganisation } from './test-support';
import { createFamilyFromIntake, intakeOptions, type Creator } from './intake';
import { caseloadByAssistant } from './caseload';
import { NewFamilyRequest } from '../domain/case-intake';

let db: Db;
let org: string;
let anna: Creator;
let head: Creator;
let ps: string;
const req = (body: object) => NewFamilyRequest.parse({ name: 'Rodzina N.', ...body });

beforeEach(async () => {
	({ db, org } = memoryOrganisation(2));
	const mk = actorsOf(db, org);
	anna = await mk('anna@t', 'asystent');
	head = await mk('head@t', 'kierownik');
	ps = (await mk('ps@t', 'pracownik_socjalny')).id;
});
afterEach(() => db.close());

describe('creating a family from intake', () => {
	it('[G1b][AC10] an assistant creates a family for themself; it counts at once; the PS gets the core file, the head edits core and court and reads the rest but violence', () => {
		const r = createFamilyFromIntake(db, anna, req({ socialWorkerId: ps }));
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.family.docs.core?.role).toBe('edit');
		expect(caseloadByAssistant(db, org).find((a) => a.assistantId === anna.id)?.count).toBe(1);
		const grant = db.prepare('SELECT role FROM grants WHERE user_id = ?').get(ps);
		expect(grant).toEqual({ role: 'edit' });
		const headGrant = db.prepare(
			'SELECT role, compartments FROM grants WHERE user_id = ? ORDER BY role'
		);
		// [AC10] The head edits core and court and reads all else but the violence procedure.
		expect(headGrant.all(head.id)).toEqual([
			{ role: 'edit', compartments: '["core","court"]' },
			{ role: 'read', compartments: '["plan","visits","assessments","health","child-in-care"]' }
		]);
	});

	it('[G1b] over the local limit an assistant is refused; a head passes with a justification, audited', () => {
		createFamilyFromIntake(db, anna, req({}));
		createFamilyFromIntake(db, anna, req({}));
		const refused = createFamilyFromIntake(db, anna, req({}));
		expect(refused).toMatchObject({ ok: false, status: 409 });
		expect(refused.ok ? '' : refused.error).toMatch(/limit ośrodka to 2/);
		const noReason = createFamilyFromIntake(db, head, req({ assistantId: anna.id }));
		expect(noReason.ok).toBe(false);
		const ok = createFamilyFromIntake(
			db,
			head,
			req({ assistantId: anna.id, overrideJustification: 'zastępstwo za urlop' })
		);
		expect(ok).toMatchObject({ ok: true, overLocalLimit: true });
		const audit = db
			.prepare("SELECT detail FROM audit_log WHERE actor_id = ? AND action = 'write'")
			.get(head.id) as { detail: string };
		expect(JSON.parse(audit.detail)).toMatchObject({
			overLocalLimit: true,
			overrideJustification: 'zastępstwo za urlop'
		});
	});

	it('[G1b] roles other than assistant and head may not create; a head must name an assistant', async () => {
		const kurator: Creator = await actorsOf(db, org)('k@t', 'kurator');
		expect(createFamilyFromIntake(db, kurator, req({}))).toMatchObject({ status: 403 });
		expect(createFamilyFromIntake(db, head, req({}))).toMatchObject({ status: 400 });
		expect(createFamilyFromIntake(db, anna, req({ assistantId: head.id }))).toMatchObject({
			status: 403
		});
		expect(createFamilyFromIntake(db, anna, req({ socialWorkerId: anna.id }))).toMatchObject({
			status: 400
		});
	});

	it('[G1b] the options list assistants with their caseloads and the social workers', () => {
		createFamilyFromIntake(db, anna, req({}));
		const o = intakeOptions(db, org);
		expect(o.assistants).toEqual([expect.objectContaining({ assistantId: anna.id, count: 1 })]);
		expect(o.socialWorkers.map((s) => s.id)).toEqual([ps]);
	});
});
