/**
 * "The law as it stands" (issue 13), the lists practitioners use: rules that blocked real cases, amended to the text
 * of the family-support act (Dz.U. 2025 poz. 49), KRiO art. 109 and the Niebieska Karta
 * regulation. One describe per provision; the other provisions are in the law-*.test.ts beside it.
 */
import { describe, expect, it } from 'vitest';
import { IntakeRefs } from './case-events';
import { LifeArea, Recommendation } from './assessment';
import { CourtOpinion } from './court';
import { canonicalFinalAssessmentText, FinalAssessment } from './final-assessment';

describe('LS1/LS2: the lists practitioners look for', () => {
	it('[LS1] assessment life areas include education and school, and addictions', () => {
		expect(LifeArea.options).toEqual(expect.arrayContaining(['edukacja', 'uzaleznienia']));
	});

	it('[LS1] recommendations in the words OPS use: Niebieska Karta, a request to the court for wgląd', () => {
		expect(Recommendation.options).toEqual(
			expect.arrayContaining(['wszczecie_nk', 'wniosek_wglad'])
		);
	});

	it('[LS1] an opinion may be sent by e-Doręczenia', () => {
		const o = {
			id: 'op1',
			court: 'Sąd Rejonowy',
			caseRef: 'III Nsm 1/26',
			received: '2026-11-02',
			due: '2026-11-20',
			scope: '',
			headApproved: true,
			sentOn: '2026-11-10'
		};
		expect(CourtOpinion.safeParse({ ...o, sentMethod: 'e_doreczenia' }).success).toBe(true);
		expect(CourtOpinion.safeParse({ ...o, sentMethod: 'faks' }).success).toBe(false);
	});

	it('[LS1][ZK2] a final assessment hashed before the new areas keeps its canonical text; a written new area enters it', () => {
		const fa = FinalAssessment.parse({
			id: 'f1',
			kind: 'final',
			date: '2026-11-30',
			goals: {},
			monitoringUntil: '',
			monitoringFrequency: 'brak',
			recipients: []
		});
		const before = canonicalFinalAssessmentText(fa, { wychowanie: 'x' });
		expect(before).not.toContain('edukacja');
		expect(before).not.toContain('uzaleznienia');
		expect(canonicalFinalAssessmentText(fa, { wychowanie: 'x', edukacja: 'szkoła' })).toContain(
			'szkoła'
		);
	});

	it('[LS2] pkt 13a „Za życiem” is an intake basis; old intake references parse without one', () => {
		expect(IntakeRefs.parse({ basis: 'za_zyciem' }).basis).toBe('za_zyciem');
		expect(IntakeRefs.parse({ pomostId: 'P1' }).basis).toBeUndefined();
		expect(IntakeRefs.safeParse({ basis: 'inne' }).success).toBe(false);
	});
});
