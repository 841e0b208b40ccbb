import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readCore } from './core-doc';
import { readVisits } from './visits-doc';
import { writeDemoCase, writeDemoVisits } from './demo-case';

const staff = {
	ps: { id: 'ps', name: 'Piotr' },
	head: { id: 'head', name: 'Krystyna' },
	assistant: { id: 'ar', name: 'Anna' }
};

describe('demo case and visits', () => {
	it('[CE1][G3] the demo log replays without conflicts to active work, with consent before contact', () => {
		for (const [variant, state] of [
			[0, 'PLAN'],
			[1, 'NAWIAZANIE']
		] as const) {
			const doc = new Y.Doc();
			writeDemoCase(doc, variant, '2025-03-10', staff);
			const core = readCore(doc);
			expect(core.invalid).toEqual([]);
			expect(core.caseView.state).toBe(state);
			expect(core.caseView.conflicts).toEqual([]);
			expect(core.caseView.consent).toEqual({ kind: 'pisemna', date: '2025-01-14' });
		}
	});

	it('[VI1] the first family’s latest visit is nine days old, so a visit is already due', () => {
		const doc = new Y.Doc();
		writeDemoVisits(doc, 0, '2025-03-10');
		const { visits, invalid } = readVisits(doc);
		expect(invalid).toEqual([]);
		expect(visits.map((v) => v.date)).toEqual(['2025-03-01', '2025-02-22']);
	});
});
