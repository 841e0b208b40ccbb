/**
 * Audit rows of the upgrade path, written together. Every accepted socket leaves an `open` row
 * (domain.md §6); a meeting or a caseload download opens dozens at once, and one SQLite commit
 * per socket was the largest cost of an upgrade. Rows queued in one turn of the event loop are
 * committed in one transaction at the end of it, before the socket's first document byte is
 * answered, so a row is never later than the access it records by more than that turn.
 */
import type { AuditEntry } from '../src/lib/server/audit.js';
import type { AccountStore } from '../src/lib/server/account-store.js';

export class AuditBatch {
	#rows: AuditEntry[] = [];
	#scheduled = false;

	constructor(
		private readonly accounts: Pick<AccountStore, 'recordAudits'>,
		private readonly log: (msg: string) => void
	) {}

	/** Queues a row with its time of now; it is stored at the end of this turn. */
	add(entry: AuditEntry): void {
		this.#rows.push({ ...entry, at: entry.at ?? Date.now() });
		if (this.#scheduled) return;
		this.#scheduled = true;
		setImmediate(() => void this.flush());
	}

	/** Stores every queued row in one transaction (also at shutdown). */
	async flush(): Promise<void> {
		this.#scheduled = false;
		const rows = this.#rows;
		this.#rows = [];
		if (rows.length === 0) return;
		try {
			await this.accounts.recordAudits(rows);
		} catch (err) {
			this.log(`Asysta sync: ${rows.length} audit row(s) failed: ${String(err)}`);
		}
	}
}
