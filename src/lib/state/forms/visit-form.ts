/**
 * The "Nowa wizyta" form's values and their validation against the Visit schema (VI2). Pure, so
 * it is tested without a browser. The form keeps what was typed whatever this returns.
 */
import { m } from '$lib/paraglide/messages.js';
import { Visit, VisitType } from '$lib/domain/visit';
import type { NewVisit } from '$lib/sync/visits-doc';
import { checkDate } from './date-bounds';
import { formCheck, issuesByField, type FormCheck } from './form-check';

/** What the form holds: strings as typed (dates ISO from `<input type="date">`). */
export interface VisitFormValues {
	date: string;
	start: string;
	end: string;
	place: string;
	type: string;
	present: string;
	/** [DU1] The art. 15 ust. 1 duties the visit served (codes of `DutyArea`). */
	duties?: string[];
}
export type VisitFormField = keyof VisitFormValues;
/** Polish messages per field. */
export type VisitFormErrors = Partial<Record<VisitFormField, string>>;

export type VisitFormResult = FormCheck<NewVisit, VisitFormErrors>;

/** Messages for what zod reports in terms a user can act on. */
const FIELD_MESSAGE: Record<VisitFormField, () => string> = {
	date: m.visits_err_date,
	start: m.visits_err_start,
	end: m.visits_err_end,
	place: m.visits_err_place,
	type: m.visits_err_type,
	present: m.visits_err_present,
	duties: m.law_visit_duties
};

/** A fresh form: today, a home visit, and where and with whom the last visit was. */
export function emptyVisitForm(
	today: string,
	last?: Pick<VisitFormValues, 'place' | 'type' | 'present'> | null
): VisitFormValues {
	return {
		date: today,
		start: '',
		end: '',
		place: last?.place ?? '',
		type: last?.type ?? 'wizyta_domowa',
		present: last?.present ?? ''
	};
}

/**
 * [VI2] Checks the form; on success the value is ready for `addVisit`. `badDate` is true when the
 * browser's date input holds something it cannot read (its `value` is then '').
 */
export function validateVisitForm(
	v: VisitFormValues,
	opts: { offline: boolean; badDate?: boolean; today?: string }
): VisitFormResult {
	const errors: VisitFormErrors = {};
	if (opts.badDate) errors.date = FIELD_MESSAGE.date();
	else if (v.date.trim() === '') errors.date = m.visits_err_date_missing();
	else if (opts.today && /^\d{4}-\d{2}-\d{2}$/.test(v.date.trim())) {
		// Bounds that fit a visit (issue 12): none in the future, none before the case could be.
		const fit = checkDate('visitDate', v.date.trim(), opts.today);
		if (fit.error) errors.date = fit.error;
	}
	const candidate = {
		id: 'nowa',
		date: v.date.trim(),
		start: v.start.trim(),
		end: v.end.trim(),
		place: v.place.trim(),
		type: v.type,
		present: v.present.trim(),
		// [DU1] stored only when ticked, so visits keep their old shape otherwise
		...((v.duties ?? []).length > 0 ? { duties: [...new Set(v.duties)] } : {}),
		safetyConcern: false,
		nextDate: '',
		offline: opts.offline
	};
	const parsed = Visit.safeParse(candidate);
	if (!parsed.success)
		issuesByField(parsed.error.issues, FIELD_MESSAGE, errors, (issue, f) =>
			// The end-before-start refinement has its own precise Polish message; a text too long
			// says its limit and how much was typed, since nothing is cut (issue 12).
			f === 'end' && issue.code === 'custom'
				? issue.message
				: issue.code === 'too_big' && typeof issue.maximum === 'number'
					? m.caseload_too_long({
							max: Number(issue.maximum),
							typed: String(candidate[f as keyof typeof candidate] ?? '').length
						})
					: FIELD_MESSAGE[f]()
		);
	return formCheck(errors, parsed, ({ id: _id, safetyConcern: _s, nextDate: _n, ...rest }) => ({
		...rest,
		type: VisitType.parse(rest.type)
	}));
}
