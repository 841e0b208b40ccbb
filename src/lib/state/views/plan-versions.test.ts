import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '$lib/domain/case-events';
import { nextVersion, planVersions, shortHash } from './plan-versions';
import { eventStamp } from '$lib/domain/test-support';

const base = eventStamp;
const plan = {
	goals: [{ id: 'g', kind: 'glowny', title: 'Cel' }],
	actions: [],
	notes: ''
};
const agreed = (id: string, version: number, p: unknown = plan): CaseEvent => ({
	...base(id),
	type: 'plan_uzgodniony',
	version,
	planHash: 'a'.repeat(64),
	plan: p,
	agreedBy: ['Anna'],
	method: 'ekran',
	refusalReason: ''
});

describe('agreed plan versions', () => {
	it('[CE4] versions carry their frozen plan and the consultations of that very version', () => {
		const log: CaseEvent[] = [
			agreed('a', 1),
			{ ...base('c'), actorName: 'Piotr', type: 'konsultacja_ps', version: 1, remarks: 'OK' },
			agreed('b', 2)
		];
		const v = planVersions(log);
		expect(v.map((x) => x.version)).toEqual([1, 2]);
		expect(v[0].plan?.goals[0].title).toBe('Cel');
		expect(v[0].consultations).toEqual([{ at: base('').at, remarks: 'OK', by: 'Piotr' }]);
		expect(v[1].consultations).toEqual([]);
		expect(nextVersion(log)).toBe(3);
		expect(nextVersion([])).toBe(1);
	});

	it('[CE4][WP5] a damaged stored copy shows as invalid with its raw value', () => {
		const v = planVersions([agreed('a', 1, { goals: 'zepsute' })]);
		expect(v[0].plan).toBeNull();
		expect(v[0].raw).toContain('zepsute');
		expect(shortHash('abcdef0123456789')).toBe('abcdef012345');
	});
});
