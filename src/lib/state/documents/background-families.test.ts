import { describe, expect, it } from 'vitest';
import { familiesToFollow } from './background-families';
import type { FamilyEntry } from '../api/families.svelte';

const family = (id: string, assistantId: string | null, pinned = false): FamilyEntry => ({
	id,
	name: `Rodzina ${id}`,
	doc: `rodzina-${id}-plan`,
	docs: {},
	comments: {},
	restricted: [],
	assistantId,
	caseState: null,
	pinned
});

describe('[AC4] "Moje rodziny" opens a bounded number of families in the background', () => {
	const others = Array.from({ length: 300 }, (_, i) => family(`o${i}`, 'someone-else'));
	const own = Array.from({ length: 15 }, (_, i) => family(`m${i}`, 'me'));

	it('a head with 300 families follows 20, never all', () => {
		const chosen = familiesToFollow(others, 'me', [], new Set(), 20);
		expect(chosen).toHaveLength(20);
	});

	it('an assistant’s own families always come first and all of them, whatever the bound', () => {
		const chosen = familiesToFollow([...others, ...own], 'me', [], new Set(), 5);
		expect(chosen.map((f) => f.id)).toEqual(own.map((f) => f.id));
	});

	it('the family being opened comes first even when the bound is reached', () => {
		const followed = new Set(others.slice(0, 20).map((f) => f.id));
		const chosen = familiesToFollow(others, 'me', ['o250'], followed, 20);
		expect(chosen[0].id).toBe('o250');
		// Families already followed stay followed; nothing new beyond the bound.
		expect(chosen.map((f) => f.id).sort()).toEqual([...followed, 'o250'].sort());
	});

	it('[SY12] a head’s pinned families are followed whole like an own caseload, past the bound', () => {
		const pinned = Array.from({ length: 25 }, (_, i) => family(`p${i}`, 'someone-else', true));
		const chosen = familiesToFollow([...others, ...pinned], 'me', [], new Set(), 20);
		// Every pinned family, however many, and no unpinned one once the bound is used up.
		expect(chosen.map((f) => f.id)).toEqual(pinned.map((f) => f.id));
	});
});
