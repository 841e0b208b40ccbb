import { describe, expect, it } from 'vitest';
import { CaseState } from '$lib/domain/case-state';
import { ClosureReason, ConsentKind } from '$lib/domain/case-events';
import { StaffRole } from '$lib/domain/roles';
import {
	FamilyFlag,
	ParentalAuthority,
	ProblemArea,
	Relation,
	Whereabouts
} from '$lib/domain/family';
import { CourtOrderType, opinionSections } from '$lib/domain/court';
import { courtOrderTypePl } from '../views/court-care-view';
import { caseStateText, closureReasonText, consentKindText, staffRoleText } from './case-labels';
import {
	familyFlagText,
	parentalAuthorityText,
	problemAreaText,
	relationText,
	whereaboutsText
} from './family-labels';
import { opinionSectionText, opinionSendRefusalText } from './court-labels';
import { Compartment } from '$lib/domain/compartments';
import { compartmentText } from './compartment-labels';
import { IntakeBasis } from '$lib/domain/case-events';
import { DutyArea } from '$lib/domain/duties';
import { EligibilityPath } from '$lib/domain/eligibility';
import { NkStep } from '$lib/domain/niebieska-karta';
import { VisitNarrative, VisitType } from '$lib/domain/visit';
import { intakeBasisText } from './case-labels';
import { dutyText, eligibilityPathText, nkStepText } from './law-labels';
import { visitNarrativeText, visitTypeText } from './visit-labels';
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

/** Each enum with its label function: the codes come from the domain, the words from the catalogue. */
const enums: CodeLabels[] = [
	['CaseState', CaseState.options, caseStateText],
	['ConsentKind', ConsentKind.options, consentKindText],
	['ClosureReason', ClosureReason.options, closureReasonText],
	['StaffRole', StaffRole.options, staffRoleText],
	['Relation', Relation.options, relationText],
	['ParentalAuthority', ParentalAuthority.options, parentalAuthorityText],
	['Whereabouts', Whereabouts.options, whereaboutsText],
	['ProblemArea', ProblemArea.options, problemAreaText],
	['FamilyFlag', FamilyFlag.options, familyFlagText],
	['opinionSections', opinionSections, opinionSectionText],
	['Compartment', Compartment.options, compartmentText]
];

/** The code lists of the law's forms and the visit log. */
const lawEnums: CodeLabels[] = [
	['IntakeBasis', IntakeBasis.options, intakeBasisText],
	['DutyArea', DutyArea.options, dutyText],
	['EligibilityPath', EligibilityPath.options, eligibilityPathText],
	['NkStep', NkStep.options, nkStepText],
	['VisitType', VisitType.options, visitTypeText],
	['VisitNarrative', VisitNarrative.options, visitNarrativeText],
	['CourtOrderType', CourtOrderType.options, courtOrderTypePl]
];

describe('[I18N2] code labels from the catalogue', () => {
	it.each(enums)('%s: every code has a non-empty label of its own', (_name, codes, text) =>
		expectOwnLabels(codes, text)
	);
	it.each(lawEnums)('%s: every code has a non-empty label of its own', (_name, codes, text) =>
		expectOwnLabels(codes, text)
	);

	it('keeps the words the screens and the e2e specs look for', () => {
		expect(caseStateText('PRZYDZIELONA')).toBe('Przydzielona – oczekuje na zgodę');
		expect(consentKindText('pisemna')).toBe('Pisemna zgoda rodziny');
		expect(closureReasonText('INNY')).toBe('Inna (opis)');
		expect(staffRoleText('kierownik')).toBe('kierownik OPS');
		expect(parentalAuthorityText('')).toBe('nie dotyczy / nie ustalono');
		expect(familyFlagText('zaZyciem')).toBe('„Za życiem”');
	});
});

describe('[CO3] why an opinion was not marked sent (sync gives the code, state the words)', () => {
	it('[CO3] says the head must approve first, or that the date and method are missing', () => {
		expect(opinionSendRefusalText('needs-approval')).toMatch(/zatwierdzeniu/);
		expect(opinionSendRefusalText('invalid')).toMatch(/datę wysłania/);
		expect(opinionSendRefusalText('not-found')).toBe('Nie znaleziono tej opinii.');
	});
});

/** Each records enum with its label function: codes from the domain, words from the catalogue. */
const recordsEnums: CodeLabels[] = [
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
	it.each(recordsEnums)('%s: every code has a non-empty label of its own', (_name, codes, text) =>
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
