/**
 * [RM10][RM16][RM17] The sync server's `refused` audit rows: a write refused by the policy or
 * for a foreign client id (once per socket and reason), and a socket closed for what it sent.
 * Crafted input must leave a trace. Apart from rooms.ts because it is the audit's wording and
 * fields, shared by the refusal hook of every room and by the leave of every socket.
 */
import type { AccountStore } from '../src/lib/server/account-store.js';
import { CloseCode } from '../src/lib/sync/protocol.js';
import type { Connection } from './connection.js';
import type { WriteRefusal } from './room-writes.js';

/** Close codes caused by what the socket itself sent or failed to read. */
const OFFENCES = new Set<number>([
	CloseCode.malformed,
	CloseCode.rateLimited,
	CloseCode.slowConsumer
]);

/**
 * Writes the audit rows of refused writes and offending sockets, and logs each. The rows go to
 * the account store, where every other audit row of the server goes (either engine).
 */
export class SyncAudit {
	constructor(
		private readonly accounts: AccountStore,
		private readonly log: (msg: string) => void
	) {}

	/** A write refused by the policy or for a foreign client id (RM16, RM17). */
	refusal(conn: Connection, refusal: WriteRefusal): void {
		this.#refused(conn, `refused a write (${refusal.code})`, {
			write: refusal.code,
			...('detail' in refusal && refusal.detail ? { detail: refusal.detail } : {})
		});
	}

	/** Sockets closed for what they sent are audited: crafted input must leave a trace (RM10). */
	offender(conn: Connection): void {
		const w = conn.closedWith;
		if (!w || !OFFENCES.has(w.code)) return;
		this.#refused(conn, `closed ${w.code} (${w.reason})`, { code: w.code, reason: w.reason });
	}

	/** One `refused` audit row naming the socket's user, document and session. */
	#refused(conn: Connection, what: string, detail: Record<string, unknown>): void {
		const { userId, staffRole, docName, familyId, sessionId } = conn.info;
		this.log(`Asysta sync: ${what} user ${userId} doc ${docName}`);
		void this.accounts
			.recordAudit({
				actorId: userId,
				actorRole: staffRole,
				action: 'refused',
				object: docName,
				familyId,
				detail: { ...detail, session: sessionId.slice(0, 12) }
			})
			.catch((err: unknown) => this.log(`Asysta sync: audit of ${what} failed: ${String(err)}`));
	}
}
