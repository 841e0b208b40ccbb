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
import type { CaseEvent } from '../../src/lib/domain/case-events.js';
import { actorFor } from '../../src/lib/domain/case-intake.js';
import { EXITS } from '../../src/lib/domain/case-state.js';
import { checkTransition, planGuardInputs } from '../../src/lib/domain/guards.js';
import { StaffRole } from '../../src/lib/domain/roles.js';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/settings.js';
import { openDatabase, type Db } from '../../src/lib/server/db.js';
import { createFamily } from '../../src/lib/server/families.js';
import { createUser, ensureOrganisation } from '../../src/lib/server/users.js';
import * as core from '../../src/lib/sync/core-doc.js';
import * as plan from '../../src/lib/sync/plan-doc.js';
import { addVisit, updateVisit, visitFragment } from '../../src/lib/sync/visits-doc.js';
import { coreRoots, planRoots, visitsRoots } from '../../src/lib/sync/doc-schema.js';
import { createHarness, type TestClient } from './harness.js';

const SEEDS = process.env.POLICY_SEED ? [Number(process.env.POLICY_SEED)] : [11, 12, 13, 14];
/** Steps per document and seed; each run must make MIN_OPS edits: 3 × 4 × 834 ≥ 10,000 in all. */
const STEPS = Number(process.env.POLICY_STEPS ?? 1050);
const MIN_OPS = process.env.POLICY_STEPS ? 0 : 834;

type Who = { userId: string; name: string; staffRole: StaffRole };
let db: Db;
let familyId: string;
const people: Record<'anna' | 'piotr' | 'krystyna', Who> = {} as never;

beforeAll(async () => {
	db = openDatabase(':memory:');
	const org = ensureOrganisation(db, 'OPS Właściwość');
	const mk = async (email: string, name: string, staffRole: StaffRole): Promise<Who> => ({
		userId: await createUser(db, {
			orgId: org,
			email,
			name,
			role: staffRole,
			password: 'x-haslo-1'
		}),
		name,
		staffRole
	});
	people.anna = await mk('a@t.pl', 'Anna A.', 'asystent');
	people.piotr = await mk('p@t.pl', 'Piotr P.', 'pracownik_socjalny');
	people.krystyna = await mk('k@t.pl', 'Krystyna K.', 'kierownik');
	familyId = createFamily(db, {
		orgId: org,
		name: 'R.',
		assistantId: people.anna.userId,
		createdBy: people.anna.userId
	});
});
afterAll(() => db.close());

/** Who writes each document: two devices of the assistant and the others the policy allows. */
const WRITERS: Record<'plan' | 'core' | 'visits', (keyof typeof people)[]> = {
	plan: ['anna', 'piotr', 'anna'],
	core: ['anna', 'piotr', 'krystyna'],
	visits: ['anna', 'anna', 'anna']
};

type Uuid = ReturnType<typeof crypto.randomUUID>;
/** A UUID drawn from the seed, so a run replays exactly. */
function seededUuid(gen: prng.PRNG): Uuid {
	const hex = (n: number) =>
		Array.from({ length: n }, () => prng.int32(gen, 0, 15).toString(16)).join('');
	return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
}

/** One random legitimate edit on `doc` by `who`, with ids and text from the seed. */
function editPlan(gen: prng.PRNG, doc: Y.Doc): void {
	const p = plan.readPlan(doc);
	const r = prng.real53(gen);
	const id = () => seededUuid(gen);
	if (r < 0.1 || p.goals.length === 0)
		plan.addGoal(doc, { kind: 'szczegolowy', title: prng.word(gen, 2, 8) }, id());
	else if (r < 0.25)
		plan.addAction(doc, prng.oneOf(gen, p.goals).id, { description: prng.word(gen, 1, 6) }, id());
	else if (r < 0.55 && p.actions.length > 0 && prng.bool(gen))
		// [SY10] Short fields are replaced whole.
		plan.setActionText(
			doc,
			prng.oneOf(gen, p.actions).id,
			prng.oneOf(gen, ['description', 'responsible', 'expectedEffect'] as const),
			prng.word(gen, 1, 8)
		);
	else if (r < 0.55 && prng.bool(gen))
		plan.setGoalTitle(doc, prng.oneOf(gen, p.goals).id, prng.word(gen, 1, 8));
	else if (r < 0.55 || p.actions.length === 0) {
		const text = plan.planText(doc, { type: 'notes' });
		if (!text) return;
		if (text.length > 0 && prng.bool(gen)) {
			const at = prng.int32(gen, 0, text.length - 1);
			doc.transact(() => text.delete(at, Math.min(3, text.length - at)), plan.LOCAL_ORIGIN);
		} else
			doc.transact(
				() => text.insert(prng.int32(gen, 0, text.length), prng.word(gen, 1, 5)),
				plan.LOCAL_ORIGIN
			);
	} else if (r < 0.7) {
		const day = `2026-${String(prng.int32(gen, 1, 12)).padStart(2, '0')}-1${prng.int32(gen, 0, 9)}`;
		plan.setActionDeadline(doc, prng.oneOf(gen, p.actions).id, day);
	} else if (r < 0.85)
		plan.setActionStatus(
			doc,
			prng.oneOf(gen, p.actions).id,
			prng.oneOf(gen, ['planowane', 'w_trakcie', 'zrealizowane'] as const),
			'2026-03-01'
		);
	else if (r < 0.93) plan.removeAction(doc, prng.oneOf(gen, p.actions).id);
	else
		plan.setGoalKind(doc, prng.oneOf(gen, p.goals).id, prng.bool(gen) ? 'glowny' : 'szczegolowy');
}

function editCore(gen: prng.PRNG, doc: Y.Doc, who: Who, step: number): void {
	const file = core.readCore(doc);
	const r = prng.real53(gen);
	if (r < 0.15)
		core.setFlag(doc, prng.oneOf(gen, ['niepelna', 'wielodzietna'] as const), prng.bool(gen));
	else if (r < 0.25)
		core.setProblem(doc, prng.oneOf(gen, ['bezrobocie', 'ubostwo'] as const), prng.bool(gen));
	else if (r < 0.35)
		core.addMember(doc, { name: prng.word(gen, 3, 8), relation: 'dziecko' }, seededUuid(gen));
	else if (r < 0.45 && file.members.length > 0)
		core.setMemberField(doc, prng.oneOf(gen, file.members).id, 'school', prng.word(gen, 2, 6));
	else if (r < 0.5 && file.members.length > 0)
		core.removeMember(doc, prng.oneOf(gen, file.members).id);
	else if (r < 0.75)
		// [SY12] The address and place of work are written whole.
		core.setHouseholdText(
			doc,
			prng.bool(gen) ? 'address' : 'workPlace',
			`${prng.word(gen, 3, 10)} ${prng.int32(gen, 1, 99)}`
		);
	else {
		// A case event as the UI records it: stamped with the writer, a transition only when the
		// device's own check allows it (TransitionPanel), or a consent or a safety concern.
		const stamp = {
			id: `e-${step}-${prng.int32(gen, 0, 0x7fffffff)}`,
			at: new Date(Date.UTC(2026, 0, 1, 0, 0, step)).toISOString(),
			actorId: who.userId,
			actorName: who.name,
			actorRole: who.staffRole,
			online: true
		};
		const view = file.caseView;
		const actor = actorFor(who.staffRole);
		const exits = EXITS[view.state].filter(
			(e) =>
				actor &&
				checkTransition(view, e.to, {
					settings: DEFAULT_SETTINGS,
					actor,
					...planGuardInputs(view),
					headAcceptedClosure: actor === 'kierownik',
					finalAssessmentHash: view.closure?.finalAssessmentRef?.hash ?? null
				}).ok
		);
		let event: CaseEvent;
		if (file.caseEvents.length === 0)
			event = {
				...stamp,
				type: 'przyjecie',
				to: 'PRZYDZIELONA',
				refs: { pomostId: '', signalDate: '', letterNo: '' }
			};
		else if (exits.length > 0 && prng.bool(gen))
			event = {
				...stamp,
				type: 'przejscie',
				from: view.state,
				to: prng.oneOf(gen, exits).to,
				reason: 'powód'
			};
		else if (prng.bool(gen))
			event = { ...stamp, type: 'zgoda', kind: 'pisemna', date: '2026-01-02', signatories: [] };
		else event = { ...stamp, type: 'zagrozenie', date: '2026-01-03', concernId: `c-${step}` };
		core.appendCaseEvent(doc, event);
	}
}

function editVisits(gen: prng.PRNG, doc: Y.Doc): void {
	const visits = doc.getArray<Y.Map<unknown>>('visits').toArray();
	const ids = visits.map((v) => v.get('id') as string);
	const r = prng.real53(gen);
	if (r < 0.15 || ids.length === 0)
		addVisit(
			doc,
			{
				date: '2026-02-0' + prng.int32(gen, 1, 9),
				start: '10:00',
				end: '11:00',
				type: 'wizyta_domowa',
				place: prng.word(gen, 2, 6),
				present: '',
				offline: false
			},
			seededUuid(gen)
		);
	else if (r < 0.35)
		updateVisit(doc, prng.oneOf(gen, ids), {
			place: prng.word(gen, 2, 9),
			present: prng.word(gen, 0, 5)
		});
	else {
		// Rich text as Tiptap writes it: paragraphs of text inside the narrative's fragment.
		const frag = visitFragment(
			doc,
			prng.oneOf(gen, ids),
			prng.oneOf(gen, ['topics', 'progress', 'observations'] as const)
		);
		if (!frag) return;
		doc.transact(() => {
			if (frag.length === 0 || prng.real53(gen) < 0.2) {
				const p = new Y.XmlElement('paragraph');
				p.insert(0, [new Y.XmlText(prng.word(gen, 1, 6))]);
				frag.insert(frag.length, [p]);
				return;
			}
			const p = frag.get(prng.int32(gen, 0, frag.length - 1));
			const t = p instanceof Y.XmlElement ? p.get(0) : null;
			if (!(t instanceof Y.XmlText)) return;
			if (t.length > 0 && prng.bool(gen)) t.delete(prng.int32(gen, 0, t.length - 1), 1);
			else t.insert(prng.int32(gen, 0, t.length), prng.word(gen, 1, 4));
		}, plan.LOCAL_ORIGIN);
	}
}

/** The whole document, every root defined (a fresh Y.Doc lists only the roots it was asked for). */
function view(d: Y.Doc): unknown {
	planRoots(d);
	coreRoots(d);
	visitsRoots(d);
	return d.toJSON();
}

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
		return view(d);
	};
	// Real timers drive the persist ticks: wait for quiescence, never for a fixed time.
	for (let waited = 0; waited < 5000; waited += 20) {
		await h.tick(20);
		const v = view(peers[0].doc);
		if (
			peers.every((p) => isDeepStrictEqual(view(p.doc), v)) &&
			isDeepStrictEqual(await stored(), v)
		)
			break;
	}
	const refusals = peers.flatMap((p) => p.notices).filter((n) => n.includes('write-refused'));
	const final = await stored();
	await h.rooms.shutdown();
	expect(refusals, `false refusals (seed ${seed}, ${compartment})`).toEqual([]);
	for (const p of peers) expect(view(p.doc)).toEqual(view(peers[0].doc));
	expect(final).toEqual(view(peers[0].doc));
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
