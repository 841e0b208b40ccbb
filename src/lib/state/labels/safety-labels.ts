/**
 * Polish labels of the contacts and safety codes: one catalogue message per code list, selecting
 * on the code; the domain keeps the codes (and their order, the order the forms offer them).
 */
import { m } from '$lib/paraglide/messages.js';
import { Contact, MonitoringContact, type SafetyAction } from '$lib/domain/safety';
import type { z } from 'zod';

type Action = z.infer<typeof SafetyAction>;
type Purpose = Contact['purpose'];
type Form = MonitoringContact['form'];

export const safetyActionText = (action: Action): string =>
	m.records_safety_action_label({ action });
export const contactPurposeText = (purpose: Purpose): string =>
	m.records_contact_purpose_label({ purpose });
export const monitoringFormText = (form: Form): string => m.records_monitoring_form_label({ form });
/** The codes in the order the forms offer them. */
export const contactPurposes: readonly Purpose[] = Contact.shape.purpose.options;
export const monitoringForms: readonly Form[] = MonitoringContact.shape.form.options;
