/**
 * Creating a family taken over from intake done elsewhere (POMOST): who may, for which
 * assistant, and G1/G2 checked here on the server against the organisation's live caseloads.
 * The case itself starts in the core document (the client appends the intake event); the
 * projection is set at once so a second creation right after counts this family too.
 */
import type { Sql } from './sql.js';
import { appendAudit } from './audit.js';
import { caseloadByAssistant, orgSettings, projectCaseState } from './caseload.js';
import { createFamily, grantAccess, listFamiliesForUser, type FamilySummary } from './families.js';
import { checkIntake, type NewFamilyRequest } from '../domain/case-intake.js';
import { guardMessage } from '../domain/guards.js';
import { familyDocName, type Compartment } from '../domain/compartments.js';
import type { StaffRole } from '../domain/roles.js';
import { m } from '../paraglide/messages.js';
import { externalAssistant } from './staff-law.js';
import type { Done } from '../domain/result.js';
import type { HttpRefusal } from './http-refusal.js';

/** What a head reads beside the core and court files it edits: all but the violence procedure. */
const HEAD_READS: Compartment[] = ['plan', 'visits', 'assessments', 'health', 'child-in-care'];

/** The signed-in user creating the family. */
export interface Creator {
	id: string;
	orgId: string;
	role: StaffRole;
}

export type IntakeResult =
	| Done<{
			family: Pick<FamilySummary, 'id' | 'name' | 'doc' | 'docs' | 'assistantId'>;
			overLocalLimit: boolean;
	  }>
	| HttpRefusal<400 | 403 | 409>;

type Person = { id: string; role: string };

async function colleague(sql: Sql, orgId: string, id: string | undefined): Promise<Person | null> {
	if (!id) return null;
	const row = await sql.get<Person>(
		'SELECT id, role FROM users WHERE id = ? AND org_id = ? AND disabled_at IS NULL',
		id,
		orgId
	);
	return row ?? null;
}

/** Creates the family, or says in Polish why not. */
export async function createFamilyFromIntake(
	sql: Sql,
	by: Creator,
	req: NewFamilyRequest
): Promise<IntakeResult> {
	if (by.role !== 'asystent' && by.role !== 'kierownik')
		return { ok: false, status: 403, error: m.api_intake_forbidden() };
	const byHead = by.role === 'kierownik';
	if (!byHead && req.assistantId && req.assistantId !== by.id)
		return { ok: false, status: 403, error: m.api_intake_assistant_self() };
	const assistantId = byHead ? req.assistantId : by.id;
	const assistant = await colleague(sql, by.orgId, assistantId);
	if (!assistant || assistant.role !== 'asystent')
		return { ok: false, status: 400, error: m.api_intake_pick_assistant() };
	// [ST4] A person of another institution does not edit the OPS's file (ST2).
	const external = await externalAssistant(sql, assistant.id);
	if (external) return { ok: false, status: 409, error: external };
	const socialWorker = await colleague(sql, by.orgId, req.socialWorkerId);
	if (req.socialWorkerId && socialWorker?.role !== 'pracownik_socjalny')
		return { ok: false, status: 400, error: m.api_intake_pick_social_worker() };

	const load = (await caseloadByAssistant(sql, by.orgId)).find(
		(a) => a.assistantId === assistant.id
	);
	const guard = checkIntake({
		settings: await orgSettings(sql, by.orgId),
		byHead,
		assistantCaseload: load?.count ?? 0,
		overrideJustification: req.overrideJustification,
		assistantId: assistant.id,
		socialWorkerId: socialWorker?.id ?? null
	});
	if (!guard.ok) return { ok: false, status: 409, error: guardMessage(guard.failure) };

	const familyId = await sql.tx(async (t) => {
		const id = await createFamily(t, {
			orgId: by.orgId,
			name: req.name,
			assistantId: assistant.id,
			createdBy: by.id
		});
		await projectCaseState(t, id, 'PRZYDZIELONA', false);
		if (socialWorker) {
			await t.run('UPDATE families SET social_worker_id = ? WHERE id = ?', socialWorker.id, id);
			await grantAccess(t, {
				familyId: id,
				userId: socialWorker.id,
				role: 'edit',
				compartments: ['core', 'plan'],
				grantedBy: by.id,
				reason: 'pracownik socjalny rodziny'
			});
		}
		// The head approves closure and suspension (core) and court opinions (court), domain.md §5.1.
		const heads = await t.all<{ id: string }>(
			`SELECT id FROM users WHERE org_id = ? AND role = 'kierownik' AND disabled_at IS NULL`,
			by.orgId
		);
		for (const head of heads)
			await grantAccess(t, {
				familyId: id,
				userId: head.id,
				role: 'edit',
				compartments: ['core', 'court'],
				grantedBy: by.id,
				reason: 'kierownik jednostki'
			});
		// [AC10] The head reads everything else of the unit's families but the violence procedure
		// (domain.md §5.1): the plan it sees awaiting consultation, visits, the final assessment it
		// accepts at closure (G5, ZK3), health (every open is audited), the child in care.
		for (const head of heads)
			await grantAccess(t, {
				familyId: id,
				userId: head.id,
				role: 'read',
				compartments: HEAD_READS,
				grantedBy: by.id,
				reason: 'kierownik jednostki: odczyt'
			});
		// [G1b] Who created the family, for whom, and a head's override with its justification.
		await appendAudit(t, {
			actorId: by.id,
			actorRole: by.role,
			action: 'write',
			object: `family:${id}`,
			familyId: id,
			detail: {
				event: 'utworzenie-rodziny',
				assistantId: assistant.id,
				caseRefs: req.caseRefs,
				overLocalLimit: guard.overLocalLimit,
				...(guard.overLocalLimit ? { overrideJustification: req.overrideJustification } : {})
			}
		});
		return id;
	});
	// A head who created a family for an assistant may hold no grant on it: a bare summary then.
	const family = (await listFamiliesForUser(sql, by.id)).find((f) => f.id === familyId) ?? {
		id: familyId,
		name: req.name,
		doc: familyDocName(familyId, 'plan'),
		docs: {},
		assistantId: assistant.id
	};
	return { ok: true, family, overLocalLimit: guard.overLocalLimit };
}

/** Colleagues a creator may pick: assistants with their caseloads, and social workers. */
export async function intakeOptions(sql: Sql, orgId: string) {
	const socialWorkers = await sql.all<{ id: string; name: string }>(
		`SELECT id, name FROM users WHERE org_id = ? AND role = 'pracownik_socjalny' AND disabled_at IS NULL ORDER BY name`,
		orgId
	);
	return { assistants: await caseloadByAssistant(sql, orgId), socialWorkers };
}
