import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pushMalformed, syncBoth } from './test-support';
import {
	addAction,
	addGoal,
	planText,
	setActionText,
	setGoalTitle,
	readPlan,
	removeGoal,
	setActionDeadline,
	setActionStatus
} from './plan-doc';
import { planRoots } from './doc-schema';
import { orphanActions } from '../domain/work-plan';

const sync = syncBoth;

describe('plan document', () => {
	it('[WP1] reads back goals and actions written through the named commands', () => {
		const doc = new Y.Doc();
		const g = addGoal(doc, { kind: 'glowny', title: 'Cel' });
		const a = addAction(doc, g, {
			description: 'Opis',
			responsible: 'Matka',
			deadline: '2026-12-01'
		});
		setActionStatus(doc, a, 'zrealizowane', '2026-11-23');
		const plan = readPlan(doc);
		expect(plan.goals).toEqual([{ id: g, kind: 'glowny', title: 'Cel' }]);
		expect(plan.actions[0]).toMatchObject({
			id: a,
			goalId: g,
			description: 'Opis',
			responsible: 'Matka',
			deadline: '2026-12-01',
			status: 'zrealizowane',
			doneDate: '2026-11-23'
		});
		expect(plan.invalid).toEqual([]);
	});

	it('[WP4] refuses an impossible deadline instead of storing it', () => {
		const doc = new Y.Doc();
		const a = addAction(doc, 'g', {});
		expect(() => setActionDeadline(doc, a, '2026-02-30')).toThrow();
		expect(readPlan(doc).actions[0].deadline).toBe('');
	});

	it('[WP5] a malformed item written by a peer is reported with its raw value, the rest still reads', () => {
		const doc = new Y.Doc();
		const g = addGoal(doc, { kind: 'glowny', title: 'Dobry cel' });
		pushMalformed(planRoots(doc).goals, { id: 'zly', kind: 'nieznany', title: 42 });
		const plan = readPlan(doc);
		expect(plan.goals.map((x) => x.id)).toEqual([g]);
		expect(plan.invalid).toHaveLength(1);
		expect(plan.invalid[0].id).toBe('zly');
		expect(plan.invalid[0].raw).toContain('nieznany');
	});

	it('[SY1] two offline edits of the plan notes both survive the merge', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		planText(a, { type: 'notes' })!.insert(0, 'Wizyta w szkole');
		sync(a, b);
		planText(a, { type: 'notes' })!.insert(0, 'Pilne: ');
		planText(b, { type: 'notes' })!.insert(15, ' z matką');
		sync(a, b);
		const text = readPlan(a).notes;
		expect(text).toBe(readPlan(b).notes);
		expect(text).toContain('Pilne: ');
		expect(text).toContain(' z matką');
	});

	it('[SY10] two offline replacements of an action’s owner converge to one of them, never an interleaving', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const g = addGoal(a, { kind: 'glowny', title: 'Cel' });
		const id = addAction(a, g, { responsible: 'Pracownik socjalny' });
		sync(a, b);
		setActionText(a, id, 'responsible', 'Matka');
		setActionText(b, id, 'responsible', 'Ojciec');
		sync(a, b);
		const owner = readPlan(a).actions[0].responsible;
		expect(owner).toBe(readPlan(b).actions[0].responsible);
		expect(['Matka', 'Ojciec']).toContain(owner);
	});

	it('[SY10] an older document’s Y.Text field reads as its text and is replaced by a whole value', () => {
		const doc = new Y.Doc();
		const g = addGoal(doc, { kind: 'glowny', title: 'Cel' });
		const id = addAction(doc, g, {});
		const m = planRoots(doc).actions.get(0);
		m.set('responsible', new Y.Text('Pracownik socjalny'));
		expect(readPlan(doc).actions[0].responsible).toBe('Pracownik socjalny');
		setActionText(doc, id, 'responsible', 'Matka');
		expect(m.get('responsible')).toBe('Matka');
		setGoalTitle(doc, g, 'Mieszkanie');
		expect(readPlan(doc).goals[0].title).toBe('Mieszkanie');
	});

	it('[WP2] an action added offline to a goal deleted elsewhere is kept as an orphan', () => {
		const a = new Y.Doc();
		const b = new Y.Doc();
		const g = addGoal(a, { kind: 'szczegolowy', title: 'Cel' });
		sync(a, b);
		removeGoal(a, g);
		const orphan = addAction(b, g, { description: 'Nowe działanie' });
		sync(a, b);
		const plan = readPlan(a);
		expect(plan.goals).toEqual([]);
		expect(orphanActions(plan).map((x) => x.id)).toEqual([orphan]);
	});
});
