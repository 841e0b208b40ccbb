import { z } from 'zod';
import {
	OrgSettings,
	STATUTORY_ASSESSMENT_MONTHS,
	STATUTORY_CASELOAD_CEILING
} from './settings.js';
import { m } from '../paraglide/messages.js';
import type { Result } from './result.js';

/**
 * [OS2] What a head may send to change the organisation's settings: any subset of the settings,
 * each checked with a Polish message naming its field's bounds. The stored settings are read
 * leniently (`OrgSettings`, defaults filled); a change is checked strictly, so a bad value is
 * refused with a reason instead of silently becoming the default.
 */
const int = (min: number, max: number, what: string) =>
	z
		.number({ error: m.domain_settings_number({ what }) })
		.int({ error: m.domain_settings_integer({ what }) })
		.min(min, { error: m.domain_settings_min({ what, min }) })
		.max(max, { error: m.domain_settings_max({ what, max }) });

const yesNo = (what: string) => z.boolean({ error: m.domain_settings_yes_no({ what }) });

/** Field schemas with Polish messages; bounds as in `OrgSettings`. */
export const SettingsFields = z.object({
	caseloadLimit: z
		.number({ error: m.domain_settings_number({ what: m.domain_settings_caseload_limit() }) })
		.int({ error: m.domain_settings_integer({ what: m.domain_settings_caseload_limit() }) })
		.min(1, { error: m.domain_settings_min({ what: m.domain_settings_caseload_limit(), min: 1 }) })
		.max(STATUTORY_CASELOAD_CEILING, {
			error: m.domain_settings_caseload_over_ceiling({ ceiling: STATUTORY_CASELOAD_CEILING })
		}),
	monitoringCountsTowardCaseload: yesNo(m.domain_settings_monitoring_counts()),
	actionReminderDays: int(0, 60, m.domain_settings_action_reminder_days()),
	// [OS6] art. 15 ust. 1 pkt 15: at least every six months; the message names the article.
	assessmentEveryMonths: z
		.number({
			error: m.domain_settings_number({ what: m.domain_settings_assessment_every_months() })
		})
		.int({
			error: m.domain_settings_integer({ what: m.domain_settings_assessment_every_months() })
		})
		.min(1, { error: m.law_settings_assessment_max() })
		.max(STATUTORY_ASSESSMENT_MONTHS, { error: m.law_settings_assessment_max() }),
	assessmentReminderMonths: int(0, 12, m.domain_settings_assessment_reminder_months()),
	assessmentAnchor: z.enum(['consent', 'firstContact'], {
		error: m.domain_settings_assessment_anchor()
	}),
	visitCadenceDays: int(1, 90, m.domain_settings_visit_cadence_days()),
	// [OS7] [practice] the statute says "przekazywanie tej oceny", with no term.
	assessmentHandOverDays: int(1, 30, m.law_settings_handover_days()),
	courtOpinionReminderDays: z
		.array(int(0, 60, m.domain_settings_court_opinion_reminder_days()), {
			error: m.domain_settings_court_opinion_reminders_list()
		})
		.max(5, { error: m.domain_settings_court_opinion_reminders_max() }),
	monitoringMonths: int(0, 60, m.domain_settings_monitoring_months()),
	headApprovesCourtOpinions: yesNo(m.domain_settings_head_approves_court_opinions()),
	sessionIdleHours: int(1, 72, m.security_settings_session_idle_hours()),
	sessionMaxDays: int(1, 90, m.security_settings_session_max_days()),
	deviceAutoLockMinutes: int(1, 240, m.device_settings_auto_lock_minutes()),
	deviceLeaseDays: int(1, 90, m.device_settings_lease_days()),
	deviceWipeAfterFailures: int(3, 20, m.device_settings_wipe_after_failures())
});

export type SettingsKey = keyof OrgSettings;
export const SETTINGS_KEYS = Object.keys(SettingsFields.shape) as SettingsKey[];

/** A change request: some settings, no unknown keys. */
export const SettingsPatch = SettingsFields.partial().strict();

/** Whole settings after a change, with the rule across fields. */
export const CheckedSettings = SettingsFields.refine(
	(s) => s.assessmentReminderMonths <= s.assessmentEveryMonths,
	{
		error: m.domain_settings_reminder_after_due(),
		path: ['assessmentReminderMonths']
	}
);

/** Polish messages per field; `_form` for what belongs to no field. */
export type SettingsErrors = Partial<Record<SettingsKey | '_form', string>>;

function errorsOf(error: z.ZodError): SettingsErrors {
	const out: SettingsErrors = {};
	for (const issue of error.issues) {
		const key = issue.path[0];
		const field =
			typeof key === 'string' && (SETTINGS_KEYS as string[]).includes(key)
				? (key as SettingsKey)
				: '_form';
		const message =
			issue.code === 'unrecognized_keys'
				? m.domain_settings_unknown_keys({ keys: issue.keys.join(', ') })
				: field === '_form'
					? m.domain_settings_invalid()
					: issue.message;
		out[field] ??= message;
	}
	return out;
}

/** [OS2] Applies a change to the current settings: the result, or Polish messages per field. */
export function applySettingsPatch(
	current: OrgSettings,
	body: unknown
): Result<{ settings: OrgSettings }, { errors: SettingsErrors }> {
	const patch = SettingsPatch.safeParse(body);
	if (!patch.success) return { ok: false, errors: errorsOf(patch.error) };
	const whole = CheckedSettings.safeParse({ ...current, ...patch.data });
	if (!whole.success) return { ok: false, errors: errorsOf(whole.error) };
	return { ok: true, settings: whole.data };
}

/** [OS3] The settings that differ, each with its value before and after (for the audit). */
export function changedSettings(
	before: OrgSettings,
	after: OrgSettings
): Partial<Record<SettingsKey, { before: unknown; after: unknown }>> {
	const out: Partial<Record<SettingsKey, { before: unknown; after: unknown }>> = {};
	for (const k of SETTINGS_KEYS)
		if (JSON.stringify(before[k]) !== JSON.stringify(after[k]))
			out[k] = { before: before[k], after: after[k] };
	return out;
}
