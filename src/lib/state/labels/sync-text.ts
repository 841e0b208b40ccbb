/**
 * Polish sync wording (issue 14): sync reports facts and codes (save facts, close codes, local-copy
 * problems); state puts them into the words the indicator and the notices show. Components import
 * this, never $lib/sync.
 */
import { m } from '$lib/paraglide/messages.js';
import type { LocalCopyProblem, Refusal } from '$lib/sync/connect';
import { closeReasonText, closeShortText } from './close-text';

/** The four states the indicator shows (also `data-sync-state` for tests). */
export type SyncStateKind = 'offline' | 'syncing' | 'saved' | 'refused';

export interface SyncView {
	kind: SyncStateKind;
	/** The Polish text shown. */
	text: string;
	pending: number;
}

/** "1 zmiana czeka", "3 zmiany czekają", "5 zmian czeka": Paraglide's plural (Intl.PluralRules). */
export function pendingChangesPl(n: number): string {
	return m.caseload_pending({ count: n });
}

export interface SyncInputs {
	connected: boolean;
	/** Polish reason when the server refused the connection (44xx), else null. */
	refused: string | null;
	pending: number;
	saved: boolean;
	/** [SY7] The document was never on this device: nothing to call saved, nothing to edit. */
	absent?: boolean;
}

/** What the indicator says for one document (or an aggregate of several). */
export function describeSync(s: SyncInputs): SyncView {
	if (s.refused !== null) return { kind: 'refused', text: s.refused, pending: s.pending };
	if (s.absent && s.pending === 0) {
		return s.connected
			? { kind: 'syncing', text: m.caseload_fetching(), pending: 0 }
			: { kind: 'offline', text: m.caseload_not_on_device(), pending: 0 };
	}
	if (!s.connected) {
		if (s.pending > 0)
			return {
				kind: 'offline',
				text: m.caseload_offline_pending({ count: s.pending }),
				pending: s.pending
			};
		return {
			kind: 'offline',
			text: s.saved ? m.sync_offline_saved() : m.sync_offline_unconfirmed(),
			pending: 0
		};
	}
	if (s.saved && s.pending === 0) return { kind: 'saved', text: m.sync_saved(), pending: 0 };
	return { kind: 'syncing', text: m.sync_syncing(), pending: s.pending };
}

/** A refusal as the page shows it. */
export interface ShownRefusal extends Refusal {
	/** Polish explanation, shown on the page. */
	message: string;
	/** A few Polish words for the indicator. */
	short: string;
}

/** The refusal sync reported, in words. */
export function refusalText(r: Refusal): ShownRefusal {
	return { ...r, message: closeReasonText(r.code), short: closeShortText(r.code) };
}

/** The Polish warning for a local copy that could not be used as it is. */
export function localProblemText(p: LocalCopyProblem): string {
	switch (p.kind) {
		case 'open-failed':
			return m.device_local_open_failed();
		case 'unsupported':
			return m.device_local_unsupported();
		case 'damaged':
			return m.device_damaged_records({ count: p.count });
		case 'copy-gone':
			return m.device_copy_gone({ pending: p.pending });
	}
}
