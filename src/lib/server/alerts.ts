/**
 * [ZG3][ZG4] Child-safety alerts (domain.md §2.3: ZAGROZENIE "alerts the head and PS on sync").
 * The projection of a family's core document creates one alert per `zagrozenie` event the first
 * time it sees it; the addressees are fixed then: the kierownicy of the family's organisation and
 * the social workers holding a live grant on the family. An alert carries the family and the date
 * only, never the concern's content (which may sit in the violence compartment).
 */
import { appendAudit } from './audit.js';
import type { Sql } from './sql.js';
import { insertRows } from './sql-batch.js';
import type { CaseEvent } from '../domain/case-events.js';

type Zagrozenie = Extract<CaseEvent, { type: 'zagrozenie' }>;

/** Who is told about a concern in the family, now. */
async function addresseesOf(sql: Sql, familyId: string, now: number): Promise<string[]> {
	const rows = await sql.all<{ id: string }>(
		`SELECT u.id FROM users u JOIN families f ON f.org_id = u.org_id
		 WHERE f.id = ? AND u.role = 'kierownik' AND u.disabled_at IS NULL
		 UNION
		 SELECT DISTINCT u.id FROM users u JOIN grants g ON g.user_id = u.id
		 WHERE g.family_id = ? AND u.role = 'pracownik_socjalny' AND u.disabled_at IS NULL
		   AND g.revoked_at IS NULL AND g.valid_from <= ? AND (g.valid_to IS NULL OR g.valid_to > ?)`,
		familyId,
		familyId,
		now,
		now
	);
	return rows.map((r) => r.id);
}

/**
 * [ZG3] Creates the alert of each `zagrozenie` event not seen before; idempotent per event id,
 * so re-projecting the document (every commit) never alerts twice. Returns how many were new.
 * The concerns already alerted are read first, so a projection with nothing new writes nothing.
 */
export async function raiseSafetyAlerts(
	sql: Sql,
	familyId: string,
	events: readonly CaseEvent[],
	now = Date.now()
): Promise<number> {
	const concerns = events.filter((e): e is Zagrozenie => e.type === 'zagrozenie');
	if (concerns.length === 0) return 0;
	const seen = new Set(
		(
			await sql.all<{ event_id: string }>(
				'SELECT event_id FROM alerts WHERE family_id = ?',
				familyId
			)
		).map((r) => r.event_id)
	);
	const fresh = concerns.filter((e) => !seen.has(e.id));
	if (fresh.length === 0) return 0;
	return sql.tx(async (t) => {
		let created = 0;
		let addressees: string[] | null = null;
		for (const e of fresh) {
			const id = crypto.randomUUID();
			const inserted = await t.run(
				`INSERT INTO alerts (id, family_id, event_id, kind, event_date, created_at)
				 VALUES (?, ?, ?, 'zagrozenie', ?, ?) ON CONFLICT DO NOTHING`,
				id,
				familyId,
				e.id,
				e.date,
				now
			);
			if (inserted === 0) continue;
			created++;
			addressees ??= await addresseesOf(t, familyId, now);
			await insertRows(
				t,
				'INSERT INTO alert_addressees (alert_id, user_id)',
				'ON CONFLICT DO NOTHING',
				addressees.map((user) => [id, user])
			);
		}
		return created;
	});
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
export function openAlerts(sql: Sql, userId: string): Promise<AlertLine[]> {
	return sql.all<AlertLine>(
		`SELECT a.id, a.family_id AS "familyId", f.name AS "familyName", a.kind,
		        a.event_date AS date, a.created_at AS "createdAt"
		 FROM alert_addressees x JOIN alerts a ON a.id = x.alert_id JOIN families f ON f.id = a.family_id
		 WHERE x.user_id = ? AND x.acked_at IS NULL
		 ORDER BY a.created_at DESC, a.id`,
		userId
	);
}

/**
 * [ZG4] Acknowledges an alert for one addressee (audited). 'not-found' also for someone who is
 * not an addressee, so the API never tells who else was alerted.
 */
export function acknowledgeAlert(
	sql: Sql,
	alertId: string,
	user: { id: string; role: string },
	now = Date.now()
): Promise<'ok' | 'not-found'> {
	return sql.tx(async (t) => {
		const row = await t.get<{ family_id: string; acked_at: number | null }>(
			`SELECT a.family_id, x.acked_at FROM alert_addressees x JOIN alerts a ON a.id = x.alert_id
			 WHERE x.alert_id = ? AND x.user_id = ?`,
			alertId,
			user.id
		);
		if (!row) return 'not-found' as const;
		if (row.acked_at !== null) return 'ok' as const;
		await t.run(
			'UPDATE alert_addressees SET acked_at = ? WHERE alert_id = ? AND user_id = ?',
			now,
			alertId,
			user.id
		);
		await appendAudit(t, {
			actorId: user.id,
			actorRole: user.role,
			action: 'ack',
			object: `alert:${alertId}`,
			familyId: row.family_id,
			at: now
		});
		return 'ok' as const;
	});
}
