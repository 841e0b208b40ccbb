/** Polish words for the history view: parts of sections, kinds of change, common field names. */
import { m } from '$lib/paraglide/messages.js';
import { StaffRole } from '$lib/domain/roles';
import { staffRoleText } from './case-labels';
import type { Change } from '../api/history.svelte';

const part: Record<string, () => string> = {
	goals: m.history_part_goals,
	actions: m.history_part_actions,
	notes: m.history_part_notes,
	coordination: m.history_part_coordination,
	family: m.history_part_family,
	members: m.history_part_members,
	caseEvents: m.history_part_case_events,
	contacts: m.history_part_contacts,
	monitoring: m.history_part_monitoring,
	visits: m.history_part_visits,
	safety: m.history_part_safety,
	assessments: m.history_part_assessments,
	finalAssessments: m.history_part_final_assessments,
	opinions: m.history_part_opinions,
	orders: m.history_part_orders
};

const field: Record<string, () => string> = {
	description: m.history_field_description,
	responsible: m.history_field_responsible,
	deadline: m.history_field_deadline,
	expectedEffect: m.history_field_expected_effect,
	status: m.history_field_status,
	doneDate: m.history_field_done_date,
	title: m.history_field_title,
	kind: m.history_field_kind,
	goalId: m.history_field_goal,
	notes: m.history_field_notes,
	date: m.history_field_date,
	name: m.history_field_name
};

const kind: Record<Change['kind'], () => string> = {
	added: m.history_kind_added,
	removed: m.history_kind_removed,
	changed: m.history_kind_changed
};

export const partText = (p: string): string => part[p]?.() ?? p;
export const fieldText = (f: string): string => field[f]?.() ?? f;
export const changeKindText = (k: Change['kind']): string => kind[k]();
export const personRoleText = (role: string | null): string => {
	const r = StaffRole.safeParse(role);
	return r.success ? staffRoleText(r.data) : (role ?? '');
};

/** Date and time in Polish form (dd.mm.rrrr, gg:mm). */
export const momentText = (ms: number): string =>
	new Date(ms).toLocaleString('pl-PL', {
		timeZone: 'Europe/Warsaw',
		dateStyle: 'short',
		timeStyle: 'short'
	});

/** One change as a line: "Działania: dodano „…”", "… zmieniono: termin, status". */
export function changeText(c: Change): string {
	const what = c.label ? `„${c.label}”` : '';
	const fields = c.kind === 'changed' ? c.fields.map(fieldText).join(', ') : '';
	const line = m.history_change_line({
		part: partText(c.part),
		kind: changeKindText(c.kind),
		what,
		fields: fields ? ` (${fields})` : ''
	});
	const lost = c.overwritten?.map(fieldText).join(', ');
	return lost ? `${line} ${m.conflicts_history_overwritten({ fields: lost })}` : line;
}
