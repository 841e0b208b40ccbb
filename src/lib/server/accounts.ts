/**
 * [AU6][AU7] Account actions that end sessions: disabling, re-enabling, a new password, ending
 * every session. Each ends the sessions through `endUserSessions`, whose signal closes the user's
 * open sockets at once in this process; another process (the admin CLI) is noticed by the sync
 * server's session sweep within `SESSION_SWEEP_MS`. Each is audited.
 */
import { recordAudit } from './audit.js';
import type { Db } from './db.js';
import { endUserSessions } from './session.js';
import { setPassword, setUserDisabled } from './users.js';

/** Who acts: a head in the app, or nobody (the admin CLI at the server's console). */
export interface AccountActor {
	id: string | null;
	role: string | null;
	via: 'admin-cli' | 'app';
}

function audit(db: Db, actor: AccountActor, action: string, userId: string, extra = {}): void {
	recordAudit(db, {
		actorId: actor.id,
		actorRole: actor.role,
		action: 'account',
		object: `user:${userId}`,
		detail: { change: action, via: actor.via, ...extra }
	});
}

/** Disables the account and ends its sessions; its sockets close 4401. */
export function disableUser(db: Db, userId: string, actor: AccountActor): { sessions: number } {
	const sessions = db.transaction(() => {
		setUserDisabled(db, userId, true);
		return endUserSessions(db, userId);
	})();
	audit(db, actor, 'disabled', userId, { sessions });
	return { sessions };
}

/** Lets a disabled account sign in again (its old sessions stay ended). */
export function enableUser(db: Db, userId: string, actor: AccountActor): void {
	setUserDisabled(db, userId, false);
	audit(db, actor, 'enabled', userId);
}

/** Sets a new password and ends every session made with the old one. */
export async function resetPassword(
	db: Db,
	userId: string,
	password: string,
	actor: AccountActor
): Promise<{ sessions: number }> {
	await setPassword(db, userId, password);
	const sessions = endUserSessions(db, userId);
	audit(db, actor, 'password-reset', userId, { sessions });
	return { sessions };
}

/** "Wyloguj wszędzie" for someone else (a head, the admin CLI). */
export function endSessionsOf(db: Db, userId: string, actor: AccountActor): { sessions: number } {
	const sessions = endUserSessions(db, userId);
	audit(db, actor, 'sessions-ended', userId, { sessions });
	return { sessions };
}
