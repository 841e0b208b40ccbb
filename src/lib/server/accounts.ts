/**
 * [AU6][AU7] Account actions that end sessions: disabling, re-enabling, a new password, ending
 * every session. Each ends the sessions through `endUserSessions`, whose signal closes the user's
 * open sockets at once in this process; another process (the admin CLI) is noticed by the sync
 * server's session sweep within `SESSION_SWEEP_MS`. Each is audited.
 */
import { appendAudit } from './audit.js';
import type { Sql } from './sql.js';
import { endUserSessions } from './session.js';
import { setPassword, setUserDisabled } from './users.js';

/** Who acts: a head in the app, or nobody (the admin CLI at the server's console). */
export interface AccountActor {
	id: string | null;
	role: string | null;
	via: 'admin-cli' | 'app';
}

async function audit(
	sql: Sql,
	actor: AccountActor,
	action: string,
	userId: string,
	extra = {}
): Promise<void> {
	await appendAudit(sql, {
		actorId: actor.id,
		actorRole: actor.role,
		action: 'account',
		object: `user:${userId}`,
		detail: { change: action, via: actor.via, ...extra }
	});
}

/** Disables the account and ends its sessions; its sockets close 4401. */
export async function disableUser(
	sql: Sql,
	userId: string,
	actor: AccountActor
): Promise<{ sessions: number }> {
	const sessions = await sql.tx(async (t) => {
		await setUserDisabled(t, userId, true);
		return endUserSessions(t, userId);
	});
	await audit(sql, actor, 'disabled', userId, { sessions });
	return { sessions };
}

/** Lets a disabled account sign in again (its old sessions stay ended). */
export async function enableUser(sql: Sql, userId: string, actor: AccountActor): Promise<void> {
	await setUserDisabled(sql, userId, false);
	await audit(sql, actor, 'enabled', userId);
}

/** Sets a new password and ends every session made with the old one. */
export async function resetPassword(
	sql: Sql,
	userId: string,
	password: string,
	actor: AccountActor
): Promise<{ sessions: number }> {
	await setPassword(sql, userId, password);
	const sessions = await endUserSessions(sql, userId);
	await audit(sql, actor, 'password-reset', userId, { sessions });
	return { sessions };
}

/** "Wyloguj wszędzie" for someone else (a head, the admin CLI). */
export async function endSessionsOf(
	sql: Sql,
	userId: string,
	actor: AccountActor
): Promise<{ sessions: number }> {
	const sessions = await endUserSessions(sql, userId);
	await audit(sql, actor, 'sessions-ended', userId, { sessions });
	return { sessions };
}
