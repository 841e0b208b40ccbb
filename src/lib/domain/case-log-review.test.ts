import { describe, expect, it } from 'vitest';
import type { CaseEvent } from './case-events';
import { reviewCaseLog, type StoredCaseEntry } from './case-log-review';

const anna = { userId: 'u-anna', staffRole: 'asystent' };
const piotr = { userId: 'u-piotr', staffRole: 'pracownik_socjalny' };
const krystyna = { userId: 'u-krystyna', staffRole: 'kierownik' };

const base = (id: string, who: { userId: string; staffRole: string }) => ({
	id,
	at: '2026-11-02T09:00:00.000+01:00',
	actorId: who.userId,
	actorRole: who.staffRole,
	online: true
});
const move = (
	id: string,
	who: { userId: string; staffRole: string },
	from: string,
	to: string
): CaseEvent => ({ ...base(id, who), type: 'przejscie', from, to, reason: '' }) as CaseEvent;
const live = (raw: unknown, writer: StoredCaseEntry['writer']): StoredCaseEntry => ({
	removed: false,
	raw,
	writer
});

describe('[CE8] review of a stored case log', () => {
	it('a log every writer kept is not flagged', () => {
		expect(
			reviewCaseLog([
				live(move('a', piotr, 'ZGLOSZENIE', 'WYWIAD'), piotr),
				live(move('b', krystyna, 'WNIOSEK', 'OCZEKUJE'), krystyna),
				live(move('c', anna, 'NAWIAZANIE', 'PLAN'), anna)
			])
		).toEqual([]);
	});

	it('names each kind of break once, at its position', () => {
		const breaks = reviewCaseLog([
			{ removed: true, writer: piotr },
			live({ type: 'przejscie', nonsense: true }, anna),
			live(move('c', anna, 'NAWIAZANIE', 'PLAN'), null),
			live(move('d', anna, 'NAWIAZANIE', 'ZAKONCZENIE'), piotr),
			live(move('e', anna, 'NAWIAZANIE', 'MONITORING'), anna),
			live(move('f', anna, 'WNIOSEK', 'PRZYDZIELONA'), anna),
			live({ ...base('g', anna), type: 'konsultacja_ps', version: 1, remarks: '' }, anna)
		]);
		expect(breaks.map((b) => [b.position, b.code])).toEqual([
			[0, 'removed'],
			[1, 'invalid'],
			[2, 'unknown-writer'],
			[3, 'foreign-author'],
			[4, 'not-an-exit'],
			[5, 'not-your-transition'],
			[6, 'not-your-transition']
		]);
		expect(breaks[3]).toMatchObject({
			writerId: 'u-piotr',
			claimedActorId: 'u-anna',
			eventId: 'd'
		});
		expect(breaks[0]).toMatchObject({ writerId: 'u-piotr', eventId: null });
	});
});
