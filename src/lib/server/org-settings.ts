/**
 * [OS1–OS3] Per-organisation settings in the organisations row: the caseload limit in its own
 * column (the schema's CHECK keeps it within the statutory ceiling), everything else as JSON.
 * Read leniently (defaults filled in, a corrupt row falls back to the defaults); changed only by
 * the organisation's head, checked strictly and audited with the values before and after.
 */
import type { Sql } from './sql.js';
import { appendAudit } from './audit.js';
import { OrgSettings } from '../domain/settings.js';
import {
	applySettingsPatch,
	changedSettings,
	type SettingsErrors
} from '../domain/settings-update.js';
import { m } from '../paraglide/messages.js';
import type { Done, Refusal } from '../domain/result.js';

/**
 * The last parse per organisation, keyed by the stored text: sessions read the settings on every
 * upgrade and check, and a JSON + zod parse of an unchanged row is the same result each time.
 * The row is still read every time, so a change by another process applies at once.
 */
const lastParse = new Map<string, { settings: string; limit: number; value: OrgSettings }>();

/** The statement that reads an organisation's settings row (either engine). */
export const ORG_SETTINGS_ROW = 'SELECT settings, caseload_limit FROM organisations WHERE id = ?';

/** The organisation's settings, defaults filled in. */
export async function orgSettings(sql: Sql, orgId: string): Promise<OrgSettings> {
	return settingsOfRow(
		orgId,
		await sql.get<{ settings: string; caseload_limit: number }>(ORG_SETTINGS_ROW, orgId)
	);
}

/**
 * The settings of an organisation's row as just read by `ORG_SETTINGS_ROW`, from the last parse
 * when the row is unchanged (for the readers that still read the row synchronously).
 */
export function settingsOfRow(
	orgId: string,
	row: { settings: string; caseload_limit: number } | undefined
): OrgSettings {
	if (!row) return parseOrgSettings(undefined);
	const last = lastParse.get(orgId);
	if (last && last.settings === row.settings && last.limit === row.caseload_limit)
		return structuredClone(last.value);
	const value = parseOrgSettings(row);
	lastParse.set(orgId, { settings: row.settings, limit: row.caseload_limit, value });
	return structuredClone(value);
}

/** The settings of a stored organisations row (either engine), defaults filled in. */
export function parseOrgSettings(
	row: { settings: string; caseload_limit: number } | undefined
): OrgSettings {
	let stored: unknown;
	try {
		stored = JSON.parse(row?.settings ?? '{}');
	} catch {
		stored = {};
	}
	const parsed = OrgSettings.safeParse({
		...(stored && typeof stored === 'object' ? stored : {}),
		caseloadLimit: row?.caseload_limit ?? 15
	});
	return parsed.success ? parsed.data : OrgSettings.parse({});
}

/** Who asks for the change. */
export interface SettingsActor {
	id: string;
	role: string;
	orgId: string;
}

export type SaveSettingsResult =
	| Done<{ settings: OrgSettings; changed: string[] }>
	| Refusal<{ status: 400 | 403; error: string; fields?: SettingsErrors }>;

/** [OS2] Changes the actor's organisation's settings; only its kierownik may. */
export async function saveOrgSettings(
	sql: Sql,
	actor: SettingsActor,
	body: unknown,
	now = Date.now()
): Promise<SaveSettingsResult> {
	if (actor.role !== 'kierownik')
		return { ok: false, status: 403, error: m.api_settings_head_only() };
	return sql.tx(async (t): Promise<SaveSettingsResult> => {
		const before = await orgSettings(t, actor.orgId);
		const next = applySettingsPatch(before, body);
		if (!next.ok)
			return {
				ok: false,
				status: 400,
				error: Object.values(next.errors)[0] ?? m.api_settings_invalid(),
				fields: next.errors
			};
		const changed = changedSettings(before, next.settings);
		const keys = Object.keys(changed);
		if (keys.length === 0) return { ok: true, settings: before, changed: [] };
		const { caseloadLimit, ...rest } = next.settings;
		await t.run(
			'UPDATE organisations SET caseload_limit = ?, settings = ? WHERE id = ?',
			caseloadLimit,
			JSON.stringify(rest),
			actor.orgId
		);
		await appendAudit(t, {
			actorId: actor.id,
			actorRole: actor.role,
			action: 'settings',
			object: `organisation:${actor.orgId}`,
			detail: { changed },
			at: now
		});
		return { ok: true, settings: next.settings, changed: keys };
	});
}
