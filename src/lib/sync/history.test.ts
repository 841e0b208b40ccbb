import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { changesOfRows, rowClocks, stateAfter, type LogRow } from './history';
import { addAction, addGoal, readPlan, removeAction, setActionDeadline } from './plan-doc';
import { addVisit } from './visits-doc';
import { visitFragment } from './visits-doc';

/** Records every update of a doc as a stored row would be. */
function logOf(doc: Y.Doc, userId = 'u1') {
	const rows: LogRow[] = [];
	doc.on('update', (bytes: Uint8Array) =>
		rows.push({ seq: rows.length + 1, createdAt: rows.length * 1000, userId, bytes })
	);
	return rows;
}

describe('[HI2] summarising stored rows of a section', () => {
	it('[HI2] each row of a plan tells which goals and actions it added, changed or removed', () => {
		const doc = new Y.Doc();
		const rows = logOf(doc);
		const g = addGoal(doc, { kind: 'glowny', title: 'Cel' });
		const a = addAction(doc, g, { description: 'Działanie', deadline: '2026-04-01' });
		setActionDeadline(doc, a, '2026-05-01');
		doc.getMap('meta').set('x', 1); // no part of the plan
		removeAction(doc, a);
		const all = new Set(rows.map((r) => r.seq));
		const changes = changesOfRows('plan', null, rows, all);
		expect(
			[...changes.values()].map((c) => c.map((x) => `${x.part}:${x.kind}:${x.fields}`))
		).toEqual([
			['goals:added:'],
			['actions:added:'],
			['actions:changed:deadline'],
			[],
			['actions:removed:']
		]);
		// Only the selected rows are summarised; the others are replayed all the same.
		const some = changesOfRows('plan', null, rows, new Set([3]));
		expect([...some.keys()]).toEqual([3]);
		expect(some.get(3)?.[0]).toMatchObject({
			kind: 'changed',
			fields: ['deadline'],
			label: 'Działanie'
		});
	});

	it('[HI2] text typed into a visit’s narrative counts as a change of that visit', () => {
		const doc = new Y.Doc();
		const rows = logOf(doc);
		const v = addVisit(doc, { date: '2026-03-02', type: 'wizyta_domowa', offline: false });
		const frag = visitFragment(doc, v, 'topics');
		const p = new Y.XmlElement('paragraph');
		p.insert(0, [new Y.XmlText('Rozmowa z matką')]);
		frag?.insert(0, [p]);
		const changes = changesOfRows('visits', null, rows, new Set([2]));
		expect(changes.get(2)).toEqual([
			expect.objectContaining({ part: 'visits', kind: 'changed', fields: ['topics'] })
		]);
	});

	it('[HI4] the state after a prefix of rows, from a checkpoint or from nothing, is the same document', () => {
		const doc = new Y.Doc();
		const rows = logOf(doc);
		const g = addGoal(doc, { kind: 'glowny', title: 'Cel' });
		addAction(doc, g, { description: 'Pierwsze' });
		const checkpoint = stateAfter(null, rows.slice(0, 2)).state;
		addAction(doc, g, { description: 'Drugie' });
		const fromStart = new Y.Doc();
		const whole = stateAfter(null, rows);
		Y.applyUpdate(fromStart, whole.state);
		const fromCheckpoint = new Y.Doc();
		const resumed = stateAfter(checkpoint, rows.slice(2));
		Y.applyUpdate(fromCheckpoint, resumed.state);
		expect(resumed.snapshot).toEqual(whole.snapshot);
		expect(readPlan(fromCheckpoint)).toEqual(readPlan(fromStart));
		expect(readPlan(fromStart).actions.map((a) => a.description)).toEqual(['Pierwsze', 'Drugie']);
		expect(rowClocks(rows[2].bytes)).toEqual([
			{ client: doc.clientID, from: expect.any(Number), to: expect.any(Number) }
		]);
	});
});
