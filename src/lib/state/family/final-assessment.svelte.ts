/**
 * [ZK1] Final assessments (ocena końcowa) of one family over its open assessments document:
 * `current` is a parsed snapshot and `hashes` their SHA-256 as they stand (ZK2), both refreshed
 * after every transaction; writes are named commands; narratives mount through `richText`.
 */
import type { Action as SvelteAction } from 'svelte/action';
import * as finalDoc from '$lib/sync/final-assessment-doc';
import { GoalProgress } from '$lib/domain/assessment';
import { FinalAssessment, type MonitoringFrequency } from '$lib/domain/final-assessment';
import type { InvalidItem } from '$lib/domain/invalid-item';
import { m } from '$lib/paraglide/messages.js';
import { todayInPoland } from '$lib/domain/dates';
import { checkDate } from '../forms/date-bounds';
import { recordRichText, type RecordTextRef } from '../records/record-rich-text';
import { RecordsState, type RecordsOpen } from '../records/records-state';

/** Conflicts are passages merged into others' unseen changes [NC2]. */
export class FinalAssessmentsState extends RecordsState<{
	finals: FinalAssessment[];
	invalid: InvalidItem[];
}> {
	/** SHA-256 per final assessment id, as this device holds it now. */
	hashes = $state.raw<Record<string, string>>({});
	readonly richText: SvelteAction<HTMLElement, RecordTextRef>;
	#generation = 0;
	readonly #stopHashing: () => void;
	/** Hashes the snapshot `current` holds (the base refreshed it first: it observes first). */
	#hash = () => {
		const gen = ++this.#generation;
		const ids = this.current.finals.map((f) => f.id);
		const hashing = this.handle.read((doc) =>
			Promise.all(ids.map((id) => finalDoc.finalAssessmentHash(doc, id)))
		);
		void hashing.then((hs) => {
			// Only the newest computation may land: an older one would show a stale hash.
			if (gen !== this.#generation) return;
			const out: Record<string, string> = {};
			ids.forEach((id, i) => {
				const h = hs[i];
				if (h) out[id] = h;
			});
			this.hashes = out;
		});
	};

	constructor(...open: RecordsOpen) {
		super(open, finalDoc.readFinalAssessments);
		this.richText = recordRichText(this.handle, this.me, this.canEdit, (doc, id, field) =>
			finalDoc.finalAssessmentFragment(
				doc,
				id,
				field as Parameters<typeof finalDoc.finalAssessmentFragment>[2]
			)
		);
		this.#hash();
		this.#stopHashing = this.handle.observe(this.#hash);
	}

	override destroy(): void {
		super.destroy();
		this.#stopHashing();
	}

	/** Starts a final assessment dated `date` with no goal assessed yet; null without rights. */
	create(date: string): string | null {
		if (!this.canEdit) return null;
		return this.handle.transact((doc) =>
			finalDoc.addFinalAssessment(doc, {
				date,
				goals: {},
				monitoringUntil: '',
				monitoringFrequency: 'brak',
				recipients: []
			})
		);
	}

	/** Sets one goal's summary; the record is re-validated before anything is written. */
	setGoal(id: string, goalId: string, progress: string): void {
		const a = this.current.finals.find((f) => f.id === id);
		if (!a || !this.canEdit) return;
		const goals = { ...a.goals };
		const p = GoalProgress.safeParse(progress);
		// Anything but a progress code ('' in the form) means: not assessed.
		if (p.success) goals[goalId] = p.data;
		else delete goals[goalId];
		this.handle.transact((doc) => finalDoc.setFinalAssessmentField(doc, id, 'goals', goals));
	}

	/**
	 * Sets the monitoring plan together (its two fields depend on each other). Returns a Polish
	 * message when it does not validate; nothing is then written.
	 */
	setMonitoring(id: string, until: string, frequency: MonitoringFrequency): string | null {
		if (!this.canEdit) return m.closure_no_rights();
		const a = this.current.finals.find((f) => f.id === id);
		if (!a) return m.closure_not_found();
		const checked = FinalAssessment.safeParse({
			...a,
			monitoringUntil: until,
			monitoringFrequency: frequency
		});
		if (!checked.success)
			return frequency !== 'brak' && until === ''
				? m.closure_monitoring_invalid_until()
				: m.closure_monitoring_invalid_date();
		// [DB1] Monitoring runs from now on, for at most two years.
		const fit = checkDate('monitoringUntil', until, todayInPoland());
		if (fit.error) return fit.error;
		// Written in the order in which every intermediate record is valid too (two transactions).
		const setFrequency = () =>
			this.handle.transact((doc) =>
				finalDoc.setFinalAssessmentField(doc, id, 'monitoringFrequency', frequency)
			);
		const setUntil = () =>
			this.handle.transact((doc) =>
				finalDoc.setFinalAssessmentField(doc, id, 'monitoringUntil', until)
			);
		if (frequency === 'brak') {
			setFrequency();
			setUntil();
		} else {
			setUntil();
			setFrequency();
		}
		return null;
	}

	/** [ZK2] The SHA-256 of a final assessment as it stands now, or null when it is gone. */
	hashOf(id: string): Promise<string | null> {
		return this.handle.read((doc) => finalDoc.finalAssessmentHash(doc, id));
	}

	/**
	 * Sets the recipients from a comma-separated list. [DB2] More recipients, or a longer name,
	 * than the record takes is refused with the limit (never cut); nothing is then written.
	 */
	setRecipients(id: string, text: string): string | null {
		if (!this.canEdit) return m.closure_no_rights();
		const list = text
			.split(',')
			.map((s) => s.trim())
			.filter((s) => s !== '');
		const checked = FinalAssessment.shape.recipients.safeParse(list);
		if (!checked.success) {
			const issue = checked.error.issues[0];
			const max = issue.code === 'too_big' ? Number(issue.maximum) : null;
			const at = issue.path[0];
			if (max !== null && typeof at === 'number')
				return m.caseload_too_long({ max, typed: list[at].length });
			if (max !== null) return m.caseload_too_many({ max, typed: list.length });
			return m.caseload_recipients_invalid();
		}
		this.handle.transact((doc) => finalDoc.setFinalAssessmentField(doc, id, 'recipients', list));
		return null;
	}
}
