/**
 * Polish labels of the codes issue 13 added (NK steps, duties, eligibility), from the catalogue
 * area `law`: one message per code list, selecting on the code.
 */
import { m } from '$lib/paraglide/messages.js';
import type { NkStep } from '$lib/domain/niebieska-karta';
import type { DutyArea } from '$lib/domain/duties';
import type { EligibilityGap, EligibilityPath } from '$lib/domain/eligibility';

/** [NK1] The step of a Niebieska Karta procedure, with its working-day term. */
export const nkStepText = (step: NkStep): string => m.law_nk_step_label({ step });

/** [DU1] The art. 15 ust. 1 duty area of an action or a visit. */
export const dutyText = (duty: DutyArea): string => m.law_duty_label({ duty });

/** [ST1] An education-or-experience path of art. 12 ust. 1 pkt 1. */
export const eligibilityPathText = (path: EligibilityPath): string =>
	m.law_st1_path_label({ path });

/** [ST1] What an assistant's staff record lacks for art. 12 ust. 1; an unknown code as it is. */
export const eligibilityGapText = (gap: EligibilityGap): string => m.law_st1_gap_label({ gap });
