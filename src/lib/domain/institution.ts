import { z } from 'zod';
import type { StaffRole } from './roles.js';
import { m } from '../paraglide/messages.js';

/**
 * [ST2] Not everyone with an account is OPS staff. The kurator sądowy belongs to the court, the
 * koordynator rodzinnej pieczy zastępczej to the PCPR, and the grupa diagnostyczno-pomocowa of the
 * zespół interdyscyplinarny gathers police officers, teachers and health workers (art. 9a ust. 3–5
 * of the domestic-violence act as amended in 2023). The staff record says which institution a
 * person belongs to and whether they sit in the interdisciplinary team; grants follow it. Pure.
 */
export const InstitutionKind = z.enum([
	'ops',
	'sad',
	'pcpr',
	'policja',
	'oswiata',
	'zdrowie',
	'inna'
]);
export type InstitutionKind = z.infer<typeof InstitutionKind>;

/** The longest institution name the record takes (DB2: refused above, never cut). */
export const INSTITUTION_NAME_MAX = 200;

/** A person's institution and membership of the interdisciplinary team, as the head recorded it. */
export const Participant = z
	.object({
		kind: InstitutionKind,
		/** The institution's own name ("Sąd Rejonowy w Przykładowie, III Wydział Rodzinny"). */
		name: z.string().trim().max(INSTITUTION_NAME_MAX).default(''),
		/** A member of the zespół interdyscyplinarny (its grupa diagnostyczno-pomocowa). */
		ziMember: z.boolean().default(false)
	})
	.strict();
export type Participant = z.infer<typeof Participant>;

/**
 * [ST2] What is assumed before the head records anything: a kurator belongs to the court, the
 * team's member role sits in the team; everyone else is staff of the organisation itself.
 */
export function defaultParticipant(role: StaffRole | string): Participant {
	if (role === 'kurator') return { kind: 'sad', name: '', ziMember: false };
	return { kind: 'ops', name: '', ziMember: role === 'zespol_interdyscyplinarny' };
}

/** [ST2] A stored record (JSON, or null when none), or the default for the person's role. */
export function readParticipant(stored: string | null, role: StaffRole | string): Participant {
	if (stored === null) return defaultParticipant(role);
	try {
		const p = Participant.safeParse(JSON.parse(stored));
		return p.success ? p.data : defaultParticipant(role);
	} catch {
		return defaultParticipant(role);
	}
}

/** [ST2] Whether the person belongs to another institution than the organisation (OPS). */
export const isExternal = (p: Participant): boolean => p.kind !== 'ops';

/**
 * [ST2][AC11] Whether the person may get the violence procedure: a member of the interdisciplinary
 * team, by role or by the staff record (a police officer, a kurator, the assistant in the group).
 */
export const inInterdisciplinaryTeam = (role: string, p: Participant): boolean =>
	role === 'zespol_interdyscyplinarny' || p.ziMember;

const KIND_TEXT: Record<InstitutionKind, () => string> = {
	ops: m.law_st2_kind_ops,
	sad: m.law_st2_kind_sad,
	pcpr: m.law_st2_kind_pcpr,
	policja: m.law_st2_kind_policja,
	oswiata: m.law_st2_kind_oswiata,
	zdrowie: m.law_st2_kind_zdrowie,
	inna: m.law_st2_kind_inna
};

/** [ST2] The kind of institution in Polish. */
export const institutionKindText = (k: InstitutionKind): string => KIND_TEXT[k]();

/** [ST2] The institution as the staff list and the messages name it ("Policja — KPP Przykładowo"). */
export function institutionText(p: Participant): string {
	const kind = institutionKindText(p.kind);
	return p.kind !== 'ops' && p.name ? `${kind} — ${p.name}` : kind;
}
