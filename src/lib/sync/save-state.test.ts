import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryStorage, REMOTE } from './test-support.js';
import { SaveTracker, readSaveRecord, saveRecordKey } from './save-state.js';
import { addAction, addGoal, readPlan, removeAction } from './plan-doc.js';

/** A server doc (gc on, as the real server) that has received everything `from` holds. */
function serverCopyOf(from: Y.Doc): Y.Doc {
	const server = new Y.Doc({ gc: true });
	Y.applyUpdate(server, Y.encodeStateAsUpdate(from));
	return server;
}
const snap = (d: Y.Doc) => Y.encodeSnapshot(Y.snapshot(d));

function setup(storage = new MemoryStorage()) {
	const doc = new Y.Doc();
	const key = saveRecordKey('u1', 'rodzina-x-plan', 1);
	const tracker = new SaveTracker(doc, { storage, key, isRemoteOrigin: (o) => o === REMOTE });
	return { doc, key, tracker, storage };
}

/** A reload: the same content from IndexedDB, a new tracker over the stored save record. */
function reload(before: ReturnType<typeof setup>) {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(before.doc), REMOTE);
	const { storage, key } = before;
	return new SaveTracker(doc, { storage, key, isRemoteOrigin: (o) => o === REMOTE });
}

describe('SaveTracker', () => {
	it('[SY-SAVE1] an empty, never-synced document has nothing waiting', () => {
		const { tracker } = setup();
		expect(tracker.facts).toMatchObject({ pending: 0, saved: true, known: false });
	});

	it('[SY-SAVE2] local edits count as waiting until the server snapshot contains them', () => {
		const { doc, tracker } = setup();
		addGoal(doc, { kind: 'glowny', title: 'Stabilizacja' });
		addGoal(doc, { kind: 'szczegolowy', title: 'Szkoła' });
		expect(tracker.facts).toMatchObject({ pending: 2, saved: false });

		const server = new Y.Doc();
		tracker.applyPersisted(snap(server)); // server has nothing yet
		expect(tracker.facts).toMatchObject({ pending: 2, saved: false, known: true });

		Y.applyUpdate(server, Y.encodeStateAsUpdate(doc));
		tracker.applyPersisted(snap(server));
		expect(tracker.facts).toMatchObject({ pending: 0, saved: true });
	});

	it('[SY-SAVE3] an offline deletion is not saved until the server snapshot has the deletion', () => {
		const { doc, tracker } = setup();
		const g = addGoal(doc, { kind: 'glowny', title: 'Cel' });
		const a = addAction(doc, g, { description: 'Wizyta w szkole' });
		let server = serverCopyOf(doc);
		tracker.applyPersisted(snap(server));
		expect(tracker.facts.saved).toBe(true);

		removeAction(doc, a); // offline: a deletion advances no clock
		expect(readPlan(doc).actions).toHaveLength(0);
		expect(tracker.facts).toMatchObject({ pending: 1, saved: false });
		// The state vectors are equal, yet the server has not got the deletion.
		expect(Y.encodeStateVector(server)).toEqual(Y.encodeStateVector(doc));
		tracker.applyPersisted(snap(server));
		expect(tracker.facts).toMatchObject({ pending: 1, saved: false });

		server = serverCopyOf(doc);
		tracker.applyPersisted(snap(server));
		expect(tracker.facts).toMatchObject({ pending: 0, saved: true });
	});

	it('[SY-SAVE4] updates from the provider or IndexedDB are not counted as local changes', () => {
		const { doc, tracker } = setup();
		const other = new Y.Doc();
		addGoal(other, { kind: 'glowny', title: 'Od kogoś innego' });
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), REMOTE);
		expect(tracker.facts.pending).toBe(0);
	});

	it('[SY-SAVE5] the pending count and the last server snapshot survive a reload', () => {
		const storage = new MemoryStorage();
		const first = setup(storage);
		addGoal(first.doc, { kind: 'glowny', title: 'A' });
		first.tracker.applyPersisted(snap(serverCopyOf(first.doc)));
		addGoal(first.doc, { kind: 'glowny', title: 'B' });
		addGoal(first.doc, { kind: 'glowny', title: 'C' });
		first.tracker.destroy();
		expect(readSaveRecord(storage, first.key)).toMatchObject({ pending: 2, saved: false });

		// "Reload": same content from IndexedDB, new tracker over the stored record.
		const t2 = reload(first);
		expect(t2.facts).toMatchObject({ pending: 2, saved: false, known: true });
	});

	it('[SY-SAVE6] after a reload with nothing pending, the stored snapshot proves "all saved"', () => {
		const storage = new MemoryStorage();
		const first = setup(storage);
		addGoal(first.doc, { kind: 'glowny', title: 'A' });
		first.tracker.applyPersisted(snap(serverCopyOf(first.doc)));
		first.tracker.destroy();
		const t2 = reload(first);
		expect(t2.facts).toMatchObject({ pending: 0, saved: true });
	});

	it('[SY-SAVE7] a malformed stored record is ignored, not trusted', () => {
		const storage = new MemoryStorage();
		const key = saveRecordKey('u1', 'd', 1);
		storage.setItem(key, '{"pending":-3,"saved":true,"snapshot":"%%%"}');
		const doc = new Y.Doc();
		addGoal(doc, { kind: 'glowny', title: 'A' });
		const t = new SaveTracker(doc, { storage, key, isRemoteOrigin: () => false });
		expect(t.facts).toMatchObject({ pending: 0, saved: false, known: false });
		storage.setItem(key, 'not json');
		expect(readSaveRecord(storage, key)).toBeNull();
	});
});
