/**
 * The forms of the "Kontakty i bezpieczeństwo" tab: values as typed and their validation against
 * the domain schemas, with Polish messages. Pure, so tested without a browser; the forms keep what
 * was typed whatever these return.
 */
import { Contact, MonitoringContact, SafetyAction, SafetyConcern } from '$lib/domain/safety';
import type { NewContact, NewMonitoringContact } from '$lib/sync/contacts-doc';
import type { NewSafetyConcern } from '$lib/sync/safety-doc';
import { m } from '$lib/paraglide/messages.js';
import { todayInPoland } from '$lib/domain/dates';
import { checkFormDates, fieldIssueMessage } from './date-bounds';
import { formCheck, issuesByField, withoutId, type FieldIssue, type FormCheck } from './form-check';

export type ContactPurpose = Contact['purpose'];
export type MonitoringForm = MonitoringContact['form'];

type Errors<F extends string> = Partial<Record<F, string>>;
type Checked<V, F extends string> = FormCheck<V, Errors<F>>;

/**
 * Maps zod issues to the form's own messages, first issue per field; a text too long says its
 * limit and how much was typed (DB2).
 */
function collect<F extends string>(
	issues: readonly FieldIssue[],
	messages: Record<F, () => string>,
	values: Partial<Record<F, unknown>> = {}
): Errors<F> {
	return issuesByField(issues, messages, {}, (issue, f) =>
		fieldIssueMessage(issue, values[f], messages[f])
	);
}

/**
 * The end every form of this tab shares: the schema's messages by field, the form's own checks,
 * then the record's date (unreadable as typed, missing, outside its bounds), then the answer.
 */
function checked<T extends { id: string }, F extends string>(
	v: { date: string },
	parsed: { success: true; data: T } | { success: false; error: { issues: readonly FieldIssue[] } },
	messages: Record<F, () => string> & { date: () => string },
	dateMissing: () => string,
	opts: { badDate?: boolean; today?: string },
	more: { values?: Partial<Record<F, unknown>>; check?: (errors: Errors<F>) => void } = {}
): Checked<Omit<T, 'id'>, F> {
	const errors: Errors<F> = parsed.success
		? {}
		: collect(parsed.error.issues, messages, more.values);
	more.check?.(errors);
	const dated = errors as Errors<'date'>;
	if (opts.badDate) dated.date = messages.date();
	else if (v.date.trim() === '') dated.date = dateMissing();
	checkFormDates<'date'>(v, { date: 'contactDate' }, dated, opts.today ?? todayInPoland());
	return formCheck(errors, parsed, withoutId);
}

// ---- Kontakt z instytucją ----

export interface ContactFormValues {
	date: string;
	institution: string;
	person: string;
	purpose: string;
	letterRef: string;
}
export type ContactFormField = keyof ContactFormValues;
export type ContactFormErrors = Errors<ContactFormField>;

const CONTACT_MESSAGE: Record<ContactFormField, () => string> = {
	date: m.records_err_contact_date,
	institution: m.records_err_institution,
	person: m.records_err_person,
	purpose: m.records_err_purpose,
	letterRef: m.records_err_letter_ref
};

export function emptyContactForm(today: string): ContactFormValues {
	return { date: today, institution: '', person: '', purpose: 'wspolpraca', letterRef: '' };
}

/** [KI2] Checks the contact form; on success the value is ready for `addContact`. */
export function validateContactForm(
	v: ContactFormValues,
	opts: { badDate?: boolean; today?: string } = {}
): Checked<NewContact, ContactFormField> {
	const parsed = Contact.safeParse({
		id: 'nowy',
		date: v.date.trim(),
		institution: v.institution.trim(),
		person: v.person.trim(),
		purpose: v.purpose,
		letterRef: v.letterRef.trim()
	});
	return checked(v, parsed, CONTACT_MESSAGE, m.records_err_contact_date_missing, opts, {
		values: v
	});
}

// ---- Monitoring ----

export interface MonitoringFormValues {
	date: string;
	form: string;
	escalate: boolean;
}
export type MonitoringFormField = keyof MonitoringFormValues;
export type MonitoringFormErrors = Errors<MonitoringFormField>;

const MONITORING_MESSAGE: Record<MonitoringFormField, () => string> = {
	date: m.records_err_contact_date,
	form: m.records_err_monitoring_form,
	escalate: m.records_err_escalate
};

export function emptyMonitoringForm(today: string): MonitoringFormValues {
	return { date: today, form: 'wizyta', escalate: false };
}

/** [KI3] Checks the monitoring form. */
export function validateMonitoringForm(
	v: MonitoringFormValues,
	opts: { badDate?: boolean; today?: string } = {}
): Checked<NewMonitoringContact, MonitoringFormField> {
	const parsed = MonitoringContact.safeParse({
		id: 'nowy',
		date: v.date.trim(),
		form: v.form,
		escalate: v.escalate
	});
	return checked(v, parsed, MONITORING_MESSAGE, m.records_err_contact_date_missing, opts);
}

// ---- Zagrożenie / interwencja ----

export interface SafetyFormValues {
	/** The first question: '' until answered. */
	violence: '' | 'tak' | 'nie';
	date: string;
	time: string;
	actions: string[];
	/** [ZG2] Set when the form records the intervention that followed a concern. */
	interventionFor?: string;
}
export type SafetyFormField = Exclude<keyof SafetyFormValues, 'interventionFor'>;
export type SafetyFormErrors = Errors<SafetyFormField>;

const SAFETY_MESSAGE: Record<SafetyFormField, () => string> = {
	violence: m.records_err_violence,
	date: m.records_err_event_date,
	time: m.records_err_event_time,
	actions: m.records_err_actions
};

export function emptySafetyForm(today: string): SafetyFormValues {
	return { violence: '', date: today, time: '', actions: [] };
}

/** [SA3] Checks the safety form: the violence question must be answered before anything else. */
export function validateSafetyForm(
	v: SafetyFormValues,
	opts: { badDate?: boolean; today?: string } = {}
): Checked<NewSafetyConcern, SafetyFormField> {
	const parsed = SafetyConcern.safeParse({
		id: 'nowy',
		date: v.date.trim(),
		time: v.time.trim(),
		actions: SafetyAction.options.filter((a) => v.actions.includes(a)),
		violenceRelated: v.violence === 'tak',
		kind: v.interventionFor ? 'interwencja' : 'zagrozenie',
		concernId: v.interventionFor ?? ''
	});
	return checked(v, parsed, SAFETY_MESSAGE, m.records_err_event_date_missing, opts, {
		check: (errors) => {
			if (v.violence !== 'tak' && v.violence !== 'nie') errors.violence = SAFETY_MESSAGE.violence();
		}
	});
}
