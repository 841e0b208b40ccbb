import type { FamilyEntry } from '../api/families.svelte';

/**
 * Families whose documents "Moje rodziny" opens in the background: the user's own (an assistant
 * has at most 15) and others up to this many in all. A head or a social worker may see hundreds
 * of families; opening each one's documents would cost hundreds of sockets, so theirs open when
 * the family itself is opened, and the list shows the state the server projected (`caseState`).
 */
export const BACKGROUND_FAMILIES = 20;

/**
 * Which of `list` to follow now, in order: `priority` ones, then the user's own and pinned, then others
 * while fewer than `limit` families are followed (`followed` counts those already followed).
 */
export function familiesToFollow(
	list: readonly FamilyEntry[],
	userId: string,
	priority: readonly string[],
	followed: ReadonlySet<string>,
	limit = BACKGROUND_FAMILIES
): FamilyEntry[] {
	// [SY12] Pinned families are kept like the own caseload, whatever the limit.
	const rank = (f: FamilyEntry) =>
		priority.includes(f.id) ? 0 : f.assistantId === userId || f.pinned ? 1 : 2;
	let room = limit - followed.size;
	const chosen: FamilyEntry[] = [];
	for (const family of [...list].sort((a, b) => rank(a) - rank(b))) {
		const already = followed.has(family.id);
		if (!already && rank(family) > 1 && room <= 0) continue;
		if (!already) room--;
		chosen.push(family);
	}
	return chosen;
}
