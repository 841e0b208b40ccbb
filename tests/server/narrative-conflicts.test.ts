/**
 * [NC1][NC2] Narratives merge character by character, but a passage written offline and merged
 * into a passage someone else changed meanwhile is recorded by the server with both authors and
 * each side's version, until someone who may edit has read it. Real server, real SQLite, real
 * y-websocket clients on a family's visits document.
 *
 * Past 250 lines on purpose: NC1–NC2 over the same offline-typing helpers.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { familyDocName } from '../../src/lib/domain/compartments.js';
import type { NarrativeConflict } from '../../src/lib/domain/conflicts.js';
import { grantAccess } from '../../src/lib/server/families.js';
import type { SessionUser } from '../../src/lib/server/session.js';
import { createUser } from '../../src/lib/server/users.js';
import { addVisit, readVisits, visitFragment } from '../../src/lib/sync/visits-doc.js';
import { GET as listGET } from '../../src/routes/api/families/[id]/conflicts/+server.js';
import { POST as ackPOST } from '../../src/routes/api/conflicts/[id]/ack/+server.js';
import * as encoding from 'lib0/encoding';
import { MessageType } from '../../src/lib/sync/protocol.js';
import { connectClient, rawSocket, sessionCookie, startServer, waitFor } from './helpers.js';
import { sqliteSqlOf } from '../../src/lib/server/sql.js';

let s: Awaited<ReturnType<typeof startServer>>;
let piotr: string;
let visitsDoc: string;
beforeEach(async () => {
	s = await startServer();
	visitsDoc = familyDocName(s.seed.familyId, 'visits');
	piotr = await createUser(sqliteSqlOf(s.app.db), {
		orgId: s.seed.org,
		email: 'ps@test.local',
		name: 'Piotr Pracownik',
		role: 'pracownik_socjalny',
		password: 'test-password'
	});
	for (const [userId, role] of [
		[piotr, 'edit'],
		[s.seed.reader, 'read']
	] as const)
		await grantAccess(sqliteSqlOf(s.app.db), {
			familyId: s.seed.familyId,
			userId,
			role,
			compartments: ['visits'],
			grantedBy: s.seed.editor,
			reason: 'test'
		});
});
afterEach(() => s.close());

function sessionUser(id: string): SessionUser {
	const u = s.app.db
		.prepare('SELECT id, org_id, email, name, role, color FROM users WHERE id = ?')
		.get(id) as SessionUser & { org_id: string };
	return { id: u.id, orgId: u.org_id, email: u.email, name: u.name, role: u.role, color: u.color };
}

async function narratives(userId: string): Promise<NarrativeConflict[]> {
	const url = new URL(`http://localhost/api/families/${s.seed.familyId}/conflicts`);
	const event = { locals: { user: sessionUser(userId) }, params: { id: s.seed.familyId }, url };
	const res = await listGET(event as unknown as RequestEvent<{ id: string }>);
	expect(res.status).toBe(200);
	return ((await res.json()) as { narratives: NarrativeConflict[] }).narratives;
}

async function ack(userId: string, id: string): Promise<number> {
	const event = { locals: { user: sessionUser(userId) }, params: { id } };
	return (await ackPOST(event as unknown as RequestEvent<{ id: string }>)).status;
}

function device(userId: string) {
	return connectClient({
		wsUrl: s.wsUrl,
		docName: visitsDoc,
		headers: { Cookie: sessionCookie(s.app.db, userId).cookie }
	});
}
type Device = ReturnType<typeof device>;

/** Everything the device holds is stored on the server (its persisted acknowledgement). */
const savedOnServer = (d: Device, what: string) =>
	waitFor(
		() => d.persisted.some((snap) => Y.snapshotContainsUpdate(snap, Y.encodeStateAsUpdate(d.doc))),
		5000,
		what
	);

const P1 = 'Rodzina w komplecie.';
const P2 = 'Dzieci w szkole.';

/** A visit whose observations hold two paragraphs, synced to every device. */
async function visitWithNotes(...devices: Device[]): Promise<string> {
	const [first] = devices;
	const id = addVisit(first.doc, { date: '2026-12-01', type: 'wizyta_domowa', offline: false });
	first.doc.transact(() => {
		const frag = visitFragment(first.doc, id, 'observations')!;
		for (const text of [P1, P2]) {
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText(text)]);
			frag.push([p]);
		}
	});
	await waitFor(
		() => devices.every((d) => paragraphs(d, id).join('|') === `${P1}|${P2}`),
		5000,
		'visit synced'
	);
	return id;
}

/** The text of each paragraph of a visit's observations. */
function paragraphs(d: Device, visit: string): string[] {
	const frag = visitFragment(d.doc, visit, 'observations');
	if (!frag || readVisits(d.doc).visits.length === 0) return [];
	return frag
		.toArray()
		.map((p) => (p instanceof Y.XmlElement ? (p.get(0) as Y.XmlText).toString() : ''));
}

function textOf(d: Device, visit: string, n: number): Y.XmlText {
	return (visitFragment(d.doc, visit, 'observations')!.get(n) as Y.XmlElement).get(0) as Y.XmlText;
}

const openNarratives = () =>
	(
		s.app.db.prepare('SELECT count(*) AS n FROM narrative_conflicts').get() as {
			n: number;
		}
	).n;

describe('[NC1][NC2] a passage written offline into a passage changed meanwhile', () => {
	it('[NC1][NC2] is merged, and recorded once with both authors and each side’s version; an untouched passage is not', async () => {
		const anna = device(s.seed.editor);
		const ps = device(piotr);
		await waitFor(() => anna.provider.synced && ps.provider.synced);
		const visit = await visitWithNotes(anna, ps);

		anna.provider.disconnect();
		// Anna, offline: adds a sentence to the first paragraph and to the second.
		textOf(anna, visit, 0).insert(P1.length, ' Ojciec wrócił z pracy.');
		textOf(anna, visit, 1).insert(P2.length, ' Syn chory.');
		// Piotr, online: rewrites part of the first paragraph only.
		const t = textOf(ps, visit, 0);
		t.delete('Rodzina '.length, 'w komplecie'.length);
		t.insert('Rodzina '.length, 'bez ojca');
		await savedOnServer(ps, 'piotr stored');

		anna.provider.connect();
		await waitFor(
			() =>
				paragraphs(anna, visit).join('|') === paragraphs(ps, visit).join('|') &&
				paragraphs(ps, visit)[1].includes('Syn chory'),
			8000,
			'converged'
		);
		// Merged character by character: both sentences are in the text.
		const [merged1, merged2] = paragraphs(ps, visit);
		expect(merged1).toContain('bez ojca');
		expect(merged1).toContain('Ojciec wrócił z pracy.');
		expect(merged2).toBe(`${P2} Syn chory.`);

		await waitFor(() => openNarratives() > 0, 5000, 'narrative recorded');
		const list = await narratives(piotr);
		expect(list).toHaveLength(1); // the second paragraph only Anna changed: no record
		const [n] = list;
		expect(n.section).toBe('visits');
		expect(n.recordId).toBe(visit);
		expect(n.field).toBe('observations');
		expect(n.writer.userName).toBe('Edyta Edytor');
		expect(n.others.map((o) => o.userName)).toEqual(['Piotr Pracownik']);
		expect(n.mine).toBe(`${P1} Ojciec wrócił z pracy.`);
		expect(n.theirs).toBe('Rodzina bez ojca.');
		expect(n.merged).toBe(merged1);
		// Every device reads the same record.
		expect((await narratives(s.seed.editor)).map((x) => x.id)).toEqual([n.id]);
		expect((await narratives(s.seed.reader)).map((x) => x.id)).toEqual([n.id]);
		anna.destroy();
		ps.destroy();
	});

	it('[NC2] marked until someone who may edit has read it: a reader is refused (403, audited), the stranger gets 404, an editor clears it for everyone', async () => {
		const anna = device(s.seed.editor);
		const ps = device(piotr);
		await waitFor(() => anna.provider.synced && ps.provider.synced);
		const visit = await visitWithNotes(anna, ps);
		anna.provider.disconnect();
		textOf(anna, visit, 0).insert(0, 'Rano: ');
		textOf(ps, visit, 0).insert(P1.length, ' Matka w pracy.');
		await savedOnServer(ps, 'piotr stored');
		anna.provider.connect();
		await waitFor(() => openNarratives() === 1, 8000, 'narrative recorded');
		const [n] = await narratives(piotr);
		expect(n.mine).toBe(`Rano: ${P1}`);
		expect(n.theirs).toBe(`${P1} Matka w pracy.`);
		expect(n.merged).toBe(`Rano: ${P1} Matka w pracy.`);

		expect(await ack(s.seed.reader, n.id)).toBe(403);
		expect(await ack(s.seed.stranger, n.id)).toBe(404);
		const refused = s.app.db
			.prepare(`SELECT count(*) AS n FROM audit_log WHERE action = 'refused' AND detail LIKE ?`)
			.get(`%${n.id}%`) as { n: number };
		expect(refused.n).toBe(1);
		expect(await narratives(piotr)).toHaveLength(1);
		expect(await ack(piotr, n.id)).toBe(204);
		expect(await ack(s.seed.editor, n.id)).toBe(409);
		expect(await narratives(s.seed.editor)).toEqual([]);
		anna.destroy();
		ps.destroy();
	});

	it('[NC1] no record when nobody else changed the passage, when both typed online, or when the other side was the writer’s own second device', async () => {
		const anna = device(s.seed.editor);
		const annaPhone = device(s.seed.editor);
		const ps = device(piotr);
		await waitFor(() => anna.provider.synced && ps.provider.synced && annaPhone.provider.synced);
		const visit = await visitWithNotes(anna, ps, annaPhone);
		// Both online, typing into one paragraph: the ordinary collaborative case.
		textOf(anna, visit, 0).insert(0, 'A ');
		textOf(ps, visit, 0).insert(P1.length, ' B');
		// Offline, into a paragraph only her own phone changed meanwhile.
		await waitFor(() => paragraphs(annaPhone, visit)[0] === `A ${P1} B`, 5000, 'online merged');
		anna.provider.disconnect();
		textOf(anna, visit, 1).insert(0, 'Laptop: ');
		textOf(annaPhone, visit, 1).insert(P2.length, ' Telefon.');
		await savedOnServer(annaPhone, 'phone stored');
		anna.provider.connect();
		await waitFor(
			() => paragraphs(ps, visit)[1] === `Laptop: ${P2} Telefon.`,
			8000,
			'laptop merged'
		);
		// A later live update of the same socket proves the reconnect was fully handled.
		textOf(anna, visit, 1).insert(0, '!');
		await waitFor(() => paragraphs(ps, visit)[1].startsWith('!'), 5000, 'live edit');
		expect(openNarratives()).toBe(0);
		anna.destroy();
		annaPhone.destroy();
		ps.destroy();
	});

	it('[NC1][NC2] a hostile editor claiming to have seen nothing opens one record per passage however often it sends; a reader’s SyncStep2 is never examined nor applied', async () => {
		const anna = device(s.seed.editor);
		const ps = device(piotr);
		await waitFor(() => anna.provider.synced && ps.provider.synced);
		const visit = await visitWithNotes(anna, ps);
		textOf(ps, visit, 0).insert(0, 'P ');
		await savedOnServer(ps, 'piotr stored');
		await waitFor(() => paragraphs(anna, visit)[0].startsWith('P '), 5000, 'anna synced');

		/** A raw socket that says it has seen nothing, then sends `n` SyncStep2 frames typing. */
		const hostile = async (userId: string, n: number, tag: string) => {
			const raw = rawSocket(`${s.wsUrl}/${visitsDoc}`, {
				Cookie: sessionCookie(s.app.db, userId).cookie
			});
			await raw.opened;
			await waitFor(() => raw.frames.some((f) => f[0] === MessageType.persisted), 5000, 'greeting');
			const frame = (type: number, payload: Uint8Array) => {
				const e = encoding.createEncoder();
				encoding.writeVarUint(e, MessageType.sync);
				encoding.writeVarUint(e, type);
				encoding.writeVarUint8Array(e, payload);
				raw.ws.send(encoding.toUint8Array(e));
			};
			frame(0, Y.encodeStateVector(new Y.Doc())); // SyncStep1: "I have seen nothing"
			const forged = new Y.Doc();
			Y.applyUpdate(forged, Y.encodeStateAsUpdate(anna.doc));
			for (let k = 0; k < n; k++) {
				const sv = Y.encodeStateVector(forged);
				(
					(visitFragment(forged, visit, 'observations')!.get(0) as Y.XmlElement).get(0) as Y.XmlText
				).insert(0, `${tag}${k} `);
				frame(1, Y.encodeStateAsUpdate(forged, sv)); // SyncStep2
			}
			return raw;
		};
		const raw = await hostile(s.seed.editor, 10, 'x');
		await waitFor(() => paragraphs(ps, visit)[0].startsWith('x9 '), 5000, 'all ten applied');
		// Its own claim names it as the writer; ten sends are still one record for the passage.
		expect(openNarratives()).toBe(1);
		raw.ws.close();

		const reader = await hostile(s.seed.reader, 3, 'r');
		await waitFor(
			() => reader.frames.some((f) => f[0] === MessageType.notice),
			5000,
			'read-only notice'
		);
		expect(paragraphs(ps, visit)[0]).not.toContain('r0 ');
		expect(openNarratives()).toBe(1);
		reader.ws.close();
		anna.destroy();
		ps.destroy();
	});
});
