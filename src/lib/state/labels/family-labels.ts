/**
 * Polish labels of the family record's codes (domain.md §3.1–3.2). Each is one catalogue message
 * that selects on the code, so the words live in the catalogue only; labels.test.ts checks that
 * every code of the domain has a label of its own.
 */
import { m } from '$lib/paraglide/messages.js';
import type { FamilyFlag, Member, ProblemArea, Relation } from '$lib/domain/family';

type ParentalAuthority = Member['parentalAuthority'];
type Whereabouts = Member['whereabouts'];

export const relationText = (relation: Relation): string => m.case_relation_label({ relation });
/** '' (not applicable or not established) has its own words. */
export const parentalAuthorityText = (authority: ParentalAuthority): string =>
	m.case_authority_label({ authority });
export const whereaboutsText = (whereabouts: Whereabouts): string =>
	m.case_whereabouts_label({ whereabouts });
export const problemAreaText = (area: ProblemArea): string => m.case_problem_label({ area });
export const familyFlagText = (flag: FamilyFlag): string => m.case_flag_label({ flag });
