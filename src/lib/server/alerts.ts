/**
 * [ZG3][ZG4] Child-safety alerts (domain.md §2.3: ZAGROZENIE "alerts the head and PS on sync").
 * The projection of a family's core document creates one alert per `zagrozenie` event the first
 * time it sees it; the addressees are fixed then: the kierownicy of the family's organisation and
 * the social workers holding a live grant on the family. An alert carries the family and the date
 * only, never the concern's content (which may sit in the violence compartment).
 */
import type { Db } from './db.js';
import { recordAudit } from './audit.js';
import type { CaseEvent } from '../domain/case-events.js';

type Zagrozenie = Extract<CaseEvent, { type: 'zagrozenie' }>;

/** Who is told about a concern in the family, now. */
function addresseesOf(db: Db, familyId: string, now: number): string[] {
	const rows = db
		.prepare(
			`SELECT u.id FROM users u JOIN families f ON f.org_id = u.org_id
			 WHERE f.id = ? AND u.role = 'kierownik' AND u.disabled_at IS NULL
			 UNION
			 SELECT DISTINCT u.id FROM users u JOIN grants g ON g.user_id = u.id
			 WHERE g.family_id = ? AND u.role = 'pracownik_socjalny' AND u.disabled_at IS NULL
			   AND g.revoked_at IS NULL AND g.valid_from <= ? AND (g.valid_to IS NULL OR g.valid_to > ?)`
		)
		.all(familyId, familyId, now, now) as { id: string }[];
	return rows.map((r) => r.id);
}

/**
 * [ZG3] Creates the alert of each `zagrozenie` event not seen before; idempotent per event id,
 * so re-projecting the document (every commit) never alerts twice. Returns how many were new.
 */
export function raiseSafetyAlerts(
	db: Db,
	familyId: string,
	events: readonly CaseEvent[],
	now = Date.now()
): number {
	const concerns = events.filter((e): e is Zagrozenie => e.type === 'zagrozenie');
	if (concerns.length === 0) return 0;
	const insert = db.prepare(
		`INSERT OR IGNORE INTO alerts (id, family_id, event_id, kind, event_date, created_at)
		 VALUES (?, ?, ?, 'zagrozenie', ?, ?)`
	);
	const address = db.prepare(
		'INSERT OR IGNORE INTO alert_addressees (alert_id, user_id) VALUES (?, ?)'
	);
	let created = 0;
	db.transaction(() => {
		for (const e of concerns) {
			const id = crypto.randomUUID();
			if (insert.run(id, familyId, e.id, e.date, now).changes === 0) continue;
			created++;
			for (const user of addresseesOf(db, familyId, now)) address.run(id, user);
		}
	})();
	return created;
}

/** One open alert as `GET /api/alerts` returns it: the family and the date, nothing more. */
export interface AlertLine {
	id: string;
	familyId: string;
	familyName: string;
	kind: 'zagrozenie';
	date: string;
	createdAt: number;
}

/** [ZG4] The user's alerts not yet acknowledged, newest first. */
export function openAlerts(db: Db, userId: string): AlertLine[] {
	return db
		.prepare(
			`SELECT a.id, a.family_id AS familyId, f.name AS familyName, a.kind, a.event_date AS date,
			        a.created_at AS createdAt
			 FROM alert_addressees x JOIN alerts a ON a.id = x.alert_id JOIN families f ON f.id = a.family_id
			 WHERE x.user_id = ? AND x.acked_at IS NULL
			 ORDER BY a.created_at DESC, a.id`
		)
		.all(userId) as AlertLine[];
}

/**
 * [ZG4] Acknowledges an alert for one addressee (audited). 'not-found' also for someone who is
 * not an addressee, so the API never tells who else was alerted.
 */
export function acknowledgeAlert(
	db: Db,
	alertId: string,
	user: { id: string; role: string },
	now = Date.now()
): 'ok' | 'not-found' {
	return db.transaction(() => {
		const row = db
			.prepare(
				`SELECT a.family_id, x.acked_at FROM alert_addressees x JOIN alerts a ON a.id = x.alert_id
				 WHERE x.alert_id = ? AND x.user_id = ?`
			)
			.get(alertId, user.id) as { family_id: string; acked_at: number | null } | undefined;
		if (!row) return 'not-found' as const;
		if (row.acked_at !== null) return 'ok' as const;
		db.prepare('UPDATE alert_addressees SET acked_at = ? WHERE alert_id = ? AND user_id = ?').run(
			now,
			alertId,
			user.id
		);
		recordAudit(db, {
			actorId: user.id,
			actorRole: user.role,
			action: 'ack',
			object: `alert:${alertId}`,
			familyId: row.family_id,
			at: now
		});
		return 'ok' as const;
	})();
}
