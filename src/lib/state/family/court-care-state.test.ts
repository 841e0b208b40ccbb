import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- the test makes the real documents a handle carries
import * as Y from 'yjs';
import type { DocHandle } from '$lib/sync/connect';
import { docAccess } from '$lib/sync/doc-access';
import { appendCaseEvent } from '$lib/sync/core-doc';
import type { CaseEvent } from '$lib/domain/case-events';
import type { CaseState } from '$lib/domain/case-state';
import { CaseFileState } from './case-file.svelte';
import { CourtOpinionsState } from './court-opinions.svelte';
import { CourtOrdersState } from './court-orders.svelte';
import { emptyCourtOrderForm } from '../forms/court-order-form';
import { placeChild, returnChild } from './foster-care';
import { numberedStamps } from '$lib/domain/test-support';

/** The state classes read, write and observe through the handle only; real documents, unsynced. */
const handleOf = (doc: Y.Doc) =>
	({ docName: 'test', doc, ...docAccess(doc) }) as unknown as DocHandle;
const me = { id: 'u1', name: 'Anna Asystent', role: 'asystent' as const };
const stamp = numberedStamps('e', { actorId: 'u1' });

/** A core file whose case is in `state` (reached through the log, as on a real device). */
function caseIn(state: CaseState): { core: Y.Doc; file: CaseFileState } {
	const core = new Y.Doc();
	const path: CaseEvent[] = [
		{
			...stamp(),
			type: 'przyjecie',
			to: 'PRZYDZIELONA',
			refs: { pomostId: '', signalDate: '', letterNo: '' }
		},
		{ ...stamp(), type: 'zgoda', kind: 'pisemna', date: '2026-11-01', signatories: [] }
	];
	const walk: [CaseState, CaseState][] = [
		['PRZYDZIELONA', 'NAWIAZANIE'],
		['NAWIAZANIE', 'ZAKONCZENIE']
	];
	for (const [from, to] of walk) {
		if (state === from) break;
		path.push({ ...stamp(), type: 'przejscie', from, to, reason: '' });
	}
	if (state === 'ZAMKNIETA') {
		path.push(
			{
				...stamp(),
				type: 'zakonczenie',
				reasonCode: 'CEL_OSIAGNIETY',
				reasonText: '',
				finalAssessment: 'ok'
			},
			{ ...stamp(), type: 'przejscie', from: 'ZAKONCZENIE', to: 'ZAMKNIETA', reason: '' }
		);
	}
	for (const e of path) appendCaseEvent(core, e);
	const file = new CaseFileState(handleOf(core), 'edit', me);
	expect(file.current.caseView.state).toBe(state);
	return { core, file };
}

const request = {
	court: 'Sąd Rejonowy w Lublinie',
	caseRef: 'III Nsm 5/26',
	received: '2026-11-02',
	due: '2026-11-30',
	scope: ''
};

/** [CT4] A court request added to a case in `state` and marked sent on 28.11, both accepted. */
function requestAndSend(state: CaseState) {
	const { file } = caseIn(state);
	const opinions = new CourtOpinionsState(
		handleOf(new Y.Doc()),
		'edit',
		{ ...me, color: '#000', staffRole: 'asystent' },
		false
	);
	const added = opinions.add(request, [], file);
	expect(added.ok).toBe(true);
	const id = added.ok ? added.id : '';
	expect(opinions.markSent(id, '2026-11-28', 'epuap', false, file)).toBeNull();
	return { file, id };
}

describe('court correspondence across the court and core documents', () => {
	it('[CT4] a request and its sending are logged by id and date in an active case', () => {
		const { file, id } = requestAndSend('NAWIAZANIE');
		const logged = file.current.caseEvents.slice(-2);
		expect(logged.map((e) => e.type)).toEqual(['wniosek_sadu', 'opinia_wyslana']);
		expect(logged[0]).toMatchObject({ opinionId: id, due: '2026-11-30' });
		expect(logged[1]).toMatchObject({ opinionId: id, sentOn: '2026-11-28' });
		expect(JSON.stringify(logged)).not.toContain('III Nsm 5/26');
	});

	it('[CT4] a closed case still takes a court request and its sending (amended: pkt 17 has no time limit)', () => {
		const { file } = requestAndSend('ZAMKNIETA');
		expect(file.current.caseEvents.slice(-2).map((e) => e.type)).toEqual([
			'wniosek_sadu',
			'opinia_wyslana'
		]);
		expect(file.current.caseView.state).toBe('ZAMKNIETA');
	});

	it('[CT2][CT3] a court obligation is stored in the court document, logged without content, and sets the flag', () => {
		const { file } = caseIn('PRZYDZIELONA');
		const court = new Y.Doc();
		const orders = new CourtOrdersState(handleOf(court), 'edit');
		const r = orders.add(
			{
				...emptyCourtOrderForm(),
				court: 'Sąd Rejonowy w Lublinie',
				caseRef: 'III Nsm 9/26',
				date: '2026-11-02',
				type: 'zobowiazanie',
				kurator: 'Kasia Kurator'
			},
			file
		);
		expect(r.ok).toBe(true);
		expect(orders.current.orders).toHaveLength(1);
		const last = file.current.caseEvents.at(-1);
		expect(last).toMatchObject({
			type: 'postanowienie_sadu',
			orderType: 'zobowiazanie',
			date: '2026-11-02'
		});
		expect(JSON.stringify(last)).not.toContain('III Nsm 9/26');
		expect(file.current.flags.courtObligation).toBe(true);
		expect(file.current.professionals.kurator).toBe('Kasia Kurator');
		expect(file.current.caseView.consent?.kind).toBe('zwolnienie_sad');
	});

	it('[PC1] placement and return keep the whereabouts and the family flag in step with the log', () => {
		const { file } = caseIn('NAWIAZANIE');
		const a = file.addMember('Ola', 'dziecko') ?? '';
		const b = file.addMember('Kuba', 'dziecko') ?? '';
		expect(placeChild(file, a, '2026-11-05', 'placowka')).toBeNull();
		expect(placeChild(file, b, '2026-11-06', 'rodzina_zastepcza')).toBeNull();
		expect(placeChild(file, b, '2026-02-30', 'placowka')).toMatch(/datę/);
		expect(file.current.members.map((m) => m.whereabouts)).toEqual([
			'placowka',
			'rodzina_zastepcza'
		]);
		expect(returnChild(file, a, '2026-11-20')).toBeNull();
		expect(file.current.flags.childInCare).toBe(true);
		expect(returnChild(file, b, '2026-11-21')).toBeNull();
		expect(file.current.flags.childInCare).toBe(false);
		expect(file.current.members.map((m) => m.whereabouts)).toEqual(['dom', 'dom']);
		expect(file.current.caseView.childrenInCare).toEqual([]);
	});
});
