/**
 * [RM17] No false refusals: random LEGITIMATE edits by every role that may write a family's plan,
 * core and visits documents — made with the app's own write functions, online and offline
 * (offline edits, including text typed and deleted while away, arrive in SyncStep2 with GC
 * structs of the writer's own client id) — are never refused by the write policy, and every peer
 * converges with the store. Seeds are fixed; reproduce one with POLICY_SEED=<seed>.
 */
import { isDeepStrictEqual } from 'node:util';
import * as prng from 'lib0/prng';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { familyDocName, type Compartment } from '../../src/lib/domain/compartments.js';
import { openDatabase, type Db } from '../../src/lib/server/db.js';
import {
	editCore,
	editPlan,
	editVisits,
	familyView,
	seedFamily,
	WRITERS,
	type People
} from './family-edits.js';
import { createHarness, type TestClient } from './harness.js';

const SEEDS = process.env.POLICY_SEED ? [Number(process.env.POLICY_SEED)] : [11, 12, 13, 14];
/** Steps per document and seed; each run must make MIN_OPS edits: 3 × 4 × 834 ≥ 10,000 in all. */
const STEPS = Number(process.env.POLICY_STEPS ?? 1050);
const MIN_OPS = process.env.POLICY_STEPS ? 0 : 834;

let db: Db;
let familyId: string;
let people: People;

beforeAll(async () => {
	db = openDatabase(':memory:');
	({ familyId, people } = await seedFamily(db));
});
afterAll(() => db.close());

async function runSeed(seed: number, compartment: 'plan' | 'core' | 'visits') {
	const gen = prng.create(seed * 7 + compartment.length);
	const docName = familyDocName(familyId, compartment as Compartment);
	const h = createHarness({}, db);
	const writers = WRITERS[compartment].map((p) => people[p]);
	const join = (i: number, doc?: Y.Doc) =>
		h.connect('edit', doc, { docName, familyId, ...writers[i], sessionId: `s${i}` });
	let peers: TestClient[] = writers.map((_, i) => join(i));
	let ops = 0;
	for (let step = 0; step < STEPS; step++) {
		const i = prng.int32(gen, 0, peers.length - 1);
		const c = peers[i];
		const r = prng.real53(gen);
		if (r < 0.08) {
			if (c.online) c.leave();
			else peers[i] = join(i, c.doc);
			continue;
		}
		if (r < 0.12) {
			await h.tick(prng.int32(gen, 0, 6));
			continue;
		}
		const write = (fn: (d: Y.Doc) => void) => (c.online ? c.edit(fn) : fn(c.doc));
		ops++;
		if (compartment === 'plan') write((d) => editPlan(gen, d));
		else if (compartment === 'core') write((d) => editCore(gen, d, writers[i], step));
		else write((d) => editVisits(gen, d));
	}
	peers = peers.map((c, i) => (c.online ? c : join(i, c.doc)));
	const stored = async () => {
		const loaded = await h.store.inner.load(docName);
		const d = new Y.Doc();
		if (loaded.checkpoint) Y.applyUpdate(d, loaded.checkpoint.state);
		for (const u of loaded.updates) Y.applyUpdate(d, u.bytes);
		return familyView(d);
	};
	// Real timers drive the persist ticks: wait for quiescence, never for a fixed time.
	for (let waited = 0; waited < 5000; waited += 20) {
		await h.tick(20);
		const v = familyView(peers[0].doc);
		if (
			peers.every((p) => isDeepStrictEqual(familyView(p.doc), v)) &&
			isDeepStrictEqual(await stored(), v)
		)
			break;
	}
	const refusals = peers.flatMap((p) => p.notices).filter((n) => n.includes('write-refused'));
	const final = await stored();
	await h.rooms.shutdown();
	expect(refusals, `false refusals (seed ${seed}, ${compartment})`).toEqual([]);
	for (const p of peers) expect(familyView(p.doc)).toEqual(familyView(peers[0].doc));
	expect(final).toEqual(familyView(peers[0].doc));
	return ops;
}

describe('[RM17] the write policy never refuses a legitimate edit', () => {
	for (const seed of SEEDS) {
		for (const compartment of ['plan', 'core', 'visits'] as const) {
			it(`[RM17][RM16] seed ${seed}, ${compartment}: random legitimate edits online and offline are all stored, peers converge`, async () => {
				try {
					expect(await runSeed(seed, compartment)).toBeGreaterThanOrEqual(MIN_OPS);
				} catch (err) {
					console.error(
						`reproduce: POLICY_SEED=${seed} npx vitest run tests/sync/write-policy.property.test.ts`
					);
					throw err;
				}
			});
		}
	}
});
