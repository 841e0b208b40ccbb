import { z } from 'zod';
import { OrgSettings, STATUTORY_CASELOAD_CEILING } from './settings.js';

/**
 * [OS2] What a head may send to change the organisation's settings: any subset of the settings,
 * each checked with a Polish message naming its field's bounds. The stored settings are read
 * leniently (`OrgSettings`, defaults filled); a change is checked strictly, so a bad value is
 * refused with a reason instead of silently becoming the default.
 */
const int = (min: number, max: number, what: string) =>
	z
		.number({ error: `${what}: podaj liczbę.` })
		.int({ error: `${what}: podaj liczbę całkowitą.` })
		.min(min, { error: `${what}: najmniej ${min}.` })
		.max(max, { error: `${what}: najwięcej ${max}.` });

const yesNo = (what: string) => z.boolean({ error: `${what}: wybierz tak albo nie.` });

/** Field schemas with Polish messages; bounds as in `OrgSettings`. */
export const SettingsFields = z.object({
	caseloadLimit: z
		.number({ error: 'Limit rodzin na asystenta: podaj liczbę.' })
		.int({ error: 'Limit rodzin na asystenta: podaj liczbę całkowitą.' })
		.min(1, { error: 'Limit rodzin na asystenta: najmniej 1.' })
		.max(STATUTORY_CASELOAD_CEILING, {
			error: `Limit nie może przekroczyć ustawowych ${STATUTORY_CASELOAD_CEILING} rodzin (art. 15 ust. 4).`
		}),
	monitoringCountsTowardCaseload: yesNo('Monitorowanie w limicie rodzin'),
	actionReminderDays: int(0, 60, 'Przypomnienie o działaniu (dni)'),
	assessmentEveryMonths: int(1, 12, 'Ocena okresowa (co ile miesięcy)'),
	assessmentReminderMonths: int(0, 12, 'Przypomnienie o ocenie (miesiąc)'),
	assessmentAnchor: z.enum(['consent', 'firstContact'], {
		error: 'Początek liczenia oceny: wybierz zgodę albo pierwszy kontakt.'
	}),
	visitCadenceDays: int(1, 90, 'Częstotliwość wizyt (dni)'),
	courtOpinionReminderDays: z
		.array(int(0, 60, 'Przypomnienie o opinii dla sądu (dni)'), {
			error: 'Przypomnienia o opinii dla sądu: podaj liczby dni oddzielone przecinkami.'
		})
		.max(5, { error: 'Przypomnienia o opinii dla sądu: najwyżej 5 terminów.' }),
	monitoringMonths: int(0, 60, 'Czas monitorowania (miesiące)'),
	headApprovesCourtOpinions: yesNo('Zatwierdzanie opinii przez kierownika')
});

export type SettingsKey = keyof OrgSettings;
export const SETTINGS_KEYS = Object.keys(SettingsFields.shape) as SettingsKey[];

/** A change request: some settings, no unknown keys. */
export const SettingsPatch = SettingsFields.partial().strict();

/** Whole settings after a change, with the rule across fields. */
export const CheckedSettings = SettingsFields.refine(
	(s) => s.assessmentReminderMonths <= s.assessmentEveryMonths,
	{
		error: 'Przypomnienie o ocenie musi wypaść najpóźniej w miesiącu, w którym ocena jest należna.',
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
				? `Nieznane ustawienie: ${issue.keys.join(', ')}.`
				: field === '_form'
					? 'Nieprawidłowe dane ustawień.'
					: issue.message;
		out[field] ??= message;
	}
	return out;
}

/** [OS2] Applies a change to the current settings: the result, or Polish messages per field. */
export function applySettingsPatch(
	current: OrgSettings,
	body: unknown
): { ok: true; settings: OrgSettings } | { ok: false; errors: SettingsErrors } {
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
