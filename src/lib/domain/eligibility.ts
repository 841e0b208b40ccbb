import { z } from 'zod';
import { IsoDate } from './iso-date.js';
import { m } from '../paraglide/messages.js';
import { dateBounds } from './date-bounds.js';
import { formatDatePl } from './dates.js';
import type { Result } from './result.js';

/**
 * [ST1] Who may be an assistant (art. 12 ust. 1 u.w.r.), as the head checked it in the staff
 * record: an education-or-experience path (pkt 1 lit. a–c), parental authority never taken,
 * suspended or limited (pkt 2), maintenance paid where an enforceable title says so (pkt 3), no
 * final conviction for an intentional offence (pkt 4), and the day the documents were checked.
 */
export const EligibilityPath = z.enum([
	/** lit. a: higher education in pedagogy, psychology, sociology, family studies, social work. */
	'a_kierunkowe',
	/** lit. b: any higher education plus training or postgraduate studies, and a year with families. */
	'b_wyzsze_szkolenie',
	/** lit. c: secondary education plus training, and three years' work with children or families. */
	'c_srednie_staz'
]);
export type EligibilityPath = z.infer<typeof EligibilityPath>;

export const Eligibility = z
	.object({
		path: EligibilityPath.nullable(),
		parentalAuthority: z.boolean(),
		maintenance: z.boolean(),
		noConviction: z.boolean(),
		checkedOn: IsoDate
	})
	.strict();
export type Eligibility = z.infer<typeof Eligibility>;

/** What is missing for art. 12 ust. 1; empty when the record shows an eligible assistant. */
export type EligibilityGap =
	'brak_sprawdzenia' | 'sciezka' | 'wladza_rodzicielska' | 'alimenty' | 'niekaralnosc';

/** [ST1] The gaps of a staff record's eligibility (none recorded: not checked at all). */
export function eligibilityGaps(e: Eligibility | null): EligibilityGap[] {
	if (!e) return ['brak_sprawdzenia'];
	const gaps: EligibilityGap[] = [];
	if (!e.path) gaps.push('sciezka');
	if (!e.parentalAuthority) gaps.push('wladza_rodzicielska');
	if (!e.maintenance) gaps.push('alimenty');
	if (!e.noConviction) gaps.push('niekaralnosc');
	return gaps;
}

/**
 * [ST1] A record the head sends: the check date is a real day, not in the future (a check not yet
 * made is no check) nor more than fifteen years back (DB1 window `eligibilityCheckedOn`), with a
 * Polish message naming the article.
 */
export function checkEligibility(
	body: unknown,
	today: string
): Result<{ value: Eligibility }, { error: string }> {
	const p = Eligibility.safeParse(body);
	if (!p.success) return { ok: false, error: m.law_st1_invalid() };
	if (p.data.checkedOn > today) return { ok: false, error: m.law_st1_future() };
	// A check before the act's art. 12 was in force, or decades back, is no check of this record.
	const { min } = dateBounds('eligibilityCheckedOn', today);
	if (p.data.checkedOn < min)
		return { ok: false, error: m.law3_st1_too_old({ min: formatDatePl(min) }) };
	return { ok: true, value: p.data };
}

/** Reads a stored JSON value leniently: anything unreadable is no record (shown as unchecked). */
export function readEligibility(raw: string | null): Eligibility | null {
	if (!raw) return null;
	try {
		const p = Eligibility.safeParse(JSON.parse(raw));
		return p.success ? p.data : null;
	} catch {
		return null;
	}
}
