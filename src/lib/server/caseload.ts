/**
 * Organisation settings and the head's (kierownik) view: caseload per assistant against the
 * limit, and families waiting for an assistant. Case states come from the server's projection of
 * each family's core document (families.case_state), kept current by the sync server.
 */
import type { Db } from './db.js';
import type { Sql } from './sql.js';
import { ORG_SETTINGS_ROW, orgSettings, settingsOfRow } from './org-settings.js';
import { CaseState, countsTowardCaseload } from '../domain/case-state.js';
import type { OrgSettings } from '../domain/settings.js';

// Settings live in org-settings.ts; re-exported for the callers that read them from here.
export { orgSettings };

export interface AssistantLoad {
	assistantId: string;
	name: string;
	count: number;
	limit: number;
}

/** Counted families per assistant of the organisation (CS2), with the local limit. */
export async function caseloadByAssistant(sql: Sql, orgId: string): Promise<AssistantLoad[]> {
	const settings = await orgSettings(sql, orgId);
	const assistants = await sql.all<{ id: string; name: string }>(
		`SELECT id, name FROM users WHERE org_id = ? AND role = 'asystent' AND disabled_at IS NULL ORDER BY name`,
		orgId
	);
	const families = await sql.all<{ assistant_id: string; case_state: string }>(
		'SELECT assistant_id, case_state FROM families WHERE org_id = ? AND assistant_id IS NOT NULL',
		orgId
	);
	return assistants.map((a) => ({
		assistantId: a.id,
		name: a.name,
		limit: settings.caseloadLimit,
		count: families.filter((f) => {
			const s = CaseState.safeParse(f.case_state);
			return (
				f.assistant_id === a.id &&
				s.success &&
				countsTowardCaseload(s.data, settings.monitoringCountsTowardCaseload)
			);
		}).length
	}));
}

/** Families of the organisation waiting for an assistant (request filed, none assigned). */
export async function familiesWaitingForAssistant(
	sql: Sql,
	orgId: string
): Promise<{ id: string; name: string; state: string }[]> {
	return sql.all<{ id: string; name: string; state: string }>(
		`SELECT id, name, case_state AS state FROM families
		 WHERE org_id = ? AND case_state IN ('WNIOSEK', 'OCZEKUJE') ORDER BY created_at`,
		orgId
	);
}

/** Records the case state the server read from a family's core document. */
export async function projectCaseState(
	sql: Sql,
	familyId: string,
	state: CaseState,
	conflict: boolean,
	now = Date.now()
): Promise<void> {
	await sql.run(
		'UPDATE families SET case_state = ?, case_state_at = ?, case_conflict = ? WHERE id = ?',
		state,
		now,
		conflict ? 1 : 0,
		familyId
	);
}

/**
 * [RM18] What the server's check of a case transition needs from the database: the family's
 * assistant and social worker (G2), that assistant's other counted families (G1) and the
 * organisation's settings. An unknown family yields defaults that make G1 and G2 pass vacuously.
 *
 * Still on SQLite's connection (issue 16): the write guard asks for it synchronously, inside the
 * check of an update, so moving it needs the guard to read the context before the update.
 */
export function caseContextOf(db: Db, familyId: string | null): CaseContext {
	const family = familyId
		? (db
				.prepare('SELECT org_id, assistant_id, social_worker_id FROM families WHERE id = ?')
				.get(familyId) as
				| { org_id: string; assistant_id: string | null; social_worker_id: string | null }
				| undefined)
		: undefined;
	const orgId = family?.org_id ?? '';
	const settings = settingsOfRow(
		orgId,
		db.prepare(ORG_SETTINGS_ROW).get(orgId) as
			{ settings: string; caseload_limit: number } | undefined
	);
	if (!family) return { settings, assistantCaseload: 0, assistantId: null, socialWorkerId: null };
	const others = family.assistant_id
		? (db
				.prepare('SELECT case_state FROM families WHERE assistant_id = ? AND id != ?')
				.all(family.assistant_id, familyId) as { case_state: string }[])
		: [];
	const assistantCaseload = others.filter((f) => {
		const s = CaseState.safeParse(f.case_state);
		return s.success && countsTowardCaseload(s.data, settings.monitoringCountsTowardCaseload);
	}).length;
	return {
		settings,
		assistantCaseload,
		assistantId: family.assistant_id,
		socialWorkerId: family.social_worker_id
	};
}

/** The inputs of the server's transition check (server/case-guard.ts). */
export interface CaseContext {
	settings: OrgSettings;
	assistantCaseload: number;
	assistantId: string | null;
	socialWorkerId: string | null;
}
