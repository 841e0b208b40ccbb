/**
 * Organisation settings and the head's (kierownik) view: caseload per assistant against the
 * limit, and families waiting for an assistant. Case states come from the server's projection of
 * each family's core document (families.case_state), kept current by the sync server.
 */
import type { Db } from './db.js';
import { OrgSettings } from '../domain/settings.js';
import { CaseState, countsTowardCaseload } from '../domain/case-state.js';

/** The organisation's settings, defaults filled in; a corrupt row falls back to the defaults. */
export function orgSettings(db: Db, orgId: string): OrgSettings {
	const row = db
		.prepare('SELECT settings, caseload_limit FROM organisations WHERE id = ?')
		.get(orgId) as { settings: string; caseload_limit: number } | undefined;
	let stored: unknown;
	try {
		stored = JSON.parse(row?.settings ?? '{}');
	} catch {
		stored = {};
	}
	const parsed = OrgSettings.safeParse({
		caseloadLimit: row?.caseload_limit ?? 15,
		...(stored as object)
	});
	return parsed.success ? parsed.data : OrgSettings.parse({});
}

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
