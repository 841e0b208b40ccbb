/** Polish labels of the case's codes; the domain keeps the codes, the catalogue the words. */
import { m } from '$lib/paraglide/messages.js';
import type { CaseState } from '$lib/domain/case-state';
import type { ClosureReason, ConsentKind, IntakeBasis } from '$lib/domain/case-events';
import type { StaffRole } from '$lib/domain/roles';

const caseState: Record<CaseState, () => string> = {
	ZGLOSZENIE: m.case_state_zgloszenie,
	WYWIAD: m.case_state_wywiad,
	WNIOSEK: m.case_state_wniosek,
	OCZEKUJE: m.case_state_oczekuje,
	PRZYDZIELONA: m.case_state_przydzielona,
	NAWIAZANIE: m.case_state_nawiazanie,
	PLAN: m.case_state_plan,
	REALIZACJA: m.case_state_realizacja,
	ZAWIESZONA: m.case_state_zawieszona,
	ZAKONCZENIE: m.case_state_zakonczenie,
	MONITORING: m.case_state_monitoring,
	ZAMKNIETA: m.case_state_zamknieta
};

const consentKind: Record<ConsentKind, () => string> = {
	pisemna: m.case_consent_kind_pisemna,
	umowa: m.case_consent_kind_umowa,
	ustna: m.law_consent_kind_ustna,
	zwolnienie_sad: m.case_consent_kind_zwolnienie_sad,
	zwolnienie_art11_1a: m.case_consent_kind_zwolnienie_art11_1a
};

const closureReason: Record<ClosureReason, () => string> = {
	CEL_OSIAGNIETY: m.closure_reason_cel_osiagniety,
	REZYGNACJA: m.closure_reason_rezygnacja,
	BRAK_WSPOLPRACY: m.closure_reason_brak_wspolpracy,
	ZMIANA_FORMY: m.closure_reason_zmiana_formy,
	PRZEPROWADZKA: m.closure_reason_przeprowadzka,
	PIECZA_BEZ_POWROTU: m.closure_reason_piecza_bez_powrotu,
	PELNOLETNOSC: m.closure_reason_pelnoletnosc,
	KONIEC_ZOBOWIAZANIA: m.closure_reason_koniec_zobowiazania,
	ZGON: m.closure_reason_zgon,
	INNY: m.closure_reason_inny
};

const staffRole: Record<StaffRole, () => string> = {
	asystent: m.common_staff_role_asystent,
	pracownik_socjalny: m.common_staff_role_pracownik_socjalny,
	kurator: m.common_staff_role_kurator,
	zespol_interdyscyplinarny: m.common_staff_role_zespol_interdyscyplinarny,
	koordynator: m.common_staff_role_koordynator,
	kierownik: m.common_staff_role_kierownik
};

export const caseStateText = (s: CaseState): string => caseState[s]();
export const consentKindText = (k: ConsentKind): string => consentKind[k]();
/** Closure reason codes (domain.md §3.5). */
export const closureReasonText = (r: ClosureReason): string => closureReason[r]();
export const staffRoleText = (r: StaffRole): string => staffRole[r]();

const intakeBasis: Record<IntakeBasis, () => string> = {
	wniosek_ps: m.law_intake_basis_wniosek_ps,
	zobowiazanie_sadu: m.law_intake_basis_zobowiazanie_sadu,
	za_zyciem: m.law_intake_basis_za_zyciem
};
/** [LS2] The legal basis of the assistant's assignment, in the form's words. */
export const intakeBasisText = (b: IntakeBasis): string => intakeBasis[b]();
