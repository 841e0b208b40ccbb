/**
 * When the server first held each case event (CE6), fetched for the case log. The device's time
 * is the author's claim; this one is the server's. Offline there is nothing to fetch: the log then
 * says the event is not on the server yet, which is the truth as far as this device knows.
 */
import { z } from 'zod';

const Receipts = z.object({ receipts: z.record(z.string(), z.number()) });

/** Server receipt times of one family's case events. */
export class CaseReceipts {
	/** Event id → when the server first held it (ms). */
	byEvent = $state.raw<Record<string, number>>({});

	constructor(private readonly familyId: string) {}

	/** Asks the server again; keeps what it had when the network or the answer fails. */
	async refresh(): Promise<void> {
		try {
			const res = await fetch(`/api/families/${encodeURIComponent(this.familyId)}/case-receipts`);
			if (!res.ok) return;
			const parsed = Receipts.safeParse(await res.json());
			if (parsed.success) this.byEvent = parsed.data.receipts;
		} catch {
			// Offline: the log shows "nie ma jeszcze na serwerze" until the next refresh.
		}
	}
}
