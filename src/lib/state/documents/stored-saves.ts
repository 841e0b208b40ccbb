/**
 * What this device's stored save records say about documents that are not open: lists show a
 * family's save state, and the indicator counts waiting changes, without opening anything.
 */
import { m } from '$lib/paraglide/messages.js';
import { readSaveRecord, saveRecordKey, saveRecordPrefix } from '$lib/sync/save-state';
import { pendingChangesPl, type SyncView } from '../labels/sync-text';
import { browserStorage } from './storage';

/** A document's save state as a list shows it; `everOpened` false: nothing local to save. */
export interface SaveOf {
	kind: SyncView['kind'];
	text: string;
	everOpened: boolean;
	pending: number;
}

/** The save state of a document that is not open, from its stored record. */
export function storedSaveOf(userId: string, ref: { name: string; epoch: number }): SaveOf {
	const storage = browserStorage();
	const rec = storage ? readSaveRecord(storage, saveRecordKey(userId, ref.name, ref.epoch)) : null;
	if (!rec) return { kind: 'offline', text: m.sync_never_opened(), everOpened: false, pending: 0 };
	if (rec.pending > 0)
		return {
			kind: 'offline',
			text: pendingChangesPl(rec.pending),
			everOpened: true,
			pending: rec.pending
		};
	if (rec.saved) return { kind: 'saved', text: m.sync_saved(), everOpened: true, pending: 0 };
	return { kind: 'offline', text: m.sync_unconfirmed(), everOpened: true, pending: 0 };
}

/** Every stored save record of the user's documents on this device. */
export function storedSaveRecords(userId: string) {
	const storage = browserStorage();
	const out: NonNullable<ReturnType<typeof readSaveRecord>>[] = [];
	if (!storage) return out;
	const prefix = saveRecordPrefix(userId);
	for (let i = 0; i < storage.length; i++) {
		const k = storage.key(i);
		if (!k?.startsWith(prefix)) continue;
		const rec = readSaveRecord(storage, k);
		if (rec) out.push(rec);
	}
	return out;
}
