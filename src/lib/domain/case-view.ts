/**
 * [CE1]–[CE3], [CE9] The case as its log says it is: the reduction of the events (case-events.ts)
 * in their merged order into the state, consent, agreed plan, court orders and children in care.
 */
import { type CaseState, exitOf } from './case-state.js';
import type { CourtOrderType } from './court.js';
import type {
	CaseEvent,
	ClosureReason,
	ConsentKind,
	FinalAssessmentRef,
	PlacementKind
} from './case-events.js';

/** What the log says about a case. */
export interface CaseView {
	state: CaseState;
	/** Consent in force (the latest recorded, unless withdrawn since). */
	consent: { kind: ConsentKind; date: string } | null;
	closure: {
		reasonCode: ClosureReason;
		finalAssessment: string;
		finalAssessmentRef: FinalAssessmentRef | null;
	} | null;
	/** The latest agreed plan version, if any, and whether the social worker consulted it. */
	agreedPlan: {
		version: number;
		planHash: string;
		plan: unknown;
		at: string;
		agreedBy: string[];
		/** [G4] How it was agreed; a refusal with its reason counts and is printed. */
		method: 'ekran' | 'skan' | 'odmowa';
		refusalReason: string;
	} | null;
	consultedVersions: number[];
	/** Transitions that did not start from the state they claimed: kept, shown to the head. */
	conflicts: Extract<CaseEvent, { type: 'przejscie' | 'przyjecie' }>[];
	/** When each state was last entered (device time). */
	enteredAt: Partial<Record<CaseState, string>>;
	// Court and foster care (CT, PC):
	/** [CT3] A court obligation (art. 109 § 2 pkt 1 KRiO) has been recorded. */
	courtObligation: boolean;
	/** Court orders as the core log knows them: ids, types and dates only. */
	courtOrders: { orderId: string; orderType: CourtOrderType; date: string }[];
	/** [PC2] Children (member ids) in foster care now, in order of placement. */
	childrenInCare: { memberId: string; where: PlacementKind; since: string }[];
	/**
	 * [CE9] The date of the withdrawal of consent that ended active work (CE3), while the case is
	 * still ended by it: the worker is asked to consider informing the court.
	 */
	endedByWithdrawal?: string;
}

const ACTIVE: CaseState[] = ['NAWIAZANIE', 'PLAN', 'REALIZACJA', 'ZAWIESZONA'];

/** A case in `state` with nothing yet recorded: no consent, plan, orders or conflicts. */
export function emptyCaseView(state: CaseState): CaseView {
	return {
		state,
		consent: null,
		closure: null,
		agreedPlan: null,
		consultedVersions: [],
		conflicts: [],
		enteredAt: {},
		courtObligation: false,
		courtOrders: [],
		childrenInCare: []
	};
}

/**
 * [CE1] Folds the log, in order, into the case's current view. A transition applies only from
 * the state it names and only along an exit of the lifecycle; otherwise it is a conflict.
 * [CE3] Withdrawal of consent ends active work (→ ZAKONCZENIE) unless the consent was an
 * exemption (a court obligation keeps the case open).
 */
export function reduceCase(
	events: readonly CaseEvent[],
	initial: CaseState = 'ZGLOSZENIE'
): CaseView {
	const view = emptyCaseView(initial);
	for (const [i, e] of events.entries()) {
		switch (e.type) {
			case 'przyjecie':
				// [CE5] A later intake would rewrite history: kept, flagged, never applied.
				if (i === 0 && view.state === initial) {
					view.state = e.to;
					view.enteredAt[e.to] = e.at;
				} else view.conflicts.push(e);
				break;
			case 'przejscie':
				if (e.from === view.state && exitOf(e.from, e.to)) {
					view.state = e.to;
					view.enteredAt[e.to] = e.at;
					if (e.to !== 'ZAKONCZENIE') delete view.endedByWithdrawal;
				} else view.conflicts.push(e);
				break;
			case 'zgoda':
				// [G3] Oral consent counts only with its note (how and before whom it was given).
				if (e.kind === 'ustna' && (e.note ?? '').trim() === '') break;
				view.consent = { kind: e.kind, date: e.date };
				break;
			case 'wycofanie_zgody': {
				const exempt =
					view.consent?.kind === 'zwolnienie_sad' ||
					view.consent?.kind === 'zwolnienie_art11_1a' ||
					view.courtObligation;
				if (exempt) break;
				view.consent = null;
				if (ACTIVE.includes(view.state)) {
					view.state = 'ZAKONCZENIE';
					view.enteredAt.ZAKONCZENIE = e.at;
					view.endedByWithdrawal = e.date;
				}
				break;
			}
			case 'plan_uzgodniony':
				// [G4] A refusal to sign with its reason records the version as much as signatures do
				// (domain.md G4): a court-obliged family that refuses still gets a plan in force.
				if (e.method === 'odmowa' && e.refusalReason.trim() === '') break;
				if ((view.agreedPlan?.version ?? 0) < e.version)
					view.agreedPlan = {
						version: e.version,
						planHash: e.planHash,
						plan: e.plan,
						at: e.at,
						agreedBy: e.agreedBy,
						method: e.method,
						refusalReason: e.refusalReason
					};
				break;
			case 'konsultacja_ps':
				if (!view.consultedVersions.includes(e.version)) view.consultedVersions.push(e.version);
				break;
			case 'zakonczenie':
				view.closure = {
					reasonCode: e.reasonCode,
					finalAssessment: e.finalAssessment,
					finalAssessmentRef: e.finalAssessmentRef ?? null
				};
				break;
			// ── Court and foster care (CT, PC) ──
			case 'postanowienie_sadu': {
				view.courtOrders.push({ orderId: e.orderId, orderType: e.orderType, date: e.date });
				// [CT7] One order may combine obligations: each of them applies.
				const types = [e.orderType, ...(e.alsoTypes ?? [])];
				// [CT3] An obligation is the exemption basis of G3 (art. 8 ust. 3), as `zwolnienie_sad`.
				if (types.includes('zobowiazanie')) {
					view.courtObligation = true;
					view.consent = { kind: 'zwolnienie_sad', date: e.date };
				}
				// [CT6] A lifted obligation no longer exempts from consent: work goes on only with the
				// family's consent (a written one recorded meanwhile stays in force).
				if (types.includes('uchylenie_zobowiazania')) {
					view.courtObligation = false;
					if (view.consent?.kind === 'zwolnienie_sad') view.consent = null;
				}
				break;
			}
			case 'wniosek_sadu':
			case 'opinia_wyslana':
				// [CT4] Shown in the log; the opinion itself lives in the court compartment.
				break;
			case 'dziecko_w_pieczy': {
				// [PC2] A second placement of a child in care updates where, never duplicates.
				const rest = view.childrenInCare.filter((c) => c.memberId !== e.memberId);
				view.childrenInCare = [...rest, { memberId: e.memberId, where: e.where, since: e.date }];
				break;
			}
			case 'powrot_dziecka':
				view.childrenInCare = view.childrenInCare.filter((c) => c.memberId !== e.memberId);
				break;
			case 'zmiana_asystenta':
				// [CE10] Shown in the log and the assistant history; the assignment lives on the server.
				break;
		}
	}
	return view;
}

/**
 * [CE9] Whether withdrawing consent now would end active work (CE3): the consent form asks the
 * worker to confirm and to consider informing the court. Never a block.
 */
export function withdrawalEndsWork(view: CaseView): boolean {
	const exempt =
		view.consent?.kind === 'zwolnienie_sad' ||
		view.consent?.kind === 'zwolnienie_art11_1a' ||
		view.courtObligation;
	return !exempt && view.consent !== null && ACTIVE.includes(view.state);
}
