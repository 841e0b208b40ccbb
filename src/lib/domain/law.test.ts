import { describe, expect, it } from 'vitest';
import { reduceCase, CaseEvent } from './case-events';
import { checkTransition, guardMessage, planProblems, planWarnings } from './guards';
import { DEFAULT_SETTINGS, OrgSettings } from './settings';
import { applySettingsPatch } from './settings-update';
import { type WorkPlan } from './work-plan';
import { base, ctx, action, plain, agreed, consulted, toRealizacja } from './law-fixtures';

/**
 * "The law as it stands" (issue 13): rules that blocked real cases, amended to the text of the
 * family-support act (Dz.U. 2025 poz. 49), KRiO art. 109 and the Niebieska Karta regulation.
 * This file: plans, consent and the assessment setting.
 */

describe('G4: a plan the family refuses to sign (art. 15 ust. 3, domain.md G4)', () => {
	it('[G4] a recorded refusal with its reason satisfies G4: a court-obliged family that refuses to sign reaches REALIZACJA', () => {
		const refused = agreed(plain, ['Asystent'], 'odmowa', 'Matka odmawia podpisu planu.');
		expect(toRealizacja([refused, consulted])).toEqual({ ok: true, overLocalLimit: false });
		expect(reduceCase([refused]).agreedPlan).toMatchObject({
			method: 'odmowa',
			refusalReason: 'Matka odmawia podpisu planu.'
		});
	});

	it('[G4] a refusal without a reason does not count as agreement', () => {
		const bare = agreed(plain, ['Asystent'], 'odmowa', '  ');
		const r = toRealizacja([bare, consulted]);
		expect(r.ok).toBe(false);
		expect(reduceCase([bare]).agreedPlan).toBeNull();
	});
});

describe('G4 / WP1: owner and goals are practice, the statute asks scope, deadline and effect', () => {
	const noOwner: WorkPlan = {
		goals: [],
		actions: [{ ...action, responsible: '' }],
		notes: '',
		invalid: []
	};

	it('[WP1][G4] an action without an osoba odpowiedzialna, in a plan without goals, does not block G4: it is a warning', () => {
		expect(planProblems(noOwner, true, true)).toEqual([]);
		const warnings = planWarnings(noOwner);
		expect(warnings).toHaveLength(2);
		expect(warnings.join(' ')).toMatch(/osob/i);
		expect(toRealizacja([agreed({ ...noOwner, invalid: undefined }, ['Jan']), consulted]).ok).toBe(
			true
		);
	});

	it('[WP1][G4] an action still needs its scope, deadline and expected effect (art. 15 ust. 3)', () => {
		const bad: WorkPlan = {
			...noOwner,
			actions: [{ ...action, description: ' ', deadline: '', expectedEffect: '' }]
		};
		const problems = planProblems(bad, true, true);
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatch(/art\. 15 ust\. 3/);
	});
});

describe('G3: how consent was given (art. 8 ust. 3: "za jej zgodą i aktywnym udziałem")', () => {
	const assigned: CaseEvent = {
		...base(),
		type: 'przyjecie',
		to: 'PRZYDZIELONA',
		refs: { pomostId: '', signalDate: '', letterNo: '' }
	};
	it('[G3] oral consent with a note passes G3; written form is practice', () => {
		const oral = CaseEvent.parse({
			...base(),
			type: 'zgoda',
			kind: 'ustna',
			date: '2026-11-20',
			signatories: ['Anna Kowalska'],
			note: 'Zgoda wyrażona ustnie podczas wizyty, obecna pracownica socjalna.'
		});
		const view = reduceCase([assigned, oral]);
		expect(view.consent).toMatchObject({ kind: 'ustna' });
		expect(checkTransition(view, 'NAWIAZANIE', ctx).ok).toBe(true);
	});

	it('[G3] oral consent without a note is not a consent: G3 refuses with the article', () => {
		const oral = CaseEvent.parse({
			...base(),
			type: 'zgoda',
			kind: 'ustna',
			date: '2026-11-20',
			signatories: ['Anna Kowalska']
		});
		const r = checkTransition(reduceCase([assigned, oral]), 'NAWIAZANIE', ctx);
		expect(r.ok).toBe(false);
		if (!r.ok) expect(guardMessage(r.failure)).toMatch(/art\. 8 ust\. 3/);
	});

	it('[G3] an old written consent without a note still reads and passes', () => {
		const old = CaseEvent.parse({
			...base(),
			type: 'zgoda',
			kind: 'pisemna',
			date: '2026-11-20',
			signatories: ['Anna']
		});
		expect(checkTransition(reduceCase([assigned, old]), 'NAWIAZANIE', ctx).ok).toBe(true);
	});
});

describe('OS6: the periodic assessment at least every six months (art. 15 ust. 1 pkt 15)', () => {
	it('[OS6] a setting over 6 months is refused with a Polish message naming the article; nothing changes', () => {
		const r = applySettingsPatch(DEFAULT_SETTINGS, { assessmentEveryMonths: 12 });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.assessmentEveryMonths).toMatch(/art\. 15 ust\. 1 pkt 15/);
		const ok = applySettingsPatch(DEFAULT_SETTINGS, {
			assessmentEveryMonths: 4,
			assessmentReminderMonths: 3
		});
		expect(ok.ok).toBe(true);
	});

	it('[OS6] a stored 12 from before the rule reads as 6, the rest of the settings kept', () => {
		const s = OrgSettings.parse({
			assessmentEveryMonths: 12,
			assessmentReminderMonths: 11,
			caseloadLimit: 9
		});
		expect(s.assessmentEveryMonths).toBe(6);
		expect(s.assessmentReminderMonths).toBe(5);
		expect(s.caseloadLimit).toBe(9);
	});
});
