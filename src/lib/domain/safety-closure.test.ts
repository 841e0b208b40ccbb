import { describe, expect, it } from 'vitest';
import { CaseEvent } from './case-events';
import { reduceCase, type CaseView } from './case-view';
import { checkTransition, finalAssessmentChanged, guardMessage } from './guards';
import { SafetyConcern } from './safety';
import {
	canonicalFinalAssessmentText,
	FinalAssessment,
	hashFinalAssessment
} from './final-assessment';
import { DEFAULT_SETTINGS } from './settings';
import { eventStamp } from './test-support';

const base = eventStamp;

describe('zagrożenie in the case log (ZG)', () => {
	it('[ZG1] the event keeps only its date and the record id: a description or the violence answer never reach the core document', () => {
		const e = CaseEvent.parse({
			...base('z1'),
			type: 'zagrozenie',
			date: '2026-11-20',
			concernId: 'c1',
			description: 'przemoc ze strony ojca',
			violenceRelated: true
		});
		expect(e).toEqual({ ...base('z1'), type: 'zagrozenie', date: '2026-11-20', concernId: 'c1' });
		expect(JSON.stringify(e)).not.toMatch(/violence|przemoc|description/);
	});

	it('[ZG1] a zagrożenie event moves no state and is no conflict', () => {
		const view = reduceCase([
			{ ...base('z1'), type: 'zagrozenie', date: '2026-11-20', concernId: 'c1' }
		]);
		expect(view.state).toBe('ZGLOSZENIE');
		expect(view.conflicts).toEqual([]);
	});

	it('[ZG1] an event without its record id or with an impossible date shape is refused', () => {
		expect(
			CaseEvent.safeParse({ ...base('z2'), type: 'zagrozenie', date: '2026-11-20' }).success
		).toBe(false);
		expect(
			CaseEvent.safeParse({ ...base('z3'), type: 'zagrozenie', date: '20.11.2026', concernId: 'c' })
				.success
		).toBe(false);
	});

	it('[ZG2] records written before interventions existed read as concerns; an intervention names its concern', () => {
		const old = SafetyConcern.parse({
			id: 'c1',
			date: '2026-11-20',
			time: '',
			actions: [],
			violenceRelated: false
		});
		expect(old).toMatchObject({ kind: 'zagrozenie', concernId: '' });
		const follow = SafetyConcern.parse({ ...old, id: 'i1', kind: 'interwencja', concernId: 'c1' });
		expect(follow).toMatchObject({ kind: 'interwencja', concernId: 'c1' });
		expect(SafetyConcern.safeParse({ ...old, kind: 'inne' }).success).toBe(false);
	});
});

const final: FinalAssessment = {
	id: 'f1',
	kind: 'final',
	date: '2026-11-23',
	goals: { g2: 'czesciowo', g1: 'osiagniety' },
	monitoringUntil: '2027-11-23',
	monitoringFrequency: 'co_kwartal',
	recipients: ['pracownik socjalny']
};

describe('final assessment (ZK)', () => {
	it('[ZK1] a monitoring plan with a frequency needs its end date', () => {
		expect(FinalAssessment.safeParse(final).success).toBe(true);
		const r = FinalAssessment.safeParse({ ...final, monitoringUntil: '' });
		expect(r.success).toBe(false);
		if (!r.success) expect(r.error.issues[0].message).toBe('Podaj, do kiedy trwa monitoring.');
		expect(
			FinalAssessment.safeParse({ ...final, monitoringUntil: '', monitoringFrequency: 'brak' })
				.success
		).toBe(true);
	});

	it('[ZK2] the hash is the same for the same content whatever the order of goals, and changes with any narrative', async () => {
		const reordered = { ...final, goals: { g1: 'osiagniety' as const, g2: 'czesciowo' as const } };
		const narratives = { wychowanie: '<paragraph>Dobrze.</paragraph>' };
		expect(canonicalFinalAssessmentText(reordered, narratives)).toBe(
			canonicalFinalAssessmentText(final, narratives)
		);
		const h = await hashFinalAssessment(final, narratives);
		expect(h).toMatch(/^[0-9a-f]{64}$/);
		expect(await hashFinalAssessment(reordered, narratives)).toBe(h);
		expect(
			await hashFinalAssessment(final, {
				...narratives,
				recommendation: '<paragraph>x</paragraph>'
			})
		).not.toBe(h);
	});

	const proposed = (ref: boolean, text = ''): CaseView => ({
		...reduceCase([
			{
				...base('k1'),
				type: 'zakonczenie',
				reasonCode: 'CEL_OSIAGNIETY',
				reasonText: '',
				finalAssessment: text,
				...(ref ? { finalAssessmentRef: { id: 'f1', hash: 'a'.repeat(64) } } : {})
			}
		]),
		state: 'ZAKONCZENIE'
	});
	const head = (hash?: string | null, headAcceptedClosure = true) => ({
		settings: DEFAULT_SETTINGS,
		actor: 'kierownik' as const,
		headAcceptedClosure,
		finalAssessmentHash: hash
	});

	it('[ZK3][G5] leaving ZAKONCZENIE needs the referenced final assessment on the device and the head', () => {
		expect(checkTransition(proposed(true), 'ZAMKNIETA', head('a'.repeat(64))).ok).toBe(true);
		const missing = checkTransition(proposed(true), 'MONITORING', head(null));
		expect(missing.ok).toBe(false);
		if (!missing.ok)
			expect(guardMessage(missing.failure)).toBe(
				'Nie można zamknąć sprawy: ocena końcowa nie jest dostępna na tym urządzeniu.'
			);
		const noHead = checkTransition(proposed(true), 'ZAMKNIETA', head('a'.repeat(64), false));
		expect(noHead.ok).toBe(false);
		if (!noHead.ok) expect(guardMessage(noHead.failure)).toMatch(/brak akceptacji kierownika/);
	});

	it('[ZK3][G5] an old closure event with the final assessment as inline text passes as before; an empty one does not', () => {
		expect(checkTransition(proposed(false, 'Cele osiągnięte.'), 'ZAMKNIETA', head()).ok).toBe(true);
		const empty = checkTransition(proposed(false, '  '), 'ZAMKNIETA', head());
		expect(empty.ok).toBe(false);
		if (!empty.ok) expect(guardMessage(empty.failure)).toMatch(/brak oceny końcowej/);
		// An old event has no reference at all, and parses as it always did.
		const old = CaseEvent.parse({
			...base('k0'),
			type: 'zakonczenie',
			reasonCode: 'INNY',
			reasonText: 'x',
			finalAssessment: 'Tekst.'
		});
		expect(old).not.toHaveProperty('finalAssessmentRef');
	});

	it('[ZK4] a final assessment edited after the proposal is flagged for the head, not hidden', () => {
		expect(finalAssessmentChanged(proposed(true), 'a'.repeat(64))).toBe(false);
		expect(finalAssessmentChanged(proposed(true), 'b'.repeat(64))).toBe(true);
		expect(finalAssessmentChanged(proposed(true), null)).toBe(false);
		expect(finalAssessmentChanged(proposed(false, 'x'), 'b'.repeat(64))).toBe(false);
	});
});
