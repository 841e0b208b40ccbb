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
 * The end every form of this tab shares: the schema's issues on the form's fields (`v` names
 * them) in the form's own words, first issue per field, a text too long saying its limit and how
 * much was typed (DB2); the form's own checks; then the record's date (unreadable as typed,
 * missing, outside its bounds); then the answer.
 */
function checked<T extends { id: string }, F extends string>(
	v: NoInfer<Record<F, unknown>> & { date: string },
	parsed: { success: true; data: T } | { success: false; error: { issues: readonly FieldIssue[] } },
	message: (field: F | 'date') => string,
	dateMissing: () => string,
	opts: { badDate?: boolean; today?: string },
	more: { values?: Partial<Record<F, unknown>>; check?: (errors: Errors<F>) => void } = {}
): Checked<Omit<T, 'id'>, F> {
	const errors: Errors<F> = parsed.success
		? {}
		: issuesByField<F>(parsed.error.issues, v, {}, (issue, f) =>
				fieldIssueMessage(issue, more.values?.[f], () => message(f))
			);
	more.check?.(errors);
	const dated = errors as Errors<'date'>;
	if (opts.badDate) dated.date = message('date');
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
	const message = (field: ContactFormField) => m.records_err_contact_field({ field });
	return checked(v, parsed, message, m.records_err_contact_date_missing, opts, { values: v });
}

// ---- Monitoring ----

export interface MonitoringFormValues {
	date: string;
	form: string;
	escalate: boolean;
}
export type MonitoringFormField = keyof MonitoringFormValues;
export type MonitoringFormErrors = Errors<MonitoringFormField>;

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
	const message = (field: MonitoringFormField) => m.records_err_monitoring_field({ field });
	return checked(v, parsed, message, m.records_err_contact_date_missing, opts);
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
	const message = (field: SafetyFormField) => m.records_err_safety_field({ field });
	return checked(v, parsed, message, m.records_err_event_date_missing, opts, {
		check: (errors) => {
			if (v.violence !== 'tak' && v.violence !== 'nie') errors.violence = message('violence');
		}
	});
}
