/**
 * What the sync indicator and the notices know of one open document, as runes: the pool keeps
 * one per open document and applies every status snapshot its handle reports.
 */
import type { DocStatusSnapshot } from '$lib/sync/connect';
import type { SaveFacts } from '$lib/sync/save-state';
import {
	describeSync,
	localProblemText,
	refusalText,
	type ShownRefusal,
	type SyncView
} from '../labels/sync-text';

/** Reactive status of one open document. */
export class DocStatus {
	connection = $state<DocStatusSnapshot['connection']>('disconnected');
	refused = $state<ShownRefusal | null>(null);
	save = $state.raw<SaveFacts>({ pending: 0, saved: false, known: false, savedAt: null });
	localWarning = $state<string | null>(null);
	notice = $state.raw<DocStatusSnapshot['notice']>(null);
	/** [SY7] The document is on this device (synced once, or written here). */
	onDevice = $state(false);
	/** When the device last held the server's state, or null. */
	readyAt = $state<number | null>(null);
	/** What the indicator says for this document. */
	view: SyncView = $derived(
		describeSync({
			connected: this.connection === 'connected',
			refused: this.refused?.short ?? null,
			pending: this.save.pending,
			saved: this.save.saved,
			absent: !this.onDevice
		})
	);
	/**
	 * [SY9] The device really holds changes the server refused: a notice came, and the local copy
	 * has something the server's snapshot lacks. A reader who changed nothing never sees the tray.
	 */
	holdsRefused = $derived(this.notice !== null && (this.save.pending > 0 || !this.save.saved));

	apply(s: DocStatusSnapshot): void {
		this.connection = s.connection;
		this.refused = s.refused ? refusalText(s.refused) : null;
		this.save = s.save;
		this.localWarning = s.localProblem ? localProblemText(s.localProblem) : null;
		this.notice = s.notice;
		this.onDevice = s.onDevice;
		this.readyAt = s.readyAt;
	}
}
