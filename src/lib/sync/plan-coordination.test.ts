import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { planRoots } from './doc-schema';
import { readCoordination, setCoordinationField } from './plan-doc';

describe('coordinated mode fields of the plan document', () => {
	it('[PC3] stores the plan pomocy dziecku reference and the coordinator, trimmed, and reads them back', () => {
		const doc = new Y.Doc();
		expect(readCoordination(doc)).toEqual({
			coordination: { childPlanRef: '', coordinator: '' },
			invalid: []
		});
		setCoordinationField(doc, 'childPlanRef', ' PPD/12/2026 ');
		setCoordinationField(doc, 'coordinator', 'Ewa Koordynator');
		expect(readCoordination(doc).coordination).toEqual({
			childPlanRef: 'PPD/12/2026',
			coordinator: 'Ewa Koordynator'
		});
		expect(() => setCoordinationField(doc, 'coordinator', 'x'.repeat(201))).toThrow();
		expect(readCoordination(doc).coordination.coordinator).toBe('Ewa Koordynator');
	});

	it('[PC3] a malformed value from a peer reads as empty and is reported with its raw value; the other field still reads', () => {
		const doc = new Y.Doc();
		setCoordinationField(doc, 'coordinator', 'Ewa Koordynator');
		doc.transact(() => planRoots(doc).coordination.set('childPlanRef', { nr: 7 }));
		const { coordination, invalid } = readCoordination(doc);
		expect(coordination).toEqual({ childPlanRef: '', coordinator: 'Ewa Koordynator' });
		expect(invalid).toHaveLength(1);
		expect(invalid[0]).toMatchObject({ id: 'childPlanRef' });
		expect(invalid[0].raw).toContain('"nr":7');
	});
});
