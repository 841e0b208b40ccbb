/**
 * [PF1] A document stored as a checkpoint alone is answered from its bytes on a cold open; the
 * first change builds it before the write policy looks, so refusals and acceptances are those of a
 * document built at load. Demo people and grants, real y-websocket clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { AsystaServer } from '../../server/app.js';
import { familyDocName } from '../../src/lib/domain/compartments.js';
import { todayInPoland } from '../../src/lib/domain/dates.js';
import { visitsRoots } from '../../src/lib/sync/doc-schema.js';
import { addVisit } from '../../src/lib/sync/visits-doc.js';
import {
	connectClient,
	sessionCookie,
	startDemoServer,
	waitFor,
	type DemoPerson
} from './helpers.js';

let app: AsystaServer;
let wsUrl: string;
let origin: string;
let familyId: string;
let ids: Record<DemoPerson, string>;
let close: () => Promise<void>;

beforeAll(async () => {
	({ app, wsUrl, origin, familyId, ids, close } = await startDemoServer('cold'));
});
afterAll(() => close());

const visitsDoc = () => familyDocName(familyId, 'visits');
const rows = () =>
	(
		app.db.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_name = ?').get(visitsDoc()) as {
			n: number;
		}
	).n;

function open(p: DemoPerson, doc?: Y.Doc) {
	const headers = { Cookie: sessionCookie(app.db, ids[p]).cookie, Origin: origin };
	return connectClient({ wsUrl, docName: visitsDoc(), headers, doc });
}

/** Everyone leaves and the room unloads, leaving a checkpoint with no rows after it. */
async function leaveAndUnload(...clients: ReturnType<typeof open>[]) {
	for (const c of clients) c.destroy();
	await waitFor(() => app.rooms.loaded(visitsDoc()) === undefined, 5000, 'unload');
	const stored = await app.store.load(visitsDoc());
	expect(stored.checkpoint).not.toBeNull();
	expect(stored.updates).toEqual([]);
}

describe('[PF1] cold opens from the stored bytes', () => {
	it('[PF1] answers fresh and up-to-date devices without building the document, with the same content', async () => {
		const anna = open('anna');
		await waitFor(() => anna.provider.synced, 5000, 'anna syncs');
		addVisit(anna.doc, { date: todayInPoland(), type: 'wizyta_domowa', offline: false });
		const written = Y.encodeStateAsUpdate(anna.doc);
		const annaDoc = new Y.Doc();
		Y.applyUpdate(annaDoc, written);
		await waitFor(
			() => anna.persisted.some((p) => p.sv.get(anna.doc.clientID) !== undefined),
			5000,
			'stored'
		);
		await leaveAndUnload(anna);

		// A fresh device (the head, a reader) and anna's up-to-date copy open it cold.
		const fresh = open('krystyna');
		const again = open('anna', annaDoc);
		await waitFor(() => fresh.provider.synced && again.provider.synced, 5000, 'both sync');
		await waitFor(() => fresh.persisted.length > 0 && again.persisted.length > 0, 5000, 'acks');
		const room = app.rooms.loaded(visitsDoc())!;
		expect(room.built).toBe(false);
		expect(Y.encodeStateVector(fresh.doc)).toEqual(Y.encodeStateVector(annaDoc));
		expect(visitsRoots(fresh.doc).visits.toJSON()).toEqual(visitsRoots(annaDoc).visits.toJSON());
		// The committed snapshot from the bytes covers what both hold: both say "zapisane".
		for (const c of [fresh, again])
			expect(Y.snapshotContainsUpdate(c.persisted.at(-1)!, Y.encodeStateAsUpdate(c.doc))).toBe(
				true
			);
		// The facts kept from the unloaded room are those the checkpoint's bytes give.
		const cp = (await app.store.load(visitsDoc())).checkpoint!;
		const fromBytes = Y.createSnapshot(
			Y.decodeUpdate(cp.state).ds,
			Y.decodeStateVector(Y.encodeStateVectorFromUpdate(cp.state))
		);
		expect(Y.equalSnapshots(fresh.persisted[0], fromBytes)).toBe(true);
		expect(fresh.notices).toEqual([]);
		await leaveAndUnload(fresh, again);
	});

	it('[PF1] builds the document on the first change: the write policy refuses and accepts as before', async () => {
		const first = open('anna');
		await waitFor(() => first.provider.synced, 5000, 'first sync');
		await leaveAndUnload(first);
		const anna = open('anna');
		const witness = open('krystyna');
		await waitFor(() => anna.provider.synced && witness.provider.synced, 5000, 'sync');
		expect(app.rooms.loaded(visitsDoc())!.built).toBe(false);
		const before = rows();

		// Removing a valid visit is refused on the document built just now (a shadow copied from
		// an empty document would not know the visit and could not judge).
		expect(visitsRoots(anna.doc).visits.length).toBeGreaterThan(0);
		anna.doc.transact(() => visitsRoots(anna.doc).visits.delete(0, 1));
		await waitFor(() => anna.notices.length > 0, 5000, 'notice');
		expect(anna.notices[0]).toEqual({ type: 'write-refused', reason: 'removes-record' });
		expect(app.rooms.loaded(visitsDoc())!.built).toBe(true);
		expect(rows()).toBe(before);
		anna.destroy();

		// A new visit from a fresh socket is accepted, stored and broadcast.
		const anna2 = open('anna');
		await waitFor(() => anna2.provider.synced, 5000, 'anna2 syncs');
		const count = visitsRoots(witness.doc).visits.length;
		addVisit(anna2.doc, { date: todayInPoland(), type: 'wizyta_domowa', offline: false });
		await waitFor(() => visitsRoots(witness.doc).visits.length === count + 1, 5000, 'broadcast');
		await waitFor(() => rows() === before + 1, 5000, 'stored row');
		expect(anna2.notices).toEqual([]);
		anna2.destroy();
		witness.destroy();
	});
});
