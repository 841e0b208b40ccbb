/**
 * Seeded fuzz of the room lifecycle: three editors edit text, a map and an array, go offline and
 * come back (their offline edits ride in SyncStep2), while the store stalls commits at random and
 * rooms unload whenever everyone is away. Every acknowledgement must be durable when it arrives;
 * at the end all peers and the store agree. Reproduce a failure with FUZZ_SEED=<seed>.
 */
import { isDeepStrictEqual } from 'node:util';
import * as prng from 'lib0/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createHarness, gate, type TestClient } from './harness.js';

const SEEDS = process.env.FUZZ_SEED
	? [Number(process.env.FUZZ_SEED)]
	: Array.from({ length: Number(process.env.FUZZ_RUNS ?? 20) }, (_, i) => 1000 + i);
const STEPS = Number(process.env.FUZZ_STEPS ?? 80);

const view = (d: Y.Doc) => ({
	text: d.getText('t').toString(),
	map: d.getMap('m').toJSON(),
	list: d.getArray('a').toJSON()
});

async function runSeed(seed: number): Promise<void> {
	const gen = prng.create(seed);
	const h = createHarness({ checkpointEvery: 7 });
	const unsafe: string[] = [];
	const watch = (c: TestClient) => {
		c.onPersisted = (snap) => {
			const durable = Y.decodeStateVector(Y.encodeStateVector(h.store.durable));
			for (const [id, clock] of snap.sv)
				if ((durable.get(id) ?? 0) < clock) unsafe.push(`${id}@${clock}`);
		};
		return c;
	};
	let peers = [0, 1, 2].map(() => watch(h.connect()));
	let held: ReturnType<typeof gate> | null = null;
	for (let step = 0; step < STEPS; step++) {
		const i = prng.int32(gen, 0, 2);
		const c = peers[i];
		const r = prng.real53(gen);
		const edit = (fn: (d: Y.Doc) => void) => (c.online ? c.edit(fn) : fn(c.doc));
		if (r < 0.35) {
			const t = c.doc.getText('t');
			edit((d) => d.getText('t').insert(prng.int32(gen, 0, t.length), prng.word(gen, 1, 4)));
		} else if (r < 0.45) {
			const t = c.doc.getText('t');
			if (t.length > 0) edit((d) => d.getText('t').delete(prng.int32(gen, 0, t.length - 1), 1));
		} else if (r < 0.6) {
			edit((d) => d.getMap('m').set(`k${prng.int32(gen, 0, 3)}`, prng.int32(gen, 0, 99)));
		} else if (r < 0.7) {
			const a = c.doc.getArray<number>('a');
			if (a.length > 0 && prng.bool(gen))
				edit((d) => d.getArray('a').delete(prng.int32(gen, 0, a.length - 1), 1));
			else edit((d) => d.getArray<number>('a').push([step]));
		} else if (r < 0.77) {
			if (c.online) c.leave();
			else peers[i] = watch(h.connect('edit', c.doc));
		} else if (r < 0.82) {
			// Everyone away: the room starts unloading (grace 0) and someone comes straight back.
			for (const p of peers) if (p.online) p.leave();
			await h.tick(prng.int32(gen, 0, 2));
			peers[i] = watch(h.connect('edit', c.doc));
		} else if (r < 0.9) {
			if (held) {
				h.store.holdCommit = null;
				held.open();
				held = null;
			} else {
				held = gate();
				h.store.holdCommit = held.opened;
			}
		} else {
			await h.tick(prng.int32(gen, 0, 12));
		}
	}
	if (held) {
		h.store.holdCommit = null;
		held.open();
	}
	peers = peers.map((c) => (c.online ? c : watch(h.connect('edit', c.doc))));
	// Real timers drive ticks and unloads, so wait for quiescence instead of a fixed pause.
	const storedView = async () => {
		const loaded = await h.store.inner.load('doc');
		const stored = new Y.Doc();
		if (loaded.checkpoint) Y.applyUpdate(stored, loaded.checkpoint.state);
		for (const u of loaded.updates) Y.applyUpdate(stored, u.bytes);
		return view(stored);
	};
	for (let waited = 0; waited < 3000; waited += 20) {
		await h.tick(20);
		const v = view(peers[0].doc);
		if (
			peers.every((c) => isDeepStrictEqual(view(c.doc), v)) &&
			isDeepStrictEqual(await storedView(), v)
		)
			break;
	}
	const finalStored = await storedView();
	await h.close();
	expect(unsafe, 'acknowledged before durable').toEqual([]);
	for (const c of peers) expect(view(c.doc)).toEqual(view(peers[0].doc));
	expect(finalStored).toEqual(view(peers[0].doc));
}

describe('rooms fuzz', () => {
	for (const seed of SEEDS) {
		it(`[RM3][RM5][RM6] seed ${seed}: peers and store converge, acks never run ahead`, async () => {
			try {
				await runSeed(seed);
			} catch (err) {
				console.error(
					`reproduce: FUZZ_SEED=${seed} npx vitest run --project server tests/sync/fuzz.test.ts`
				);
				throw err;
			}
		});
	}
});
