/** Polish labels of the contacts and safety codes; the domain keeps the codes, the catalogue the words. */
import { m } from '$lib/paraglide/messages.js';
import type { Contact, MonitoringContact, SafetyAction } from '$lib/domain/safety';
import type { z } from 'zod';

type Action = z.infer<typeof SafetyAction>;
type Purpose = Contact['purpose'];
type Form = MonitoringContact['form'];

const safetyAction: Record<Action, () => string> = {
	pracownik_socjalny: m.records_safety_action_pracownik_socjalny,
	policja: m.records_safety_action_policja,
	niebieska_karta: m.records_safety_action_niebieska_karta,
	pomoc_medyczna: m.records_safety_action_pomoc_medyczna,
	sad: m.records_safety_action_sad,
	odebranie_dziecka: m.records_safety_action_odebranie_dziecka
};

const contactPurpose: Record<Purpose, () => string> = {
	wspolpraca: m.records_contact_purpose_wspolpraca,
	wniosek_o_informacje: m.records_contact_purpose_wniosek_o_informacje,
	towarzyszenie: m.records_contact_purpose_towarzyszenie,
	inne: m.records_contact_purpose_inne
};

const monitoringForm: Record<Form, () => string> = {
	wizyta: m.records_monitoring_form_wizyta,
	telefon: m.records_monitoring_form_telefon,
	informacja_instytucji: m.records_monitoring_form_informacja_instytucji
};

export const safetyActionText = (a: Action): string => safetyAction[a]();
export const contactPurposeText = (p: Purpose): string => contactPurpose[p]();
export const monitoringFormText = (f: Form): string => monitoringForm[f]();
/** The codes in the order the forms offer them. */
export const contactPurposes = Object.keys(contactPurpose) as Purpose[];
export const monitoringForms = Object.keys(monitoringForm) as Form[];
