/** Pure helpers shaping the case log for display: device time stamps, Polish dates, summaries. */
import type { CaseEvent } from '$lib/domain/case-events';
import { StaffRole } from '$lib/domain/roles';
import { m } from '$lib/paraglide/messages.js';
import {
	caseStateText,
	closureReasonText,
	consentKindText,
	intakeBasisText,
	staffRoleText
} from '../labels/case-labels';
import { describeCourtCareEvent } from './court-care-view';

/** The device's local time with its UTC offset, so the log keeps the time the user saw. */
export function deviceTimestamp(now = new Date()): string {
	const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
	const off = -now.getTimezoneOffset();
	const sign = off >= 0 ? '+' : '-';
	return (
		`${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}` +
		`T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}` +
		`${sign}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`
	);
}

/** `YYYY-MM-DD…` as dd.mm.rrrr; anything else unchanged (shown raw, never hidden). */
export function datePl(iso: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
	return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** A device time stamp as recorded: its own date and hh:mm, not converted to this device. */
export function dateTimePl(at: string): string {
	const t = /T(\d{2}):(\d{2})/.exec(at);
	return t ? `${datePl(at)}, ${t[1]}:${t[2]}` : datePl(at);
}

/** Who recorded an event: name (if the device knew it) and role. */
export function actorPl(e: Pick<CaseEvent, 'actorName' | 'actorRole'>): string {
	const role = StaffRole.safeParse(e.actorRole);
	const roleText = role.success ? staffRoleText(role.data) : e.actorRole;
	return e.actorName ? `${e.actorName} (${roleText})` : roleText;
}

/** One line saying what an event records; `memberName` names a family member by id. */
export function describeEvent(
	e: CaseEvent,
	memberName: (id: string) => string | null = () => null
): string {
	switch (e.type) {
		case 'przyjecie':
			return (
				m.case_event_intake({
					state: caseStateText(e.to),
					pomost: e.refs.pomostId ? m.case_event_intake_pomost({ id: e.refs.pomostId }) : ''
				}) +
				(e.refs.basis
					? ` ${m.law_intake_basis_event({ basis: intakeBasisText(e.refs.basis) })}`
					: '')
			);
		case 'przejscie':
			return `${caseStateText(e.from)} → ${caseStateText(e.to)}${e.reason ? ` — ${e.reason}` : ''}`;
		case 'zgoda':
			return m.case_event_consent({
				kind: consentKindText(e.kind),
				date: datePl(e.date),
				signatories:
					(e.signatories.length ? ` (${e.signatories.join(', ')})` : '') +
					// [G3] oral consent: its note says how it was given
					(e.note ? ` — ${e.note}` : '')
			});
		case 'wycofanie_zgody':
			return m.case_event_consent_withdrawn({ date: datePl(e.date) });
		case 'plan_uzgodniony':
			return e.method === 'odmowa'
				? m.case_event_plan_refused({ version: e.version, reason: e.refusalReason })
				: m.case_event_plan_agreed({ version: e.version, names: e.agreedBy.join(', ') });
		case 'konsultacja_ps':
			return m.case_event_consultation({
				version: e.version,
				remarks: e.remarks ? `: ${e.remarks}` : ''
			});
		case 'zakonczenie':
			return m.case_event_closure({
				reason: closureReasonText(e.reasonCode),
				text: e.reasonText ? ` — ${e.reasonText}` : '',
				ref: e.finalAssessmentRef
					? m.closure_event_ref({ hash: e.finalAssessmentRef.hash.slice(0, 12) })
					: ''
			});
		// Safety (ZG1): the event says only that a concern was recorded, and when.
		case 'zagrozenie':
			return m.safety_event_line({ date: datePl(e.date) });
		// Court and foster care (CT, PC):
		case 'postanowienie_sadu':
		case 'wniosek_sadu':
		case 'opinia_wyslana':
		case 'dziecko_w_pieczy':
		case 'powrot_dziecka':
			return describeCourtCareEvent(e, memberName);
		// [CE10] who, from when, why
		case 'zmiana_asystenta':
			return m.law_change_event({
				from: e.fromName || '—',
				to: e.toName,
				since: datePl(e.since),
				reason: e.reason
			});
	}
}

const warsaw = new Intl.DateTimeFormat('pl-PL', {
	timeZone: 'Europe/Warsaw',
	day: '2-digit',
	month: '2-digit',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit'
});

/** A server timestamp (ms) as Polish wall-clock time, `dd.mm.rrrr, gg:mm`. */
export function serverTimePl(ms: number): string {
	return warsaw.format(ms);
}
