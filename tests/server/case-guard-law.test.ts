/**
 * [RM18] The server's case-log check with the amended rules of issue 13 ("The law as it stands"):
 * the server folds the log with the same domain rules as the device, so a refusal with its reason
 * satisfies G4 there too, an oral consent with a note satisfies G3, and one court order with
 * several obligations is an exemption. A real Y.Doc log, the server's own `checkCaseEntries`.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkCaseEntries } from '../../server/case-guard.js';
import type { CaseEvent } from '../../src/lib/domain/case-events.js';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/settings.js';

let n = 0;
const stamp = (role = 'asystent') => ({
	id: `s${n++}`,
	at: '2026-11-23T10:00:00+01:00',
	actorId: role === 'asystent' ? 'anna' : 'piotr',
	actorRole: role,
	online: true
});
const assistant = { userId: 'anna', name: 'Anna', staffRole: 'asystent' };
const context = () => ({
	settings: DEFAULT_SETTINGS,
	assistantCaseload: 3,
	assistantId: 'anna',
	socialWorkerId: 'piotr'
});
const plan = {
	goals: [],
	actions: [
		{
			id: 'a1',
			goalId: 'g1',
			description: 'Zajęcia dla rodziców',
			responsible: '',
			deadline: '2027-02-28',
			expectedEffect: 'Ukończony cykl',
			status: 'planowane',
			doneDate: ''
		}
	],
	notes: ''
};

/** A log with `before` already stored; returns what the server says of appending `fresh`. */
function check(before: CaseEvent[], fresh: CaseEvent) {
	const doc = new Y.Doc();
	const log = doc.getArray<unknown>('caseEvents');
	log.push(before);
	log.push([fresh]);
	return checkCaseEntries(log, [log.get(log.length - 1)], assistant, context);
}

const toPlan = (consent: CaseEvent): CaseEvent[] => [
	{
		...stamp(),
		type: 'przyjecie',
		to: 'PRZYDZIELONA',
		refs: { pomostId: '', signalDate: '', letterNo: '' }
	},
	consent,
	{ ...stamp(), type: 'przejscie', from: 'PRZYDZIELONA', to: 'NAWIAZANIE', reason: '' },
	{ ...stamp(), type: 'przejscie', from: 'NAWIAZANIE', to: 'PLAN', reason: '' }
];
const order: CaseEvent = {
	...stamp(),
	type: 'postanowienie_sadu',
	orderId: 'o1',
	orderType: 'nadzor_kuratora',
	alsoTypes: ['zobowiazanie'],
	date: '2026-11-02'
};
const refused = (reason: string): CaseEvent => ({
	...stamp(),
	type: 'plan_uzgodniony',
	version: 1,
	planHash: 'b'.repeat(64),
	plan,
	agreedBy: ['Anna'],
	method: 'odmowa',
	refusalReason: reason
});
const consulted: CaseEvent = {
	...stamp('pracownik_socjalny'),
	type: 'konsultacja_ps',
	version: 1,
	remarks: ''
};
const realizacja = (): CaseEvent => ({
	...stamp(),
	type: 'przejscie',
	from: 'PLAN',
	to: 'REALIZACJA',
	reason: ''
});

describe('[RM18] the server applies the amended guards', () => {
	it('[RM18][G4][CT7] a refused plan with its reason, consulted, lets the assistant take REALIZACJA; without a reason it is refused', () => {
		const base = toPlan(order);
		expect(check([...base, refused('Matka odmawia podpisu.'), consulted], realizacja())).toBeNull();
		expect(check([...base, refused(' '), consulted], realizacja())).toEqual({
			code: 'guard',
			detail: 'G4-plan'
		});
	});

	it('[RM18][G3] oral consent with a note lets work start; without one the server refuses NAWIAZANIE', () => {
		const intake: CaseEvent = {
			...stamp(),
			type: 'przyjecie',
			to: 'PRZYDZIELONA',
			refs: { pomostId: '', signalDate: '', letterNo: '' }
		};
		const oral = (note: string): CaseEvent => ({
			...stamp(),
			type: 'zgoda',
			kind: 'ustna',
			date: '2026-11-20',
			signatories: ['Marta'],
			note
		});
		const start: CaseEvent = {
			...stamp(),
			type: 'przejscie',
			from: 'PRZYDZIELONA',
			to: 'NAWIAZANIE',
			reason: ''
		};
		expect(check([intake, oral('Ustnie, w obecności PS.')], start)).toBeNull();
		expect(check([intake, oral('')], start)).toEqual({ code: 'guard', detail: 'G3-no-consent' });
	});
});
