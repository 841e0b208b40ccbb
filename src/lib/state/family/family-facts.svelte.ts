/**
 * What one family's open documents say, for the "Terminy" tray and "Moje rodziny": the plan, the
 * case view from the core document's event log and the visits, each re-read after every
 * transaction of its document, and the deadlines computed from them on the device.
 */
import type { DocHandle } from '$lib/sync/connect';
import { readCore } from '$lib/sync/core-doc';
import { readPlan } from '$lib/sync/plan-doc';
import { readVisits } from '$lib/sync/visits-doc';
import { lastAssessmentDate, readAssessments } from '$lib/sync/assessments-doc';
import { courtRequestsOf, readOpinions } from '$lib/sync/court-doc';
import { readNk } from '$lib/sync/nk-doc';
import { assessmentsNotPassed } from '$lib/domain/assessment';
import type { NkRecord } from '$lib/domain/niebieska-karta';
import type { CaseView } from '$lib/domain/case-view';
import { todayInPoland, type HolidayCalendar } from '$lib/domain/dates';
import type { CourtRequest, Termin } from '$lib/domain/deadlines';
import type { Visit } from '$lib/domain/visit';
import type { WorkPlan } from '$lib/domain/work-plan';
import { familyTerminy } from '../views/terminy-view';
import { orgSettings } from '../api/org-settings.svelte';

/**
 * Polish public holidays, loaded on first use: the calendar library carries every country's
 * rules (about 1.5 MB), so it is a chunk of its own, precached like the rest, off the start page.
 */
class HolidayCalendarState {
	isHoliday = $state.raw<HolidayCalendar>(() => false);
	#asked = false;

	load(): void {
		if (this.#asked) return;
		this.#asked = true;
		import('$lib/calendar/polish-holidays').then(
			(m) => (this.isHoliday = m.isPolishHoliday),
			() => (this.#asked = false)
		);
	}
}

/** The shared holiday calendar. */
export const holidays = new HolidayCalendarState();

export type FactDoc = 'plan' | 'core' | 'visits' | 'assessments' | 'court' | 'violence';

export class FamilyFacts {
	plan = $state.raw<WorkPlan | null>(null);
	caseView = $state.raw<CaseView | null>(null);
	visits = $state.raw<readonly Visit[] | null>(null);
	lastAssessment = $state.raw<string | null>(null);
	courtRequests = $state.raw<readonly CourtRequest[] | null>(null);
	/** [NK1] Niebieska Karta procedures, held only by the diagnostic group's devices. */
	nk = $state.raw<readonly NkRecord[] | null>(null);
	/** [NK2] The violence compartment is held write-only: only the hand-over is due here. */
	nkHandOverOnly = $state(false);
	/** [AS4] Periodic assessments not yet passed to the employer. */
	assessmentsToPass = $state.raw<readonly { id: string; date: string }[] | null>(null);
	/** Which documents are attached (the others are not granted or not opened yet). */
	attached = $state.raw<readonly FactDoc[]>([]);
	/** Deadlines from what is attached, soonest first. */
	terminy: Termin[] = $derived.by(() =>
		familyTerminy(
			{
				plan: this.plan,
				caseView: this.caseView,
				visits: this.visits,
				lastAssessment: this.lastAssessment,
				courtRequests: this.courtRequests,
				nk: this.nk,
				nkHandOverOnly: this.nkHandOverOnly,
				assessmentsToPass: this.assessmentsToPass
			},
			{ today: todayInPoland(), settings: orgSettings.current, isHoliday: holidays.isHoliday }
		)
	);
	#detach: (() => void)[] = [];

	constructor() {
		holidays.load();
	}

	/** Follows one document; attaching the same kind twice is ignored. */
	attach(kind: FactDoc, handle: DocHandle, role?: string): void {
		if (this.attached.includes(kind)) return;
		if (kind === 'violence') this.nkHandOverOnly = role === 'submit';
		let onDevice = false;
		const read = () => {
			// [SY7] An empty copy the server's state has not reached yet says nothing about the
			// family (it would read as stage "Zgłoszenie" and no deadlines): keep the unknowns.
			if (!handle.status.onDevice) return;
			handle.read((doc) => {
				if (kind === 'plan') this.plan = readPlan(doc);
				else if (kind === 'core') this.caseView = readCore(doc).caseView;
				else if (kind === 'visits') this.visits = readVisits(doc).visits;
				else if (kind === 'assessments') {
					const { assessments } = readAssessments(doc);
					this.lastAssessment = lastAssessmentDate(assessments);
					this.assessmentsToPass = assessmentsNotPassed(assessments);
				} else if (kind === 'violence') this.nk = readNk(doc).procedures;
				else this.courtRequests = courtRequestsOf(readOpinions(doc).opinions);
			});
		};
		read();
		onDevice = handle.status.onDevice;
		const stopObserving = handle.observe(read);
		// The server's state is applied before y-websocket reports `sync`: read again then.
		const unsubscribe = handle.subscribe((s) => {
			if (s.onDevice && !onDevice) {
				onDevice = true;
				read();
			}
		});
		this.#detach.push(() => {
			stopObserving();
			unsubscribe();
		});
		this.attached = [...this.attached, kind];
	}

	/** Stops following every document. */
	destroy(): void {
		for (const off of this.#detach) off();
		this.#detach = [];
		this.attached = [];
	}
}
