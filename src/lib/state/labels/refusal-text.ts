/**
 * Words for the server's refusals of this device's changes (server/SPEC.md RM7, RM17):
 * the sync layer hands over the notice's code, the state layer says it in Polish.
 */
import type { WriteNotice } from '$lib/sync/protocol';
import { m } from '$lib/paraglide/messages.js';

/** Why the server refused a write, as a clause that completes „Serwer nie przyjął zmiany: …”. */
export function refusalReason(code: string): string {
	switch (code) {
		case 'unknown-root':
			return m.policy_reason_unknown_root();
		case 'not-a-record':
		case 'invalid-value':
		case 'unknown-field':
			return m.policy_reason_invalid_value();
		case 'container-later':
			return m.policy_reason_container_later();
		case 'field-not-yours':
			return m.policy_reason_field_not_yours();
		case 'deletes':
			return m.policy_reason_deletes();
		case 'removes-record':
			return m.policy_reason_removes_record();
		case 'foreign-author':
		case 'foreign-client':
			return m.policy_reason_foreign_author();
		case 'not-an-exit':
			return m.policy_reason_not_an_exit();
		case 'not-your-transition':
			return m.policy_reason_not_your_transition();
		case 'guard':
			return m.policy_reason_guard();
		case 'submit-only':
			return m.law_nk_reason_submit_only();
		default:
			return m.policy_reason_other();
	}
}

/** The tray's sentence for a notice that means the device holds changes the server refused. */
export function refusalText(notice: WriteNotice): string {
	return notice.type === 'read-only'
		? m.common_server_refused_writes()
		: m.policy_refused_because({ reason: refusalReason(notice.reason) });
}
