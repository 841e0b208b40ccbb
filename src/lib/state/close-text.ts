/**
 * Polish words for the server's close codes, shown in the sync indicator. Sync reports the code
 * (issue 14: sync returns codes, state maps them to Polish); the catalogue keeps the words.
 */
import { m } from '$lib/paraglide/messages.js';
import { CloseCode } from '$lib/sync/protocol';

const reason: Record<CloseCode, () => string> = {
	[CloseCode.unauthorized]: m.common_close_unauthorized,
	[CloseCode.forbidden]: m.common_close_forbidden,
	[CloseCode.unknownDocument]: m.common_close_unknown_document,
	[CloseCode.malformed]: m.common_close_malformed,
	[CloseCode.staleEpoch]: m.common_close_stale_epoch,
	[CloseCode.rateLimited]: m.common_close_rate_limited,
	[CloseCode.draining]: m.common_close_draining,
	[CloseCode.slowConsumer]: m.common_close_slow_consumer,
	[CloseCode.superseded]: m.common_close_superseded,
	[CloseCode.deviceLost]: m.device_err_lost
};

const short: Partial<Record<CloseCode, () => string>> = {
	[CloseCode.unauthorized]: m.common_close_short_unauthorized,
	[CloseCode.forbidden]: m.common_close_short_forbidden,
	[CloseCode.unknownDocument]: m.common_close_short_unknown_document,
	[CloseCode.malformed]: m.common_close_short_malformed,
	[CloseCode.staleEpoch]: m.common_close_short_stale_epoch,
	[CloseCode.rateLimited]: m.common_close_short_rate_limited,
	[CloseCode.deviceLost]: m.device_close_short_lost
};

/** The full explanation of a close code; an unknown code is named by its number. */
export function closeReasonText(code: number): string {
	return reason[code as CloseCode]?.() ?? m.common_close_other({ code });
}

/** A few words for the indicator: "połączenie odrzucone — …". */
export function closeShortText(code: number): string {
	const words = short[code as CloseCode]?.() ?? m.common_close_short_code({ code });
	return m.common_close_refused({ reason: words });
}
