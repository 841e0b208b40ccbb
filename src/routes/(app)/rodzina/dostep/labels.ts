/** Polish labels of access roles and audit actions (codes from the server's access API). */
import { m } from '$lib/paraglide/messages.js';

const role: Record<string, () => string> = {
	edit: m.access_role_edit,
	comment: m.access_role_comment,
	read: m.access_role_read,
	submit: m.law_role_submit
};

const action: Record<string, () => string> = {
	login: m.access_action_login,
	'login-failed': m.access_action_login_failed,
	logout: m.access_action_logout,
	open: m.access_action_open,
	write: m.access_action_write,
	export: m.access_action_export,
	print: m.print_action_print,
	grant: m.access_action_grant,
	revoke: m.access_action_revoke,
	refused: m.access_action_refused,
	settings: m.access_action_settings,
	ack: m.access_action_ack,
	account: m.security_action_account,
	history: m.history_audit_action
};

/** The roles a grant may give, in the order the form offers them. */
export const grantRoles = ['edit', 'comment', 'read'] as const;

export const roleText = (r: string): string => role[r]?.() ?? r;
/** An audit action's label; an unknown code shows as sent. */
export const actionText = (a: string): string => action[a]?.() ?? a;

/** A moment of the access API (ms) as a short Polish date and time. */
export const timeText = (ms: number): string =>
	new Date(ms).toLocaleString('pl-PL', { dateStyle: 'short', timeStyle: 'short' });
