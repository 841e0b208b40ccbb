import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MemoryStorage, REMOTE } from './test-support.js';
import { SaveTracker, saveRecordKey } from './save-state.js';
import {
	addAction,
	addGoal,
	planText,
	removeAction,
	setActionStatus,
	setActionText
} from './plan-doc.js';
import { combineReadiness, readReadyAt, readyKey, writeReadyAt } from './readiness.js';

/** A plan the server already has (saved), with one goal and two actions. */
function savedPlan(storage = new MemoryStorage()) {
	const doc = new Y.Doc();
	const g = addGoal(doc, { kind: 'glowny', title: 'Cel' });
	const a1 = addAction(doc, g, { description: 'Pierwsze' });
	const a2 = addAction(doc, g, { description: 'Drugie' });
	const key = saveRecordKey('u1', 'rodzina-x-plan', 1);
	const tracker = new SaveTracker(doc, { storage, key, isRemoteOrigin: (o) => o === REMOTE });
	tracker.applyPersisted(Y.encodeSnapshot(Y.snapshot(doc)));
	return { doc, g, a1, a2, tracker, storage, key };
}

function type(doc: Y.Doc, text: Y.Text | null, s: string) {
	for (const ch of s) doc.transact(() => text?.insert(text.length, ch));
}

describe('[SY8] the waiting count counts changes, not keystrokes', () => {
	it('[SY8] typing 40 characters into two fields is 2 changes', () => {
		const { doc, a1, tracker } = savedPlan();
		expect(tracker.facts.pending).toBe(0);
		// A narrative typed letter by letter, and a short field written whole at each pause (SY10).
		type(doc, planText(doc, { type: 'notes' }), ' i jeszcze coś tutaj');
		let typed = 'Pierwsze';
		for (const ch of ' oraz coś innego tu') setActionText(doc, a1, 'description', (typed += ch));
		expect(tracker.facts.pending).toBe(2);
	});

	it('[SY8] a record field set twice is one change; a new record is one more', () => {
		const { doc, a1, g, tracker } = savedPlan();
		setActionStatus(doc, a1, 'w_trakcie', '2026-12-05');
		setActionStatus(doc, a1, 'planowane', '2026-12-05');
		const before = tracker.facts.pending;
		expect(before).toBeGreaterThanOrEqual(1);
		addAction(doc, g, { description: 'Nowe' });
		expect(tracker.facts.pending).toBe(before + 1);
	});

	it('[SY8] a record added and removed again while waiting cancels out', () => {
		const { doc, g, tracker } = savedPlan();
		const a = addAction(doc, g, { description: 'Pomyłka' });
		expect(tracker.facts.pending).toBe(1);
		removeAction(doc, a);
		expect(tracker.facts.pending).toBe(0);
		expect(tracker.facts.saved).toBe(false);
	});

	it('[SY8] the same fields keep counting once after a reload', () => {
		const storage = new MemoryStorage();
		const { doc, key, tracker } = savedPlan(storage);
		type(doc, planText(doc, { type: 'notes' }), 'abc');
		tracker.destroy();
		const doc2 = new Y.Doc();
		Y.applyUpdate(doc2, Y.encodeStateAsUpdate(doc), REMOTE);
		const t2 = new SaveTracker(doc2, { storage, key, isRemoteOrigin: (o) => o === REMOTE });
		expect(t2.facts.pending).toBe(1);
		type(doc2, planText(doc2, { type: 'notes' }), 'def');
		expect(t2.facts.pending).toBe(1);
	});
});

describe('[SY7] a document never on this device', () => {
	it('[SY7] a family is ready only when every document has been on the device', () => {
		const storage = new MemoryStorage();
		writeReadyAt(storage, readyKey('u', 'a', 1), 2000);
		writeReadyAt(storage, readyKey('u', 'b', 1), 1000);
		const times = ['a', 'b', 'c'].map((d) => readReadyAt(storage, readyKey('u', d, 1)));
		expect(combineReadiness(times)).toEqual({ ready: false, asOf: 1000, onDevice: 2, total: 3 });
		expect(combineReadiness(times.slice(0, 2))).toMatchObject({ ready: true, asOf: 1000 });
		expect(combineReadiness([])).toMatchObject({ ready: false });
		storage.setItem(readyKey('u', 'x', 1), 'nonsense');
		expect(readReadyAt(storage, readyKey('u', 'x', 1))).toBeNull();
	});
});
