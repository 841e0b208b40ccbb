import { describe, expect, it } from 'vitest';
import { GoalProgress, LifeArea, Recommendation } from '$lib/domain/assessment';
import { Contact, MonitoringContact, SafetyAction } from '$lib/domain/safety';
import {
	cooperationCodes,
	cooperationText,
	goalProgressText,
	lifeAreaText,
	narrativeText,
	recommendationText
} from './assessment-labels';
import {
	contactPurposes,
	contactPurposeText,
	monitoringForms,
	monitoringFormText,
	safetyActionText
} from './safety-labels';
import { sentMethods, sentMethodText } from '../family/court-opinions.svelte';
import { expectOwnLabels, type CodeLabels } from './test-support';

/** Each records enum with its label function: codes from the domain, words from the catalogue. */
const enums: CodeLabels[] = [
	['GoalProgress', GoalProgress.options, goalProgressText],
	['LifeArea', LifeArea.options, lifeAreaText],
	['Recommendation', Recommendation.options, recommendationText],
	['cooperation', cooperationCodes, cooperationText],
	['SafetyAction', SafetyAction.options, safetyActionText],
	['Contact.purpose', contactPurposes, contactPurposeText],
	['MonitoringContact.form', monitoringForms, monitoringFormText],
	['SentMethod', sentMethods, sentMethodText]
];

describe('[I18N2] records code labels from the catalogue', () => {
	it.each(enums)('%s: every code has a non-empty label of its own', (_name, codes, text) =>
		expectOwnLabels(codes, text)
	);

	it('the forms offer exactly the codes the schemas accept', () => {
		expect([...contactPurposes].sort()).toEqual([...Contact.shape.purpose.options].sort());
		expect([...monitoringForms].sort()).toEqual([...MonitoringContact.shape.form.options].sort());
		expect([...cooperationCodes].sort()).toEqual(['brak', 'czesciowa', 'dobra']);
	});

	it('keeps the words the screens and the e2e specs look for', () => {
		expect(goalProgressText('czesciowo')).toBe('osiągnięty częściowo');
		expect(recommendationText('kontynuacja')).toBe('kontynuować pracę według planu');
		expect(safetyActionText('niebieska_karta')).toBe('wszczęto procedurę „Niebieskie Karty”');
		expect(contactPurposeText('wniosek_o_informacje')).toBe('wniosek o informacje (art. 16)');
		expect(monitoringFormText('telefon')).toBe('rozmowa telefoniczna');
		expect(narrativeText('summary')).toBe('podsumowanie i uzasadnienie rekomendacji');
		expect(narrativeText('finanse')).toBe('finanse');
		expect(sentMethodText('epuap')).toBe('przez ePUAP');
	});
});
