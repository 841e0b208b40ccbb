import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pushMalformed, syncBoth } from './test-support';
import {
	addMember,
	appendCaseEvent,
	initCore,
	readCore,
	setFlag,
	setMemberField,
	setProblem
} from './core-doc';
import { coreRoots } from './doc-schema';
import type { CaseEvent } from '../domain/case-events';

const sync = syncBoth;
const move = (
	id: string,
	from: 'ZGLOSZENIE' | 'WYWIAD',
	to: 'WYWIAD' | 'WNIOSEK' | 'ZAMKNIETA'
): CaseEvent => ({
	id,
	at: '2026-11-23T09:00:00Z',
	actorId: 'ps',
	actorRole: 'pracownik_socjalny',
	online: false,
	type: 'przejscie',
	from,
	to,
	reason: ''
});

describe('core document', () => {
	it('[CE2] two offline transitions are both kept after merge; one applies, the other is a conflict', () => {
		const a = new Y.Doc();
		initCore(a);
		appendCaseEvent(a, move('1', 'ZGLOSZENIE', 'WYWIAD'));
		const b = new Y.Doc();
		sync(a, b);
		appendCaseEvent(a, move('2', 'WYWIAD', 'WNIOSEK'));
		appendCaseEvent(b, move('3', 'WYWIAD', 'ZAMKNIETA'));
		sync(a, b);
		const ca = readCore(a);
		expect(ca.caseEvents.map((e) => e.id).sort()).toEqual(['1', '2', '3']);
		expect(ca.caseView).toEqual(readCore(b).caseView);
		expect(ca.caseView.conflicts).toHaveLength(1);
	});

	it('[FR1] flags and problem areas ticked on two devices both survive', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		setFlag(a, 'zaZyciem', true);
		setProblem(b, 'ubostwo', true);
		setFlag(b, 'courtObligation', true);
		sync(a, b);
		const core = readCore(a);
		expect(core.flags.zaZyciem && core.flags.courtObligation).toBe(true);
		expect(core.problems).toEqual(['ubostwo']);
	});

	it('[FR2] members are validated field by field; a peer’s malformed member shows as invalid', () => {
		const doc = new Y.Doc();
		const id = addMember(doc, { name: 'Ola', relation: 'dziecko' });
		setMemberField(doc, id, 'whereabouts', 'placowka');
		expect(() => setMemberField(doc, id, 'birthDate', '2020-13-01')).toThrow();
		pushMalformed(coreRoots(doc).members, { id: 'x', relation: 'kosmita' });
		coreRoots(doc).caseEvents.push([{ type: 'przejscie', from: 'nic' }]);
		const core = readCore(doc);
		expect(core.members).toMatchObject([
			{ id, name: 'Ola', whereabouts: 'placowka', birthDate: '' }
		]);
		expect(core.invalid.map((i) => i.id)).toEqual(['x', null]);
	});
});
