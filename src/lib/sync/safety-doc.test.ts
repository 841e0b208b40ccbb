import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addSafetyConcern, readSafety, safetyFragment } from './safety-doc';
import { countUpdates } from './test-support';

const concern = (violenceRelated: boolean) => ({
	date: '2026-11-20',
	time: '18:30',
	actions: ['pracownik_socjalny' as const],
	violenceRelated
});

const watch = countUpdates;

describe('safety concerns (visits document or violence compartment)', () => {
	it('[SA1] a violence-related record is written only to the violence compartment', () => {
		const visits = new Y.Doc();
		const violence = new Y.Doc();
		const v = watch(visits);
		const r = addSafetyConcern({ visits, violence }, concern(true));
		expect(r).toMatchObject({ ok: true, compartment: 'violence' });
		expect(v.updates).toBe(0);
		expect(readSafety(visits).concerns).toEqual([]);
		const stored = readSafety(violence).concerns;
		expect(stored).toHaveLength(1);
		expect(stored[0].violenceRelated).toBe(true);
		if (r.ok) {
			expect(safetyFragment(violence, r.id, 'description')).toBeInstanceOf(Y.XmlFragment);
			expect(safetyFragment(violence, r.id, 'outcome')).toBeInstanceOf(Y.XmlFragment);
		}
	});

	it('[SA2] without access to the violence compartment, a violence-related record is written nowhere', () => {
		const visits = new Y.Doc();
		const v = watch(visits);
		const r = addSafetyConcern({ visits, violence: null }, concern(true));
		expect(r).toEqual({ ok: false, reason: 'no-violence-access' });
		expect(v.updates).toBe(0);
		expect(readSafety(visits).concerns).toEqual([]);
	});

	it('[SA1] refuses to treat the visits document as the violence compartment', () => {
		const visits = new Y.Doc();
		const v = watch(visits);
		expect(() => addSafetyConcern({ visits, violence: visits }, concern(true))).toThrow();
		expect(v.updates).toBe(0);
	});

	it('[SA1] a record not related to violence goes to the visits document only', () => {
		const visits = new Y.Doc();
		const violence = new Y.Doc();
		const z = watch(violence);
		const r = addSafetyConcern({ visits, violence }, concern(false));
		expect(r).toMatchObject({ ok: true, compartment: 'visits' });
		expect(z.updates).toBe(0);
		expect(readSafety(visits).concerns.map((c) => c.violenceRelated)).toEqual([false]);
	});

	it('[SA2] without the visits document a record not related to violence is not moved elsewhere', () => {
		const violence = new Y.Doc();
		const z = watch(violence);
		expect(addSafetyConcern({ visits: null, violence }, concern(false))).toEqual({
			ok: false,
			reason: 'no-visits-access'
		});
		expect(z.updates).toBe(0);
	});

	it('[SA4] invalid fields throw and store nothing', () => {
		const visits = new Y.Doc();
		const v = watch(visits);
		expect(() =>
			addSafetyConcern({ visits, violence: null }, { ...concern(false), time: '25:99' })
		).toThrow();
		expect(v.updates).toBe(0);
	});
});
