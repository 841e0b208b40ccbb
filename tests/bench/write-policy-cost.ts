/**
 * [RM17] Benchmark: what the write policy costs per update on the server, apart from the
 * network (issue "The case file as evidence", "Performance"). Scenario B of `npm run bench`
 * edits scratch documents, which have no policy; this measures the plan document's.
 *
 *   node build-bench/tests/bench/write-policy-cost.js [updates]
 *
 * A plan with 6 goals and 30 actions is built; then `updates` single edits as a device sends
 * them (typing into the notes, short fields written whole, status and deadline changes) are applied to a live document
 * the way a room does — once bare (`Y.applyUpdate`), once checked by the WriteGuard first —
 * in alternating rounds, and the time per update is printed with the ratio.
 *
 * [NC1] Second figure: a reconnect. A device that was offline sends its typing into the plan's
 * notes (one SyncStep2) while another person typed into the same line meanwhile; the guard checks
 * it once as a live update (no state vector) and once with the device's state vector, which runs
 * the narrative-overlap detection. Median time per reconnect update of each.
 */
import * as Y from 'yjs';
import { WriteGuard } from '../../server/write-guard.js';
import {
	addAction,
	addGoal,
	initPlan,
	planText,
	setActionText,
	setActionDeadline,
	setActionStatus
} from '../../src/lib/sync/plan-doc.js';
import { writePolicyOf } from '../../src/lib/sync/write-policy.js';

const N = Number(process.argv[2] ?? 5000);
const ROUNDS = 8;
let seed = 7;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

// The device: builds the plan, then records each edit as the update it would send.
const device = new Y.Doc();
initPlan(device);
const actions: string[] = [];
for (let g = 0; g < 6; g++) {
	const goal = addGoal(device, { kind: g ? 'szczegolowy' : 'glowny', title: `Cel ${g}` });
	for (let a = 0; a < 5; a++)
		actions.push(addAction(device, goal, { description: `Działanie ${a}` }));
}
const base = Y.encodeStateAsUpdate(device);
const updates: Uint8Array[] = [];
device.on('update', (u: Uint8Array) => updates.push(u));
for (let i = 0; i < N; i++) {
	const id = actions[Math.floor(rand() * actions.length)];
	const r = rand();
	if (r < 0.6) {
		// Narratives are typed into (the plan's notes); short fields are written whole (SY10).
		const t = planText(device, { type: 'notes' });
		device.transact(() => t?.insert(t.length, 'a'));
	} else if (r < 0.9) setActionText(device, id, 'description', `Działanie ${i}`);
	else if (r < 0.95)
		setActionStatus(device, id, rand() < 0.5 ? 'w_trakcie' : 'zrealizowane', '2026-12-05');
	else setActionDeadline(device, id, `2027-0${1 + Math.floor(rand() * 9)}-15`);
}

const policy = writePolicyOf('family', 'plan');
if (!policy) throw new Error('the plan document has no write policy');
const writer = { userId: 'u-anna', name: 'Anna', staffRole: 'asystent' };
const context = () => {
	throw new Error('no case log in a plan');
};

function run(checked: boolean): number {
	const live = new Y.Doc();
	Y.applyUpdate(live, base);
	const guard = checked ? new WriteGuard(live, policy!, context) : null;
	const t0 = process.hrtime.bigint();
	for (const u of updates) {
		const refusal = guard?.check(u, writer) ?? null;
		if (refusal) throw new Error(`refused: ${refusal.code}`);
		Y.applyUpdate(live, u);
	}
	const ns = Number(process.hrtime.bigint() - t0);
	guard?.release();
	live.destroy();
	return ns / updates.length / 1000;
}

const bare: number[] = [];
const guarded: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
	if (r % 2 === 0) {
		bare.push(run(false));
		guarded.push(run(true));
	} else {
		guarded.push(run(true));
		bare.push(run(false));
	}
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const b = median(bare);
const g = median(guarded);
console.log(
	`write policy on the plan: ${updates.length} updates × ${ROUNDS} rounds; ` +
		`bare ${b.toFixed(1)} µs/update, checked ${g.toFixed(1)} µs/update, ratio ${(g / b).toFixed(2)}×`
);

// [NC1] A reconnect: the offline device's typing into a line someone else changed meanwhile.
const RECONNECTS = 200;
const annaDoc = new Y.Doc();
Y.applyUpdate(annaDoc, Y.encodeStateAsUpdate(device));
const knewAtReconnect = Y.decodeStateVector(Y.encodeStateVector(annaDoc));
const notes = planText(annaDoc, { type: 'notes' })!;
const beforeOffline = Y.encodeStateVector(annaDoc);
for (let i = 0; i < 50; i++) annaDoc.transact(() => notes.insert(notes.length, 'x'));
const reconnect = Y.encodeStateAsUpdate(annaDoc, beforeOffline);
const other = new Y.Doc();
Y.applyUpdate(other, Y.encodeStateAsUpdate(device));
const otherNotes = planText(other, { type: 'notes' })!;
for (let i = 0; i < 50; i++) other.transact(() => otherNotes.insert(otherNotes.length, 'y'));
const serverState = Y.encodeStateAsUpdate(other);
const annaClient = annaDoc.clientID;

function reconnectOnce(withVector: boolean): number {
	const live = new Y.Doc();
	Y.applyUpdate(live, serverState);
	const guard = new WriteGuard(live, policy!, context);
	guard.check(new Uint8Array([0, 0]), writer); // builds the shadow outside the timing
	const knowledge = withVector
		? { knew: knewAtReconnect, isWriters: (c: number) => c === annaClient }
		: null;
	const t0 = process.hrtime.bigint();
	const refusal = guard.check(reconnect, writer, knowledge);
	const ns = Number(process.hrtime.bigint() - t0);
	if (refusal) throw new Error(`refused: ${refusal.code}`);
	if (withVector && guard.narratives.length !== 1) throw new Error('no overlap found');
	guard.release();
	live.destroy();
	return ns / 1000;
}
const live0: number[] = [];
const vector: number[] = [];
for (let r = 0; r < RECONNECTS; r++) {
	live0.push(reconnectOnce(false));
	vector.push(reconnectOnce(true));
}
const l = median(live0);
const v = median(vector);
console.log(
	`reconnect into a changed line (NC1): ${RECONNECTS} × 2; without state vector ${l.toFixed(1)} µs, ` +
		`with it ${v.toFixed(1)} µs, ratio ${(v / l).toFixed(2)}×`
);
