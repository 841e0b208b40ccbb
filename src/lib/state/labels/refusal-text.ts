/**
 * Words for the server's refusals of this device's changes (server/SPEC.md RM7, RM17):
 * the sync layer hands over the notice's code, the state layer says it in Polish.
 */
import type { WriteNotice } from '$lib/sync/protocol';
import { m } from '$lib/paraglide/messages.js';

/** Why the server refused a write, as a clause that completes „Serwer nie przyjął zmiany: …”. */
export function refusalReason(code: string): string {
	return m.policy_reason_label({ code });
}

/** The tray's sentence for a notice that means the device holds changes the server refused. */
export function refusalText(notice: WriteNotice): string {
	return notice.type === 'read-only'
		? m.common_server_refused_writes()
		: m.policy_refused_because({ reason: refusalReason(notice.reason) });
}
