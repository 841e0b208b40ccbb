/**
 * [NK2] The family's assistant outside the grupa diagnostyczno-pomocowa starts a Niebieska Karta
 * procedure (NK-A) and records its hand-over to the ZI chair, write-only: the attacks first —
 * the assistant must never receive a byte of the rest of the violence compartment, nor change
 * or remove what the group wrote. Real server, demo people, real y-websocket clients.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { AsystaServer } from '../../server/app.js';
import { familyDocName } from '../../src/lib/domain/compartments.js';
import { addNk, readNk, updateNk } from '../../src/lib/sync/nk-doc.js';
import { nkRoots, safetyRoots } from '../../src/lib/sync/doc-schema.js';
import { MessageType, Notice } from '../../src/lib/sync/protocol.js';
import { listFamiliesForUser, documentAccess } from '../../src/lib/server/families.js';
import {
	startDemoServer,
	type DemoPerson,
	connectClient,
	rawSocket,
	sessionCookie,
	waitFor
} from './helpers.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';

let app: AsystaServer;
let wsUrl: string;
let origin: string;
let familyId: string;
let ids: Record<DemoPerson, string>;
let close: () => Promise<void>;
let docName: string;
/** The group's own procedure, recorded by the ZI member before the assistant comes. */
const GROUP_RECORD = '0e1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b';

beforeAll(async () => {
	({ app, wsUrl, origin, familyId, ids, close } = await startDemoServer('nk-submit'));
	docName = familyDocName(familyId, 'violence');
	// Anna is the family's assistant but, here, not a member of the diagnostic group.
	app.db
		.prepare(
			`UPDATE grants SET revoked_at = ?, revoked_by = ? WHERE user_id = ? AND family_id = ?
			 AND compartments = '["violence"]'`
		)
		.run(Date.now(), ids.krystyna, ids.anna, familyId);
	const zenon = open('zenon');
	await waitFor(() => zenon.provider.synced, 5000, 'zenon syncs');
	addNk(zenon.doc, { startedOn: '2026-04-28', suspectAbsent: true }, GROUP_RECORD);
	await waitFor(() => rowsBy('zenon') > 0, 5000, 'group record stored');
	zenon.destroy();
});
afterAll(() => close());

const headers = (p: DemoPerson) => ({
	Cookie: sessionCookie(app.db, ids[p]).cookie,
	Origin: origin
});
const open = (p: DemoPerson, doc?: Y.Doc) =>
	connectClient({ wsUrl, docName, headers: headers(p), doc });
const rowsBy = (p: DemoPerson) =>
	(
		app.db
			.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_name = ? AND user_id = ?')
			.get(docName, ids[p]) as { n: number }
	).n;
/** The compartment as the group holds it: a fresh ZI member's copy once synced. */
async function groupCopy(): Promise<Y.Doc> {
	const zenon = open('zenon');
	await waitFor(() => zenon.provider.synced, 5000, 'zenon syncs');
	await app.rooms.queue.flush();
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(zenon.doc));
	zenon.destroy();
	return copy;
}
/** A raw socket of the assistant, greeted; sends one Yjs update and returns the notice it gets. */
async function sendRaw(update: Uint8Array): Promise<Notice> {
	const raw = rawSocket(`${wsUrl}/${docName}`, headers('anna'));
	await raw.opened;
	await waitFor(() => raw.frames.some((f) => f[0] === MessageType.persisted), 5000, 'greeting');
	const frame = encoding.createEncoder();
	encoding.writeVarUint(frame, MessageType.sync);
	syncProtocol.writeUpdate(frame, update);
	raw.ws.send(encoding.toUint8Array(frame));
	await waitFor(() => raw.frames.some((f) => f[0] === MessageType.notice), 5000, 'notice');
	const dec = decoding.createDecoder(raw.frames.find((f) => f[0] === MessageType.notice)!);
	decoding.readVarUint(dec);
	raw.ws.close();
	return Notice.parse(JSON.parse(decoding.readVarString(dec)));
}
const contains = (frame: Uint8Array, text: string) =>
	Buffer.from(frame).includes(Buffer.from(text, 'utf8'));

describe('NK2: the assistant starts a Niebieska Karta write-only', () => {
	it('[NK2][AC5] the assistant outside the group opens violence write-only; every other reader of access sees no access', async () => {
		expect(
			await documentAccess(sqliteSqlOf(app.db), ids.anna, docName, Date.now(), { writeOnly: true })
		).toMatchObject({ ok: true, role: 'submit' });
		// History, conflicts, audit uploads read documentAccess without writeOnly: no access.
		expect((await documentAccess(sqliteSqlOf(app.db), ids.anna, docName)).ok).toBe(false);
		const fam = (await listFamiliesForUser(sqliteSqlOf(app.db), ids.anna)).find(
			(f) => f.id === familyId
		)!;
		expect(fam.docs.violence?.role).toBe('submit');
		// The social worker edits core too, but is not the family's assistant.
		expect(
			(
				await documentAccess(sqliteSqlOf(app.db), ids.piotr, docName, Date.now(), {
					writeOnly: true
				})
			).ok
		).toBe(false);
	});

	it('[NK2] attack: a raw socket of the assistant receives no byte of the group’s records, no state vector, no awareness', async () => {
		const zenon = open('zenon');
		await waitFor(() => zenon.provider.synced, 5000, 'zenon syncs');
		zenon.provider.awareness.setLocalStateField('user', { name: 'Zenon' });
		const raw = rawSocket(`${wsUrl}/${docName}`, headers('anna'));
		await raw.opened;
		await waitFor(() => raw.frames.length >= 2, 5000, 'greeting');
		// A later change by the group is not broadcast to the write-only socket either.
		updateNk(zenon.doc, GROUP_RECORD, { toChairOn: '2026-04-30' });
		await waitFor(() => rowsBy('zenon') > 1, 5000, 'group change stored');
		// A socket that asks with an empty state vector gets an empty answer.
		const anna = open('anna');
		await waitFor(() => anna.provider.synced, 5000, 'anna syncs');
		expect(readNk(anna.doc).procedures).toEqual([]);
		expect(anna.doc.store.clients.size).toBe(0);
		for (const f of raw.frames) {
			expect(contains(f, GROUP_RECORD)).toBe(false);
			expect(contains(f, 'Zenon')).toBe(false);
		}
		// The persisted acknowledgement names no one else's client id (her own, bound by another
		// test's write in a shuffled order, she may learn).
		await app.rooms.queue.flush();
		const others = new Set(
			(
				app.db
					.prepare('SELECT client_id FROM doc_clients WHERE doc_name = ? AND user_id != ?')
					.all(docName, ids.anna) as { client_id: number }[]
			).map((r) => r.client_id)
		);
		expect(others.size).toBeGreaterThan(0); // the group's writers are there to be hidden
		for (const s of anna.persisted)
			expect([...s.sv.keys()].filter((c) => others.has(c))).toEqual([]);
		raw.ws.close();
		anna.destroy();
		zenon.destroy();
	});

	it('[NK2] the assistant starts a procedure and records the hand-over; the group sees it', async () => {
		const anna = open('anna');
		await waitFor(() => anna.provider.synced, 5000, 'anna syncs');
		const id = addNk(anna.doc, { startedOn: '2026-12-22', suspectAbsent: false });
		updateNk(anna.doc, id, { toChairOn: '2026-12-23' });
		await waitFor(
			() => anna.persisted.some((s) => (s.sv.get(anna.doc.clientID) ?? 0) > 0),
			5000,
			'own write acknowledged'
		);
		const zenon = open('zenon');
		await waitFor(
			() => readNk(zenon.doc).procedures.some((p) => p.id === id && p.toChairOn === '2026-12-23'),
			5000,
			'the group sees the assistant’s record'
		);
		// Still nothing of the group's own record reached the assistant.
		expect(readNk(anna.doc).procedures.map((p) => p.id)).toEqual([id]);
		anna.destroy();
		zenon.destroy();
	});

	it('[NK2] attack: the assistant cannot change the group’s record, even knowing its id', async () => {
		// The attacker forges a field write into the group's record (as if it had learnt it).
		const stolen = await groupCopy();
		const before = Y.encodeStateVector(stolen);
		const forged = new Y.Doc();
		Y.applyUpdate(forged, Y.encodeStateAsUpdate(stolen));
		updateNk(forged, GROUP_RECORD, { toGroupOn: '2026-05-05' });
		const rows = rowsBy('anna');
		expect(await sendRaw(Y.encodeStateAsUpdate(forged, before))).toEqual({
			type: 'write-refused',
			reason: 'field-not-yours'
		});
		await app.rooms.queue.flush();
		expect(rowsBy('anna')).toBe(rows);
		const server = readNk(await groupCopy()).procedures.find((p) => p.id === GROUP_RECORD);
		expect(server?.toGroupOn).toBe('');
	});

	it('[NK2] attack: the assistant writes nothing else of the compartment (safety records, meta)', async () => {
		const anna = open('anna');
		await waitFor(() => anna.provider.synced, 5000, 'anna syncs');
		const rows = rowsBy('anna');
		anna.doc.getMap('meta').set('x', 1);
		safetyRoots(anna.doc).safety.push([new Y.Map()]);
		await waitFor(() => anna.notices.length > 0, 5000, 'refusal notice');
		expect(anna.notices[0]).toEqual({ type: 'write-refused', reason: 'submit-only' });
		await app.rooms.queue.flush();
		expect(rowsBy('anna')).toBe(rows);
		anna.destroy();
	});

	it('[NK2] attack: the assistant cannot remove a record, not even the group’s from a forged copy', async () => {
		const stolen = await groupCopy();
		const before = Y.encodeStateVector(stolen);
		const list = nkRoots(stolen).procedures;
		const i = list.toArray().findIndex((m) => (m as Y.Map<unknown>).get('id') === GROUP_RECORD);
		stolen.clientID = 987654321;
		list.delete(i, 1);
		expect(await sendRaw(Y.encodeStateAsUpdate(stolen, before))).toEqual({
			type: 'write-refused',
			reason: 'removes-record'
		});
		expect(readNk(await groupCopy()).procedures.some((p) => p.id === GROUP_RECORD)).toBe(true);
	});

	it('[NK2][AC2] once granted membership of the group, the assistant reads everything again', async () => {
		app.db
			.prepare(
				`UPDATE grants SET revoked_at = NULL, revoked_by = NULL WHERE user_id = ? AND family_id = ?
				 AND compartments = '["violence"]'`
			)
			.run(ids.anna, familyId);
		const anna = open('anna');
		await waitFor(
			() => readNk(anna.doc).procedures.some((p) => p.id === GROUP_RECORD),
			5000,
			'reads the group record'
		);
		anna.destroy();
		// Back to the file's premise (not in the group): tests of this file run in any order.
		app.db
			.prepare(
				`UPDATE grants SET revoked_at = ?, revoked_by = ? WHERE user_id = ? AND family_id = ?
				 AND compartments = '["violence"]'`
			)
			.run(Date.now(), ids.krystyna, ids.anna, familyId);
	});
});
