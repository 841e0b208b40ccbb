/** [CE8] One break of a stored case log as the head reads it, in Polish. */
import { m } from '$lib/paraglide/messages.js';
import { dateTimePl } from '../views/case-view';

export interface CaseLogBreakView {
	position: number;
	code: string;
	at: string | null;
	writerName: string | null;
	claimedActorName: string | null;
}

/** "wpis 3 (12.11.2026, 10:15): podpisany jako …, a zapisany przez …" */
export function caseLogBreakText(b: CaseLogBreakView): string {
	const writer = b.writerName ?? m.policy_break_someone();
	const what = b.at ? m.policy_break_what({ date: dateTimePl(b.at) }) : '';
	return m.policy_break_line({ position: b.position + 1, what, reason: reason(b, writer) });
}

function reason(b: CaseLogBreakView, writer: string): string {
	switch (b.code) {
		case 'removed':
			return m.policy_break_removed({
				writer: b.writerName ? m.policy_break_by({ writer: b.writerName }) : ''
			});
		case 'invalid':
			return m.policy_break_invalid();
		case 'unknown-writer':
			return m.policy_break_unknown_writer();
		case 'foreign-author':
			return m.policy_break_foreign_author({
				claimed: b.claimedActorName ?? m.policy_break_someone(),
				writer
			});
		case 'not-an-exit':
			return m.policy_break_not_an_exit();
		case 'not-your-transition':
			return m.policy_break_not_your_transition({ writer });
		default:
			return m.policy_reason_other();
	}
}
