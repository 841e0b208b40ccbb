/**
 * Organisation settings and the head's (kierownik) view: caseload per assistant against the
 * limit, and families waiting for an assistant. Case states come from the server's projection of
 * each family's core document (families.case_state), kept current by the sync server.
 */
import type { Db } from './db.js';
import { orgSettings } from './org-settings.js';
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
export function caseloadByAssistant(db: Db, orgId: string): AssistantLoad[] {
	const settings = orgSettings(db, orgId);
	const assistants = db
		.prepare(
			`SELECT id, name FROM users WHERE org_id = ? AND role = 'asystent' AND disabled_at IS NULL ORDER BY name`
		)
		.all(orgId) as { id: string; name: string }[];
	const families = db
		.prepare(
			'SELECT assistant_id, case_state FROM families WHERE org_id = ? AND assistant_id IS NOT NULL'
		)
		.all(orgId) as { assistant_id: string; case_state: string }[];
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
export function familiesWaitingForAssistant(
	db: Db,
	orgId: string
): { id: string; name: string; state: string }[] {
	return db
		.prepare(
			`SELECT id, name, case_state AS state FROM families
			 WHERE org_id = ? AND case_state IN ('WNIOSEK', 'OCZEKUJE') ORDER BY created_at`
		)
		.all(orgId) as { id: string; name: string; state: string }[];
}

/** Records the case state the server read from a family's core document. */
export function projectCaseState(
	db: Db,
	familyId: string,
	state: CaseState,
	conflict: boolean,
	now = Date.now()
): void {
	db.prepare(
		'UPDATE families SET case_state = ?, case_state_at = ?, case_conflict = ? WHERE id = ?'
	).run(state, now, conflict ? 1 : 0, familyId);
}

/**
 * [RM18] What the server's check of a case transition needs from the database: the family's
 * assistant and social worker (G2), that assistant's other counted families (G1) and the
 * organisation's settings. An unknown family yields defaults that make G1 and G2 pass vacuously.
 */
export function caseContextOf(db: Db, familyId: string | null): CaseContext {
	const family = familyId
		? (db
				.prepare('SELECT org_id, assistant_id, social_worker_id FROM families WHERE id = ?')
				.get(familyId) as
				| { org_id: string; assistant_id: string | null; social_worker_id: string | null }
				| undefined)
		: undefined;
	const settings = orgSettings(db, family?.org_id ?? '');
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
