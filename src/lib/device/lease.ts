/**
 * [DV5] When the lock screen's password may open the data key offline: not past the lease (days
 * since the server was last reached) and not with a clock set before that contact, which would
 * stretch the lease. The answer is the Polish reason shown on the lock screen, or null.
 */
import { m } from '$lib/paraglide/messages.js';

const DAY = 86_400_000;

/** Why an offline unlock is refused now, or null when the password may be tried. */
export function leaseRefusal(serverAt: number, leaseDays: number, now: number): string | null {
	if (now < serverAt - DAY) return m.device_err_clock();
	const days = Math.floor((now - serverAt) / DAY);
	if (now - serverAt > leaseDays * DAY) return m.device_err_lease({ days, limit: leaseDays });
	return null;
}
