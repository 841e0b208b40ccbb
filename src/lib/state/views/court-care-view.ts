/** Polish lines of the court and foster-care events in the case log (CT, PC). */
import { m } from '$lib/paraglide/messages.js';
import type { CaseEvent, PlacementKind } from '$lib/domain/case-events';
import type { CourtOrderType } from '$lib/domain/court';

type CourtCareEvent = Extract<
	CaseEvent,
	{
		type:
			| 'postanowienie_sadu'
			| 'wniosek_sadu'
			| 'opinia_wyslana'
			| 'dziecko_w_pieczy'
			| 'powrot_dziecka';
	}
>;

const dayPl = (iso: string) => iso.split('-').reverse().join('.');

/** The kind of a court order, in Polish (a catalogue message selecting on the code). */
export function courtOrderTypePl(type: CourtOrderType): string {
	return m.court_order_type_label({ type });
}

export function placementPl(w: PlacementKind): string {
	return w === 'placowka' ? m.care_where_placowka() : m.care_where_rodzina_zastepcza();
}

/** One log line; `memberName` resolves a member id to a name from the core file, if known. */
export function describeCourtCareEvent(
	e: CourtCareEvent,
	memberName: (id: string) => string | null = () => null
): string {
	const who = (id: string) => {
		const n = memberName(id);
		return n ? `: ${n}` : '';
	};
	switch (e.type) {
		case 'postanowienie_sadu':
			return m.court_event_order({
				// [CT7] every obligation of the order
				type: [e.orderType, ...(e.alsoTypes ?? [])].map(courtOrderTypePl).join(' + '),
				date: dayPl(e.date)
			});
		case 'wniosek_sadu':
			return m.court_event_request({ due: dayPl(e.due) });
		case 'opinia_wyslana':
			return m.court_event_sent({ date: dayPl(e.sentOn) });
		case 'dziecko_w_pieczy':
			return m.care_event_placed({
				where: placementPl(e.where),
				name: who(e.memberId),
				date: dayPl(e.date)
			});
		case 'powrot_dziecka':
			return m.care_event_returned({ name: who(e.memberId), date: dayPl(e.date) });
	}
}
