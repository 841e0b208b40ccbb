/**
 * [RM11][DV8] Which of the process's sockets may stay open: a socket whose session ended closes
 * with 4401, one whose grant is gone with 4403, one of a lost device says so; a changed role
 * applies in place. Checked periodically, and at once when the data layer signals a change in
 * this process or another node does (CL4); `onLocalSignals` turns the data layer's events into
 * those signals (the conflicts one included, which rooms.ts passes to the room). Apart from
 * rooms.ts because it judges sockets, never loads, unloads or writes a document.
 */
import {
	documentAccess,
	documentAccessNow,
	type DocumentAccess
} from '../src/lib/server/families.js';
import { onAccessChanged } from '../src/lib/server/grants.js';
import { onSessionEnded } from '../src/lib/server/session.js';
import { onDeviceLost } from '../src/lib/server/devices.js';
import { conflictsChanged } from '../src/lib/server/conflicts.js';
import type { AccountStore } from '../src/lib/server/account-store.js';
import type { Db } from '../src/lib/server/db.js';
import { sqliteSqlOf } from '../src/lib/server/sql.js';
import { CloseCode } from '../src/lib/sync/protocol.js';
import type { Connection } from './connection.js';
import type { ClusterSignal } from './cluster/cluster.js';

/** Subscribes to the data layer's changes in this process as signals; returns the unsubscribe. */
export function onLocalSignals(signal: (s: ClusterSignal) => void): () => void {
	const offAccess = onAccessChanged(({ userId, familyId }) =>
		signal({ kind: 'access', userId, familyId })
	);
	const offSession = onSessionEnded((sessionId) => signal({ kind: 'session', sessionId }));
	const offLost = onDeviceLost((sessionIds) => signal({ kind: 'lost', sessionIds }));
	const offConflicts = conflictsChanged.on((doc) => signal({ kind: 'conflicts', doc }));
	return () => {
		offAccess();
		offSession();
		offLost();
		offConflicts();
	};
}

/** The checks over every socket of one server process. */
export class SocketChecks {
	constructor(
		/** Every socket of the process, whatever its room's phase. */
		private readonly conns: ReadonlySet<Connection>,
		private readonly db: Db,
		private readonly accounts: AccountStore,
		private readonly log: (msg: string) => void
	) {}

	/**
	 * A revocation re-checks that user's sockets of that family, a logout closes that session's
	 * sockets now rather than at the next periodic re-check (RM11), a lost device's sockets say
	 * so (DV8).
	 */
	signal(s: Exclude<ClusterSignal, { kind: 'conflicts' }>): void {
		switch (s.kind) {
			case 'access':
				return this.recheck(
					Date.now(),
					(c) => c.info.userId === s.userId && c.info.familyId === s.familyId
				);
			case 'session':
				return this.recheck(Date.now(), (c) => c.info.sessionId === s.sessionId);
			case 'lost': {
				const ids = new Set(s.sessionIds);
				this.closeSockets((c) => ids.has(c.info.sessionId), CloseCode.deviceLost, 'device lost');
				return;
			}
		}
	}

	/** Closes every socket the filter selects, e.g. after a grant was revoked. */
	closeSockets(filter: (conn: Connection) => boolean, code: number, reason = ''): number {
		let n = 0;
		for (const conn of [...this.conns]) {
			if (filter(conn)) {
				conn.close(code, reason);
				n++;
			}
		}
		return n;
	}

	/** `recheckSessions` from a timer or a signal: a failure is logged, not thrown. */
	recheck(now?: number, filter?: (conn: Connection) => boolean): void {
		this.recheckSessions(now, filter).catch((err: unknown) =>
			this.log(`Asysta sync: session re-check failed: ${String(err)}`)
		);
	}

	/**
	 * Closes sockets whose session ended (4401) or whose grant is gone (4403); a changed role
	 * applies in place (RM11). Runs periodically over all sockets, and at once over one user's
	 * sockets of one family when the data layer reports an access change.
	 */
	async recheckSessions(
		now = Date.now(),
		filter: (conn: Connection) => boolean = () => true
	): Promise<void> {
		const conns = [...this.conns].filter(filter);
		// SQLite answers without I/O: every socket is decided before this returns, so a
		// revocation or a logout closes its sockets at once (RM11), as before issue 16. Not while
		// a transaction holds the connection: its writes are not committed yet.
		const liveNow = this.accounts.sessionLiveNow?.bind(this.accounts);
		if (liveNow && !sqliteSqlOf(this.db).gate.busy) {
			for (const conn of conns) {
				const live = liveNow(conn.info.sessionId, now);
				this.#apply(conn, live, live ? this.#accessNow(conn, now) : null);
			}
			return;
		}
		for (const conn of conns) {
			const live = await this.accounts.isSessionLive(conn.info.sessionId, now);
			const access = live
				? await documentAccess(sqliteSqlOf(this.db), conn.info.userId, conn.info.docName, now, {
						writeOnly: true
					})
				: null;
			// Closed meanwhile: nothing left to decide.
			if (this.conns.has(conn)) this.#apply(conn, live, access);
		}
	}

	/** The socket's access on SQLite's connection, answered at once. */
	#accessNow(conn: Connection, now: number): DocumentAccess {
		return documentAccessNow(this.db, conn.info.userId, conn.info.docName, now, {
			writeOnly: true
		});
	}

	#apply(conn: Connection, live: boolean, access: DocumentAccess | null): void {
		if (!live || !access) {
			conn.close(CloseCode.unauthorized, 'session ended');
			return;
		}
		if (!access.ok) conn.close(CloseCode.forbidden, 'access revoked');
		else if ((access.role === 'submit') !== (conn.info.role === 'submit'))
			// [NK2] Into or out of write-only: the socket must sync afresh (it held all, or nothing).
			conn.close(CloseCode.draining, 'access changed');
		else conn.info = { ...conn.info, role: access.role };
	}
}
