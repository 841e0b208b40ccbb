import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addOpinionRequest,
	courtRequestsOf,
	markOpinionSent,
	opinionFragment,
	readOpinions,
	setOpinionField,
	type NewOpinionRequest
} from './court-doc';
import { courtRoots } from './doc-schema';

const req: NewOpinionRequest = {
	court: 'Sąd Rejonowy w Lublinie, III Wydział Rodzinny i Nieletnich',
	caseRef: 'III Nsm 123/26',
	received: '2026-11-02',
	due: '2026-11-30',
	scope: 'sytuacja opiekuńczo-wychowawcza'
};

describe('court document', () => {
	it('[CO2] records a request unapproved and unsent, with a fragment per section; unsent first by due date', () => {
		const doc = new Y.Doc();
		const a = addOpinionRequest(doc, req);
		const b = addOpinionRequest(doc, { ...req, caseRef: 'III Nsm 7/26', due: '2026-11-20' });
		const { opinions, invalid } = readOpinions(doc);
		expect(invalid).toEqual([]);
		expect(opinions.map((o) => o.id)).toEqual([b, a]);
		expect(opinions[0]).toMatchObject({ headApproved: false, sentOn: '', sentMethod: '' });
		expect(opinionFragment(doc, a, 'wnioski')).toBeInstanceOf(Y.XmlFragment);
		expect(opinionFragment(doc, a, 'nieznana' as never)).toBeNull();
	});

	it('[CO2] refuses a missing case reference or a due date before receipt', () => {
		const doc = new Y.Doc();
		expect(() => addOpinionRequest(doc, { ...req, caseRef: ' ' })).toThrow(/sygnaturę/);
		expect(() => addOpinionRequest(doc, { ...req, due: '2026-11-01' })).toThrow(
			/przed datą wpływu/
		);
		expect(readOpinions(doc).opinions).toEqual([]);
	});

	it('[CO1][CO3] sending needs the head’s approval when the organisation requires it', () => {
		const doc = new Y.Doc();
		const a = addOpinionRequest(doc, req);
		expect(markOpinionSent(doc, a, '2026-11-25', 'epuap', true)).toBe('needs-approval');
		expect(readOpinions(doc).opinions[0].sentOn).toBe('');
		expect(markOpinionSent(doc, a, '', 'epuap', false)).toBe('invalid');
		setOpinionField(doc, a, 'headApproved', true);
		expect(markOpinionSent(doc, a, '2026-11-25', 'epuap', true)).toBeNull();
		expect(readOpinions(doc).opinions[0]).toMatchObject({
			sentOn: '2026-11-25',
			sentMethod: 'epuap'
		});
	});

	it('[CO1] without the approval setting an unapproved opinion can be sent', () => {
		const doc = new Y.Doc();
		const a = addOpinionRequest(doc, req);
		expect(markOpinionSent(doc, a, '2026-11-25', 'poczta', false)).toBeNull();
	});

	it('[CO4][DL5] unsent opinions become court requests for the Terminy tray', () => {
		const doc = new Y.Doc();
		const a = addOpinionRequest(doc, req);
		const b = addOpinionRequest(doc, { ...req, caseRef: 'III Nsm 7/26' });
		markOpinionSent(doc, b, '2026-11-20', 'osobiscie', false);
		const reqs = courtRequestsOf(readOpinions(doc).opinions);
		expect(reqs).toContainEqual({
			id: a,
			caseRef: 'III Nsm 123/26',
			due: '2026-11-30',
			sent: false
		});
		expect(reqs).toContainEqual({ id: b, caseRef: 'III Nsm 7/26', due: '2026-11-30', sent: true });
	});

	it('[CO5] a malformed opinion from a peer is shown as invalid, the rest stays', () => {
		const doc = new Y.Doc();
		addOpinionRequest(doc, req);
		courtRoots(doc).opinions.push([
			new Y.Map<unknown>([
				['id', 'x'],
				['due', 42]
			])
		]);
		const { opinions, invalid } = readOpinions(doc);
		expect(opinions).toHaveLength(1);
		expect(invalid[0]).toMatchObject({ id: 'x' });
	});
});
