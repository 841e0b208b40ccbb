/**
 * Demo case history and visit diary for the two demo families, written server-side once when the
 * demo is seeded (never on a client: stack.md pitfall 14). The families are assigned to Anna,
 * so their case log walks them to active work (with written consent), which is what the
 * caseload meter, the periodic assessment and the visit cadence in "Terminy" count from.
 */
import type * as Y from 'yjs';
import type { CaseEvent } from '../domain/case-events.js';
import type { CaseState } from '../domain/case-state.js';
import { addDays } from '../domain/dates.js';
import { appendCaseEvent, initCore } from './core-doc.js';
import { addVisit } from './visits-doc.js';

/** Who takes each step: ids and names of the demo's social worker, head and assistant. */
export interface DemoStaff {
	ps: { id: string; name: string };
	head: { id: string; name: string };
	assistant: { id: string; name: string };
}

/**
 * Writes the case log: signal → … → contact with consent (→ plan for the first family). Each
 * person writes under a Yjs client id of their own, as their devices would; returns who owns
 * which client id, so the seed binds them (server/SPEC.md RM16) and every event's stamp matches
 * its writer.
 */
export function writeDemoCase(
	doc: Y.Doc,
	variant: 0 | 1,
	today: string,
	s: DemoStaff
): Map<number, string> {
	const owners = new Map<number, string>();
	const clientOf = new Map<string, number>();
	const base = doc.clientID >>> 2;
	const as = (userId: string) => {
		let id = clientOf.get(userId);
		if (id === undefined) {
			id = base + clientOf.size;
			clientOf.set(userId, id);
			owners.set(id, userId);
		}
		doc.clientID = id;
	};
	as(s.assistant.id);
	initCore(doc);
	const at = (daysAgo: number) => `${addDays(today, -daysAgo)}T09:00:00.000Z`;
	let n = 0;
	const who = (p: { id: string; name: string }, role: string) => {
		as(p.id);
		return {
			id: `demo-${variant}-${n++}`,
			actorId: p.id,
			actorName: p.name,
			actorRole: role,
			online: true
		};
	};
	const move = (from: CaseState, to: CaseState, daysAgo: number, by: 'ps' | 'head' | 'assistant') =>
		appendCaseEvent(doc, {
			...who(s[by], by === 'ps' ? 'pracownik_socjalny' : by === 'head' ? 'kierownik' : 'asystent'),
			type: 'przejscie',
			at: at(daysAgo),
			from,
			to,
			reason: ''
		} satisfies CaseEvent);
	move('ZGLOSZENIE', 'WYWIAD', 75, 'ps');
	move('WYWIAD', 'WNIOSEK', 68, 'ps');
	move('WNIOSEK', 'PRZYDZIELONA', 62, 'head');
	appendCaseEvent(doc, {
		...who(s.assistant, 'asystent'),
		type: 'zgoda',
		at: at(55),
		kind: 'pisemna',
		date: addDays(today, -55),
		signatories: ['rodzic (demo)']
	});
	move('PRZYDZIELONA', 'NAWIAZANIE', 55, 'assistant');
	if (variant === 0) move('NAWIAZANIE', 'PLAN', 40, 'assistant');
	return owners;
}

/** Writes two past visits; the first family's last one is 9 days old, so a visit is due. */
export function writeDemoVisits(doc: Y.Doc, variant: 0 | 1, today: string): void {
	const last = variant === 0 ? 9 : 3;
	for (const daysAgo of [last + 7, last]) {
		addVisit(doc, {
			date: addDays(today, -daysAgo),
			start: '10:00',
			end: '11:30',
			type: 'wizyta_domowa',
			place: 'mieszkanie rodziny',
			present: 'matka, dzieci',
			offline: false
		});
	}
}
