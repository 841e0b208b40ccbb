/**
 * Polish labels of the case's codes: one catalogue message per code list, selecting on the code;
 * the domain keeps the codes, labels.test.ts checks each has words of its own.
 */
import { m } from '$lib/paraglide/messages.js';
import type { CaseState } from '$lib/domain/case-state';
import type { ClosureReason, ConsentKind, IntakeBasis } from '$lib/domain/case-events';
import type { StaffRole } from '$lib/domain/roles';

export const caseStateText = (state: CaseState): string => m.case_state_label({ state });
export const consentKindText = (kind: ConsentKind): string => m.case_consent_kind_label({ kind });
/** Closure reason codes (domain.md §3.5). */
export const closureReasonText = (reason: ClosureReason): string =>
	m.closure_reason_label({ reason });
export const staffRoleText = (role: StaffRole): string => m.common_staff_role_label({ role });
/** [LS2] The legal basis of the assistant's assignment, in the form's words. */
export const intakeBasisText = (basis: IntakeBasis): string => m.law_intake_basis_label({ basis });
