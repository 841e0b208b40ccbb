/**
 * [OS5] The settings form as typed: numbers stay text until saved, so a wrong entry is explained
 * and kept, never replaced. `patchOf` turns it into the request body; what is not a whole number
 * is passed through as typed, for the domain's checks to name it in Polish.
 */
import type { OrgSettings } from '$lib/domain/settings';

export interface SettingsFormValues {
	caseloadLimit: string;
	monitoringCountsTowardCaseload: boolean;
	actionReminderDays: string;
	assessmentEveryMonths: string;
	assessmentReminderMonths: string;
	assessmentAnchor: string;
	/** [OS7] */
	assessmentHandOverDays: string;
	visitCadenceDays: string;
	/** Days before the due date, separated by commas or spaces ("7, 2"). */
	courtOpinionReminderDays: string;
	monitoringMonths: string;
	headApprovesCourtOpinions: boolean;
	sessionIdleHours: string;
	sessionMaxDays: string;
	deviceAutoLockMinutes: string;
	deviceLeaseDays: string;
	deviceWipeAfterFailures: string;
}

/** The form showing `s`. */
export function formOf(s: OrgSettings): SettingsFormValues {
	return {
		caseloadLimit: String(s.caseloadLimit),
		monitoringCountsTowardCaseload: s.monitoringCountsTowardCaseload,
		actionReminderDays: String(s.actionReminderDays),
		assessmentEveryMonths: String(s.assessmentEveryMonths),
		assessmentReminderMonths: String(s.assessmentReminderMonths),
		assessmentAnchor: s.assessmentAnchor,
		assessmentHandOverDays: String(s.assessmentHandOverDays),
		visitCadenceDays: String(s.visitCadenceDays),
		courtOpinionReminderDays: s.courtOpinionReminderDays.join(', '),
		monitoringMonths: String(s.monitoringMonths),
		headApprovesCourtOpinions: s.headApprovesCourtOpinions,
		sessionIdleHours: String(s.sessionIdleHours),
		sessionMaxDays: String(s.sessionMaxDays),
		deviceAutoLockMinutes: String(s.deviceAutoLockMinutes),
		deviceLeaseDays: String(s.deviceLeaseDays),
		deviceWipeAfterFailures: String(s.deviceWipeAfterFailures)
	};
}

/** A whole number as a number; anything else unchanged (the schema refuses it by name). */
function whole(text: string): number | string {
	const t = text.trim();
	return /^-?\d{1,6}$/.test(t) ? Number(t) : t;
}

/** The request body for `PUT /api/organisation/settings` (unchecked). */
export function patchOf(f: SettingsFormValues): Record<keyof OrgSettings, unknown> {
	const days = f.courtOpinionReminderDays.trim();
	return {
		caseloadLimit: whole(f.caseloadLimit),
		monitoringCountsTowardCaseload: f.monitoringCountsTowardCaseload,
		actionReminderDays: whole(f.actionReminderDays),
		assessmentEveryMonths: whole(f.assessmentEveryMonths),
		assessmentReminderMonths: whole(f.assessmentReminderMonths),
		assessmentAnchor: f.assessmentAnchor,
		assessmentHandOverDays: whole(f.assessmentHandOverDays),
		visitCadenceDays: whole(f.visitCadenceDays),
		courtOpinionReminderDays:
			days === ''
				? []
				: days
						.split(/[\s,;]+/)
						.filter(Boolean)
						.map(whole),
		monitoringMonths: whole(f.monitoringMonths),
		headApprovesCourtOpinions: f.headApprovesCourtOpinions,
		sessionIdleHours: whole(f.sessionIdleHours),
		sessionMaxDays: whole(f.sessionMaxDays),
		deviceAutoLockMinutes: whole(f.deviceAutoLockMinutes),
		deviceLeaseDays: whole(f.deviceLeaseDays),
		deviceWipeAfterFailures: whole(f.deviceWipeAfterFailures)
	};
}
