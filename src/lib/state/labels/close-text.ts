/**
 * Polish words for the server's close codes, shown in the sync indicator. Sync reports the code
 * (issue 14: sync returns codes, state maps them to Polish); the catalogue keeps the words.
 */
import { m } from '$lib/paraglide/messages.js';
import { CloseCode } from '$lib/sync/protocol';

/** Per close code: the full explanation, and the few words for the indicator where it has them. */
const words: Record<CloseCode, { full: () => string; short?: () => string }> = {
	[CloseCode.unauthorized]: {
		full: m.common_close_unauthorized,
		short: m.common_close_short_unauthorized
	},
	[CloseCode.forbidden]: { full: m.common_close_forbidden, short: m.common_close_short_forbidden },
	[CloseCode.unknownDocument]: {
		full: m.common_close_unknown_document,
		short: m.common_close_short_unknown_document
	},
	[CloseCode.malformed]: { full: m.common_close_malformed, short: m.common_close_short_malformed },
	[CloseCode.staleEpoch]: {
		full: m.common_close_stale_epoch,
		short: m.common_close_short_stale_epoch
	},
	[CloseCode.rateLimited]: {
		full: m.common_close_rate_limited,
		short: m.common_close_short_rate_limited
	},
	[CloseCode.draining]: { full: m.common_close_draining },
	[CloseCode.slowConsumer]: { full: m.common_close_slow_consumer },
	[CloseCode.superseded]: { full: m.common_close_superseded },
	[CloseCode.deviceLost]: { full: m.device_err_lost, short: m.device_close_short_lost }
};

/** The full explanation of a close code; an unknown code is named by its number. */
export function closeReasonText(code: number): string {
	return words[code as CloseCode]?.full() ?? m.common_close_other({ code });
}

/** A few words for the indicator: "połączenie odrzucone — …". */
export function closeShortText(code: number): string {
	const few = words[code as CloseCode]?.short?.() ?? m.common_close_short_code({ code });
	return m.common_close_refused({ reason: few });
}
