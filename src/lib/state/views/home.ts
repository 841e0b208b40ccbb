/**
 * Where a user lands after signing in (or opening the app): the head's view for the head, whose
 * work is the unit's alerts, caseloads and approvals; "Moje rodziny" for everyone else.
 */
export function homeOf(role: string): '/kierownik' | '/rodziny' {
	return role === 'kierownik' ? '/kierownik' : '/rodziny';
}
