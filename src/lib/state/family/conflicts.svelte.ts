/**
 * [CF6][CF7] A family's open field conflicts, from `GET /api/families/<id>/conflicts` (zod-parsed),
 * read again whenever the server says they changed (notice `conflicts` on the open document), on
 * every reconnect and after an acknowledgement. The server decides what is a conflict (CF2), so
 * every device shows the same list; offline the last list stays.
 */
import { m } from '$lib/paraglide/messages.js';
import {
	ConflictList,
	conflictsOf,
	narrativesOf,
	type FieldConflict,
	type NarrativeConflict
} from '$lib/domain/conflicts';
import type { DocHandle } from '$lib/sync/connect';
import type { FamilyId } from '$lib/domain/ids';
import { fieldText, momentText } from '../labels/history-labels';
import { VisitNarrative } from '$lib/domain/visit';
import { visitNarrativeText } from '../labels/visit-labels';
import { narrativeText } from '../labels/assessment-labels';
import { opinionSectionText } from '../labels/court-labels';
import { opinionSections } from '$lib/domain/court';

export class ConflictsState {
	list = $state.raw<FieldConflict[]>([]);
	/** [NC2] Passages written offline into passages others changed meanwhile, unread. */
	narratives = $state.raw<NarrativeConflict[]>([]);
	error = $state<string | null>(null);
	#stop: (() => void) | null = null;

	constructor(readonly familyId: FamilyId) {}

	async load(): Promise<void> {
		try {
			const res = await fetch(`/api/families/${encodeURIComponent(this.familyId)}/conflicts`, {
				headers: { accept: 'application/json' }
			});
			if (!res.ok) {
				this.error = m.conflicts_load_failed();
				return;
			}
			const parsed = ConflictList.safeParse(await res.json().catch(() => null));
			this.list = parsed.success ? parsed.data.conflicts : this.list;
			this.narratives = parsed.success ? parsed.data.narratives : this.narratives;
			this.error = parsed.success ? null : m.conflicts_load_failed();
		} catch {
			// Offline: keep what was shown; the next reconnect reads again.
		}
	}

	/** Reads now, and again on each `conflicts` notice and reconnect of `handle`. */
	follow(handle: DocHandle): void {
		this.#stop?.();
		let lastSeq = -1;
		let connected = false;
		void this.load();
		this.#stop = handle.subscribe((s) => {
			if (s.conflictsSeq !== null && s.conflictsSeq !== lastSeq) {
				lastSeq = s.conflictsSeq;
				void this.load();
			}
			const now = s.connection === 'connected';
			if (now && !connected) void this.load();
			connected = now;
		});
	}

	destroy(): void {
		this.#stop?.();
		this.#stop = null;
	}

	/** Open conflicts of one record's field. */
	of(recordId: string | null, field: string): FieldConflict[] {
		return conflictsOf(this.list, recordId, field);
	}

	/** [NC2] Unread narrative conflicts of one record's field. */
	narrativesOf(recordId: string | null, field: string): NarrativeConflict[] {
		return narrativesOf(this.narratives, recordId, field);
	}

	/** Everything open: field conflicts and unread narrative ones. */
	get count(): number {
		return this.list.filter((c) => c.acknowledged === null).length + this.narratives.length;
	}

	/** Clears the marker for everyone; false with `error` set when the server refused. */
	async acknowledge(id: string): Promise<boolean> {
		try {
			const res = await fetch(`/api/conflicts/${encodeURIComponent(id)}/ack`, { method: 'POST' });
			if (!res.ok && res.status !== 409) {
				const body = (await res.json().catch(() => null)) as { error?: unknown } | null;
				this.error = m.conflicts_ack_failed({
					error: typeof body?.error === 'string' ? body.error : String(res.status)
				});
				return false;
			}
			this.list = this.list.filter((c) => c.id !== id);
			this.narratives = this.narratives.filter((c) => c.id !== id);
			this.error = null;
			return true;
		} catch {
			this.error = m.conflicts_offline();
			return false;
		}
	}
}

/** [CF8] The field a conflict concerns, in the words of the page it sits on. */
export function conflictFieldText(c: { root: string; field: string }): string {
	const narrative = VisitNarrative.safeParse(c.field);
	if (c.root === 'visits' && narrative.success) return visitNarrativeText(narrative.data);
	if (c.root === 'members' && c.field === 'address') return m.conflict_member_address();
	// [NC2] Narratives of assessments, the final assessment and court opinions.
	if (c.root === 'notes') return m.records_plan_notes();
	if (c.root === 'assessments') return narrativeText(c.field);
	if (c.root === 'finalAssessments')
		return c.field === 'recommendation' ? m.closure_final_recommendation() : narrativeText(c.field);
	const section = opinionSections.find((s) => s === c.field);
	if (c.root === 'opinions' && section) return opinionSectionText(section);
	const words: Record<string, () => string> = {
		address: m.case_family_address,
		workPlace: m.case_family_workplace,
		socialWorker: m.case_prof_social_worker,
		kurator: m.case_prof_kurator,
		coordinator: m.case_prof_coordinator,
		school: m.case_member_school,
		relation: m.case_member_relation
	};
	return words[c.field]?.() ?? fieldText(c.field);
}

/** "Anna A., 05.12.2026, 10:12" or "… czas nieznany" (a device clock years off). */
export function conflictValueBy(v: FieldConflict['values'][number]): string {
	const when =
		v.authoringUnknown || v.authoredAt === null
			? m.conflicts_when_unknown()
			: momentText(v.authoredAt);
	return m.conflicts_value_by({ name: v.userName, when });
}

/** A value as shown: the text itself, or "(puste)". */
export function conflictValueText(v: FieldConflict['values'][number]): string {
	return v.value === null || v.value === '' ? m.conflicts_empty_value() : String(v.value);
}
