/**
 * [ZG4] The signed-in user's open child-safety alerts from `GET /api/alerts`, parsed with zod;
 * online only (alerts are made by the server when it projects a family's core document).
 */
import { z } from 'zod';
import { m } from '$lib/paraglide/messages.js';

export const AlertLine = z.object({
	id: z.string().min(1).max(64),
	familyId: z.string().min(1).max(64),
	familyName: z.string().max(200),
	kind: z.literal('zagrozenie'),
	date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
	createdAt: z.number()
});
export type AlertLine = z.infer<typeof AlertLine>;
const AlertsResponse = z.object({ alerts: z.array(AlertLine) });

/** How often an open page asks again (alerts come from other people's devices). */
const POLL_MS = 15_000;

export class AlertsState {
	list = $state.raw<AlertLine[]>([]);
	error = $state<string | null>(null);

	async load(): Promise<void> {
		try {
			const res = await fetch('/api/alerts', { headers: { accept: 'application/json' } });
			if (!res.ok) {
				this.error = m.safety_alerts_load_failed();
				return;
			}
			const parsed = AlertsResponse.safeParse(await res.json().catch(() => null));
			this.list = parsed.success ? parsed.data.alerts : [];
			this.error = parsed.success ? null : m.safety_alerts_load_failed();
		} catch {
			// Offline: keep what was shown; the next poll tries again.
		}
	}

	/** Loads now and every POLL_MS until the returned stop is called. */
	follow(): () => void {
		void this.load();
		const timer = setInterval(() => void this.load(), POLL_MS);
		return () => clearInterval(timer);
	}

	/** Acknowledges one alert; it leaves the list once the server has recorded it. */
	async acknowledge(id: string): Promise<boolean> {
		try {
			const res = await fetch(`/api/alerts/${encodeURIComponent(id)}/ack`, { method: 'POST' });
			if (!res.ok && res.status !== 404) return false;
			this.list = this.list.filter((a) => a.id !== id);
			return true;
		} catch {
			return false;
		}
	}
}
