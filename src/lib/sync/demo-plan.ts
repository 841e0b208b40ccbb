/**
 * Demo content for the two demo families' work plans, written server-side once when the demo is
 * seeded (clients never seed a collaborative document: stack.md pitfall 14).
 */
import type * as Y from 'yjs';
import { addAction, addGoal, initPlan } from './plan-doc.js';

/** Adds a date offset in days to `today` (ISO), for deadlines that stay near the present. */
function inDays(today: string, days: number): string {
	const d = new Date(`${today}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** Writes a small plan: one main goal, one specific goal, a few actions. */
export function writeDemoPlan(doc: Y.Doc, variant: 0 | 1, today: string): void {
	initPlan(doc);
	if (variant === 0) {
		const main = addGoal(doc, {
			kind: 'glowny',
			title: 'Poprawa organizacji życia codziennego rodziny'
		});
		addAction(doc, main, {
			description: 'Ustalenie stałego planu dnia dzieci (pobudka, szkoła, odrabianie lekcji, sen)',
			responsible: 'Matka z asystentem rodziny',
			deadline: inDays(today, 14),
			expectedEffect: 'Dzieci punktualnie docierają do szkoły',
			status: 'w_trakcie'
		});
		const budget = addGoal(doc, { kind: 'szczegolowy', title: 'Prowadzenie domowego budżetu' });
		addAction(doc, budget, {
			description: 'Wspólne prowadzenie zeszytu wydatków przez miesiąc',
			responsible: 'Ojciec',
			deadline: inDays(today, 30),
			expectedEffect: 'Opłaty za mieszkanie regulowane w terminie',
			status: 'planowane'
		});
		addAction(doc, budget, {
			description: 'Wizyta w OPS w sprawie dodatku mieszkaniowego',
			responsible: 'Pracownik socjalny',
			deadline: inDays(today, -3),
			expectedEffect: 'Złożony wniosek o dodatek mieszkaniowy',
			status: 'planowane'
		});
	} else {
		const main = addGoal(doc, {
			kind: 'glowny',
			title: 'Powrót syna z placówki do domu rodzinnego'
		});
		addAction(doc, main, {
			description: 'Regularne odwiedziny syna w placówce (co tydzień)',
			responsible: 'Matka',
			deadline: inDays(today, 60),
			expectedEffect: 'Utrzymana więź matki z synem',
			status: 'w_trakcie'
		});
		addAction(doc, main, {
			description: 'Udział w warsztatach umiejętności wychowawczych',
			responsible: 'Matka, asystent rodziny',
			deadline: inDays(today, 45),
			expectedEffect: 'Zaświadczenie o ukończeniu warsztatów',
			status: 'planowane'
		});
	}
}
