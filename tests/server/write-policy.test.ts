/**
 * Attacks on the write path, each by a socket that may write the document (issue "The case file as
 * evidence"): the demo's people and grants, real y-websocket clients and raw sockets sending what
 * an honest client never would. Every attack must be refused with a named notice, leave nothing
 * stored or broadcast, leave an audit row, and leave the attacker's other sockets and everyone
 * else working (RM16, RM17, RM18).
 *
 * Past 250 lines on purpose: every attack runs against one server and demo started once
 * (beforeAll); a file per kind would start it again.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { AsystaServer } from '../../server/app.js';
import {
	commentsDocName,
	familyDocName,
	type Compartment
} from '../../src/lib/domain/compartments.js';
import type { CaseEvent } from '../../src/lib/domain/case-events.js';
import { addRemark } from '../../src/lib/sync/comments-doc.js';
import {
	addMember,
	appendCaseEvent,
	readCore,
	setMemberField
} from '../../src/lib/sync/core-doc.js';
import { addAssessment } from '../../src/lib/sync/assessments-doc.js';
import {
	commentsRoots,
	coreRoots,
	courtRoots,
	planRoots,
	visitsRoots
} from '../../src/lib/sync/doc-schema.js';
import { addOpinionRequest, addCourtOrder } from '../../src/lib/sync/court-doc.js';
import { addAction, setActionDeadline } from '../../src/lib/sync/plan-doc.js';
import { addVisit } from '../../src/lib/sync/visits-doc.js';
import { addMonths, todayInPoland } from '../../src/lib/domain/dates.js';
import { MessageType, Notice } from '../../src/lib/sync/protocol.js';
import {
	startDemoServer,
	type DemoPerson,
	connectClient,
	rawSocket,
	sessionCookie,
	waitFor
} from './helpers.js';

type Person = DemoPerson;
type Column = Compartment | 'plan-uwagi';

/** Who may write each document in the demo (domain.md §5.1, as tests/server/matrix.test.ts). */
const WRITERS: Record<Column, Person[]> = {
	core: ['anna', 'piotr', 'krystyna'],
	plan: ['anna', 'piotr'],
	visits: ['anna'],
	assessments: ['anna'],
	health: ['anna'],
	violence: ['anna', 'zenon'],
	court: ['anna', 'krystyna'],
	'child-in-care': ['anna'],
	'plan-uwagi': ['anna', 'piotr', 'kasia']
};
/** Someone else who opens each document (their client id is bound by awareness alone). */
const VICTIM: Record<Column, (attacker: Person) => Person> = {
	core: (a) => (a === 'anna' ? 'piotr' : 'anna'),
	plan: (a) => (a === 'anna' ? 'piotr' : 'anna'),
	visits: () => 'krystyna',
	assessments: () => 'krystyna',
	health: () => 'krystyna',
	violence: (a) => (a === 'anna' ? 'zenon' : 'anna'),
	court: (a) => (a === 'anna' ? 'krystyna' : 'anna'),
	'child-in-care': () => 'krystyna',
	'plan-uwagi': (a) => (a === 'kasia' ? 'anna' : 'kasia')
};

let app: AsystaServer;
let wsUrl: string;
let origin: string;
let familyId: string;
let ids: Record<Person, string>;
let close: () => Promise<void>;

beforeAll(async () => {
	({ app, wsUrl, origin, familyId, ids, close } = await startDemoServer('policy'));
});
afterAll(() => close());

const docOf = (c: Column) =>
	c === 'plan-uwagi' ? commentsDocName(familyId, 'plan') : familyDocName(familyId, c);
const userOf = (p: Person) =>
	app.db.prepare('SELECT id, name, role FROM users WHERE id = ?').get(ids[p]) as {
		id: string;
		name: string;
		role: string;
	};
const headers = (p: Person) => ({ Cookie: sessionCookie(app.db, ids[p]).cookie, Origin: origin });
const rows = (docName: string) =>
	(
		app.db.prepare('SELECT count(*) AS n FROM doc_updates WHERE doc_name = ?').get(docName) as {
			n: number;
		}
	).n;
const refusalsAudited = (p: Person, code: string) =>
	(
		app.db
			.prepare(
				`SELECT count(*) AS n FROM audit_log WHERE actor_id = ? AND action = 'refused'
				 AND json_extract(detail, '$.write') = ?`
			)
			.get(ids[p], code) as { n: number }
	).n;

async function open(p: Person, c: Column) {
	const client = connectClient({ wsUrl, docName: docOf(c), headers: headers(p) });
	await waitFor(() => client.provider.synced, 5000, `${p} syncs ${c}`);
	return client;
}

/** A raw socket of `p` on `c`, greeted; sends one Yjs update and returns the notice it gets. */
async function sendRaw(p: Person, c: Column, update: Uint8Array): Promise<Notice> {
	const raw = rawSocket(`${wsUrl}/${docOf(c)}`, headers(p));
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

/** A Yjs update with one GC struct over `[0, length)` of `clientId`: content nobody can read. */
function gcUpdate(clientId: number, length: number): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1); // one client
	encoding.writeVarUint(e, 1); // one struct
	encoding.writeVarUint(e, clientId);
	encoding.writeVarUint(e, 0); // first clock
	encoding.writeUint8(e, 0); // GC
	encoding.writeVarUint(e, length);
	encoding.writeVarUint(e, 0); // empty delete set
	return encoding.toUint8Array(e);
}

/** A legitimate-looking change for the document, made under `clientId` on top of `base`. */
function changeAs(base: Y.Doc, clientId: number, c: Column, author: ReturnType<typeof userOf>) {
	const forged = new Y.Doc();
	forged.clientID = clientId;
	Y.applyUpdate(forged, Y.encodeStateAsUpdate(base));
	const sv = Y.encodeStateVector(forged);
	if (c === 'plan-uwagi')
		addRemark(forged, {
			itemId: 'x',
			text: 'pod cudzym identyfikatorem',
			authorId: author.id,
			authorName: author.name,
			authorRole: author.role
		});
	else forged.getMap('meta').set('probe', 'pod cudzym identyfikatorem');
	return Y.encodeStateAsUpdate(forged, sv);
}

describe('[RM16][RM17] every document kind refuses what its policy does not allow', () => {
	for (const column of Object.keys(WRITERS) as Column[]) {
		for (const attacker of WRITERS[column]) {
			it(`[RM16][RM17] ${attacker} on ${column}: an unknown root, another user's client id (item and GC) are refused, nothing stored or broadcast`, async () => {
				const docName = docOf(column);
				const victimPerson = VICTIM[column](attacker);
				const victim = await open(victimPerson, column);
				// Presence as a browser sets it (a first state with clock 0 is not relayed by Yjs).
				victim.provider.awareness.setLocalStateField('focus', 'plan');
				const me = await open(attacker, column);
				const witness = await open(victimPerson, column);
				await waitFor(
					() => me.provider.awareness.getStates().has(victim.doc.clientID),
					5000,
					'victim announced'
				);
				const before = rows(docName);

				// A root the policy does not know.
				me.doc.getMap('obce').set('x', 'nikt tego nie czyta');
				await waitFor(() => me.notices.length > 0, 5000, 'notice');
				expect(me.notices[0]).toEqual({ type: 'write-refused', reason: 'unknown-root' });

				// An item, and a GC struct, under the victim's client id (seen in awareness).
				const item = changeAs(me.doc, victim.doc.clientID, column, userOf(attacker));
				expect(await sendRaw(attacker, column, item)).toEqual({
					type: 'write-refused',
					reason: 'foreign-client'
				});
				expect(await sendRaw(attacker, column, gcUpdate(victim.doc.clientID, 1000))).toEqual({
					type: 'write-refused',
					reason: 'foreign-client'
				});
				expect(rows(docName)).toBe(before);

				// The victim still writes, and the witness receives it without any attack content.
				if (column === 'plan-uwagi') {
					const u = userOf(victimPerson);
					addRemark(victim.doc, {
						itemId: 'x',
						text: 'uwaga ofiary',
						authorId: u.id,
						authorName: u.name,
						authorRole: u.role
					});
					await waitFor(
						() =>
							commentsRoots(witness.doc).remarks.length ===
							commentsRoots(victim.doc).remarks.length,
						5000,
						'witness has the victim’s remark'
					);
				} else if (WRITERS[column].includes(victimPerson)) {
					victim.doc.getMap('meta').set(`po-ataku-${attacker}`, 1);
					await waitFor(() => witness.doc.getMap('meta').get(`po-ataku-${attacker}`) === 1);
				}
				expect(witness.doc.share.has('obce')).toBe(false);
				expect(witness.doc.getMap('meta').get('probe')).toBeUndefined();
				expect(refusalsAudited(attacker, 'unknown-root')).toBeGreaterThan(0);
				expect(refusalsAudited(attacker, 'foreign-client')).toBeGreaterThan(0);
				for (const c of [victim, me, witness]) c.destroy();
			});
		}
	}
});

describe('[RM17] append-only logs and stamped fields', () => {
	it('[RM17][RM18] the social worker cannot delete the first case event nor close the case in the assistant’s name', async () => {
		const state = () =>
			(
				app.db.prepare('SELECT case_state FROM families WHERE id = ?').get(familyId) as {
					case_state: string;
				}
			).case_state;
		const piotr = await open('piotr', 'core');
		const stateBefore = readCore(piotr.doc).caseView.state;
		const projectedBefore = state();
		const eventsBefore = coreRoots(piotr.doc).caseEvents.length;
		const docName = docOf('core');
		const before = rows(docName);

		piotr.doc.transact(() => coreRoots(piotr.doc).caseEvents.delete(0, 1));
		await waitFor(() => piotr.notices.length > 0, 5000, 'notice');
		expect(piotr.notices[0]).toEqual({ type: 'write-refused', reason: 'deletes' });

		const anna = userOf('anna');
		const forged: CaseEvent = {
			id: 'forged-close',
			type: 'przejscie',
			from: stateBefore,
			to: 'ZAKONCZENIE',
			reason: '',
			at: new Date().toISOString(),
			actorId: anna.id,
			actorName: anna.name,
			actorRole: anna.role,
			online: true
		};
		const piotr2 = await open('piotr', 'core');
		appendCaseEvent(piotr2.doc, forged);
		await waitFor(() => piotr2.notices.length > 0, 5000, 'notice');
		expect(piotr2.notices[0]).toEqual({ type: 'write-refused', reason: 'foreign-author' });

		// Signed honestly, the closure is not the social worker's step (Exit.by).
		const me = userOf('piotr');
		const piotr3 = await open('piotr', 'core');
		appendCaseEvent(piotr3.doc, {
			...forged,
			id: 'own-close',
			actorId: me.id,
			actorName: me.name,
			actorRole: me.role
		});
		await waitFor(() => piotr3.notices.length > 0, 5000, 'notice');
		expect(piotr3.notices[0]).toEqual({ type: 'write-refused', reason: 'not-your-transition' });

		// Someone else's name or role on an event of one's own id: refused too.
		const piotr4 = await open('piotr', 'core');
		appendCaseEvent(piotr4.doc, {
			...forged,
			id: 'wrong-role',
			type: 'zgoda',
			kind: 'pisemna',
			date: '2025-01-01',
			signatories: [],
			actorId: me.id,
			actorName: me.name,
			actorRole: 'kierownik'
		} as CaseEvent);
		await waitFor(() => piotr4.notices.length > 0, 5000, 'notice');
		expect(piotr4.notices[0]).toEqual({ type: 'write-refused', reason: 'foreign-author' });

		// The attacker's socket and everyone else keep working; nothing was stored.
		const check = await open('krystyna', 'core');
		expect(coreRoots(check.doc).caseEvents.length).toBe(eventsBefore);
		expect(readCore(check.doc).caseView.state).toBe(stateBefore);
		expect(rows(docName)).toBe(before);
		expect(state()).toBe(projectedBefore);
		piotr.doc.getMap('meta').set('nadal-pisze', true);
		await waitFor(() => check.doc.getMap('meta').get('nadal-pisze') === true);
		expect(refusalsAudited('piotr', 'deletes')).toBeGreaterThan(0);
		for (const c of [piotr, piotr2, piotr3, piotr4, check]) c.destroy();
	});

	it('[RM17][AC6] a remark signed with the head’s name or role is refused', async () => {
		const kasia = userOf('kasia');
		const head = userOf('krystyna');
		for (const forged of [
			{ authorName: head.name, authorRole: kasia.role },
			{ authorName: kasia.name, authorRole: head.role }
		]) {
			const c = await open('kasia', 'plan-uwagi');
			addRemark(c.doc, { itemId: 'x', text: 'podpis cudzy', authorId: kasia.id, ...forged });
			await waitFor(() => c.notices.length > 0, 5000, 'notice');
			expect(c.notices[0]).toEqual({ type: 'write-refused', reason: 'foreign-author' });
			c.destroy();
		}
	});

	it('[RM16][RM15] a GC struct over another user’s future clocks cannot make their later remark vanish', async () => {
		const annaUser = userOf('anna');
		const anna = await open('anna', 'plan-uwagi');
		addRemark(anna.doc, {
			itemId: 'x',
			text: 'pierwsza',
			authorId: annaUser.id,
			authorName: annaUser.name,
			authorRole: annaUser.role
		});
		const kasia = await open('kasia', 'plan-uwagi');
		await waitFor(() => commentsRoots(kasia.doc).remarks.length > 0);
		expect(await sendRaw('kasia', 'plan-uwagi', gcUpdate(anna.doc.clientID, 1000))).toEqual({
			type: 'write-refused',
			reason: 'foreign-client'
		});
		addRemark(anna.doc, {
			itemId: 'x',
			text: 'druga, po ataku',
			authorId: annaUser.id,
			authorName: annaUser.name,
			authorRole: annaUser.role
		});
		await waitFor(
			() =>
				commentsRoots(kasia.doc)
					.remarks.toArray()
					.some((r) => JSON.stringify(r).includes('po ataku')),
			5000,
			'the later remark reaches the other peer'
		);
		anna.destroy();
		kasia.destroy();
	});
});

describe('[RM17] records of the case file', () => {
	it('[RM17][RE1] a valid visit is never removed; a court opinion is approved only by the head', async () => {
		const anna = await open('anna', 'visits');
		expect(visitsRoots(anna.doc).visits.length).toBeGreaterThan(0);
		anna.doc.transact(() => visitsRoots(anna.doc).visits.delete(0, 1));
		await waitFor(() => anna.notices.length > 0, 5000, 'notice');
		expect(anna.notices[0]).toEqual({ type: 'write-refused', reason: 'removes-record' });

		const court = await open('anna', 'court');
		addOpinionRequest(court.doc, {
			court: 'Sąd Rejonowy',
			caseRef: 'III Nsm 1/25',
			received: '2025-01-01',
			due: '2025-02-01',
			scope: 'sytuacja rodziny'
		});
		const id = courtRoots(court.doc).opinions.get(0).get('id') as string;
		await waitFor(() =>
			court.persisted.some((s) => Y.snapshotContainsUpdate(s, Y.encodeStateAsUpdate(court.doc)))
		);
		court.doc.transact(() => {
			const m = courtRoots(court.doc)
				.opinions.toArray()
				.find((o) => o.get('id') === id)!;
			m.set('headApproved', true);
		});
		await waitFor(() => court.notices.length > 0, 5000, 'notice');
		expect(court.notices[0]).toEqual({ type: 'write-refused', reason: 'field-not-yours' });

		const head = await open('krystyna', 'court');
		head.doc.transact(() => {
			const m = courtRoots(head.doc)
				.opinions.toArray()
				.find((o) => o.get('id') === id)!;
			m.set('headApproved', true);
		});
		const check = await open('anna', 'court');
		await waitFor(
			() =>
				courtRoots(check.doc)
					.opinions.toArray()
					.find((o) => o.get('id') === id)
					?.get('headApproved') === true
		);
		expect(head.notices).toEqual([]);
		for (const c of [anna, court, head, check]) c.destroy();
	});
});

describe('[DB1][RM17] a date outside its field’s bounds is refused by the server', () => {
	const today = todayInPoland();
	const refused = { type: 'write-refused', reason: 'invalid-value' };

	/** One fresh client per write: a refused write leaves its own copy diverged. */
	async function attempt(c: Column, write: (doc: Y.Doc) => void) {
		const client = await open('anna', c);
		const before = rows(docOf(c));
		write(client.doc);
		await waitFor(
			() =>
				client.notices.length > 0 ||
				client.persisted.some((st) =>
					Y.snapshotContainsUpdate(st, Y.encodeStateAsUpdate(client.doc))
				),
			5000,
			'refused or stored'
		);
		const result = { notices: [...client.notices], stored: rows(docOf(c)) > before };
		client.destroy();
		return result;
	}

	it('[DB1] plan deadlines in 3000 or 1800, new or changed, are refused; one within bounds is kept', async () => {
		const goalOf = (doc: Y.Doc) => planRoots(doc).goals.get(0).get('id') as string;
		for (const far of ['3000-01-01', '1800-01-01']) {
			const added = await attempt('plan', (doc) => addAction(doc, goalOf(doc), { deadline: far }));
			expect(added).toEqual({ notices: [refused], stored: false });
			const changed = await attempt('plan', (doc) =>
				setActionDeadline(doc, planRoots(doc).actions.get(0).get('id') as string, far)
			);
			expect(changed).toEqual({ notices: [refused], stored: false });
		}
		const fine = await attempt('plan', (doc) =>
			addAction(doc, goalOf(doc), { deadline: addMonths(today, 2) })
		);
		expect(fine).toEqual({ notices: [], stored: true });
	});

	it('[DB1] a visit dated next year or in 1800 and a court order dated in the future are refused', async () => {
		for (const date of [addMonths(today, 12), '1800-01-01'])
			expect(
				await attempt('visits', (doc) =>
					addVisit(doc, { date, type: 'wizyta_domowa', offline: false })
				)
			).toEqual({ notices: [refused], stored: false });
		expect(
			await attempt('court', (doc) =>
				addCourtOrder(doc, {
					court: 'Sąd Rejonowy',
					division: '',
					caseRef: 'III Nsm 2/25',
					date: addMonths(today, 6),
					type: 'nadzor_kuratora',
					persons: [],
					kurator: '',
					validFrom: '',
					validUntil: ''
				})
			)
		).toEqual({ notices: [refused], stored: false });
		// A visit today is an ordinary one.
		expect(
			await attempt('visits', (doc) =>
				addVisit(doc, { date: addMonths(today, 0), type: 'wizyta_domowa', offline: false })
			)
		).toEqual({ notices: [], stored: true });
	});

	it('[DB3][RM20] a member born in 3000 or 1800 and an assessment passed to the employer in 3000 are refused; a birth date in 2015 is kept', async () => {
		const memberId = crypto.randomUUID();
		expect(
			await attempt('core', (doc) =>
				doc.transact(() => {
					addMember(doc, { name: 'Dziecko Testowe', relation: 'dziecko' }, memberId);
					setMemberField(doc, memberId, 'birthDate', '2015-03-01');
				})
			)
		).toEqual({ notices: [], stored: true });
		for (const born of ['3000-01-01', '1800-01-01']) {
			expect(
				await attempt('core', (doc) =>
					doc.transact(() => {
						const id = addMember(doc, { name: 'Dziecko Graniczne', relation: 'dziecko' });
						setMemberField(doc, id, 'birthDate', born);
					})
				),
				`new member born ${born}`
			).toEqual({ notices: [refused], stored: false });
			expect(
				await attempt('core', (doc) => setMemberField(doc, memberId, 'birthDate', born)),
				`member born ${born}`
			).toEqual({ notices: [refused], stored: false });
		}
		const assessment = {
			date: addMonths(today, -1),
			periodFrom: addMonths(today, -6),
			periodTo: addMonths(today, -1),
			goals: {},
			cooperation: 'dobra' as const,
			recommendation: 'kontynuacja' as const,
			recipients: []
		};
		expect(
			await attempt('assessments', (doc) =>
				addAssessment(doc, { ...assessment, passedOn: '3000-01-01', receivedOn: '' })
			)
		).toEqual({ notices: [refused], stored: false });
		expect(
			await attempt('assessments', (doc) =>
				addAssessment(doc, { ...assessment, passedOn: today, receivedOn: '3000-01-02' })
			)
		).toEqual({ notices: [refused], stored: false });
	});

	it('[DB3][RM20] a case-log entry dated 1800 or 3000 (consent, its withdrawal, a concern, a court order, a placement) is refused; a consent today is kept', async () => {
		const me = userOf('anna');
		const stamp = (id: string) => ({
			id,
			at: new Date().toISOString(),
			actorId: me.id,
			actorName: me.name,
			actorRole: me.role,
			online: true
		});
		const eventsIn = (doc: Y.Doc) => coreRoots(doc).caseEvents.length;
		const check = await open('krystyna', 'core');
		const before = eventsIn(check.doc);
		check.destroy();
		const hostile: ((far: string, id: string) => CaseEvent)[] = [
			(far, id) => ({ ...stamp(id), type: 'zgoda', kind: 'pisemna', date: far, signatories: [] }),
			(far, id) => ({ ...stamp(id), type: 'wycofanie_zgody', date: far }),
			(far, id) => ({ ...stamp(id), type: 'zagrozenie', date: far, concernId: 'c-' + id }),
			(far, id) => ({
				...stamp(id),
				type: 'postanowienie_sadu',
				orderId: 'o-' + id,
				orderType: 'nadzor_kuratora',
				date: far
			}),
			(far, id) => ({ ...stamp(id), type: 'wniosek_sadu', opinionId: 'op-' + id, due: far }),
			(far, id) => ({
				...stamp(id),
				type: 'dziecko_w_pieczy',
				memberId: 'm-' + id,
				date: far,
				where: 'placowka'
			})
		];
		let n = 0;
		for (const far of ['1800-01-01', '3000-01-01'])
			for (const make of hostile) {
				const event = make(far, `db3-${n++}`);
				expect(
					await attempt('core', (doc) => appendCaseEvent(doc, event)),
					`${event.type} ${far}`
				).toEqual({ notices: [refused], stored: false });
			}
		const after = await open('krystyna', 'core');
		expect(eventsIn(after.doc)).toBe(before);
		expect(readCore(after.doc).caseView.endedByWithdrawal ?? null).toBeNull();
		after.destroy();
		// A consent given today is an ordinary entry.
		expect(
			await attempt('core', (doc) =>
				appendCaseEvent(doc, {
					...stamp('db3-fine'),
					type: 'zgoda',
					kind: 'pisemna',
					date: today,
					signatories: []
				})
			)
		).toEqual({ notices: [], stored: true });
	});

	it('[DB4][RM20] a case-log entry recorded (device time) in 1800, 3000 or half a year back is refused; one recorded a week ago offline is kept', async () => {
		const me = userOf('anna');
		const day = (d: string) => `${d}T10:00:00.000+01:00`;
		const entry = (id: string, at: string): CaseEvent => ({
			id,
			at,
			actorId: me.id,
			actorName: me.name,
			actorRole: me.role,
			online: false,
			type: 'zgoda',
			kind: 'pisemna',
			date: today,
			signatories: []
		});
		const check = await open('krystyna', 'core');
		const before = coreRoots(check.doc).caseEvents.length;
		check.destroy();
		let n = 0;
		for (const at of [
			'1800-01-01T10:00:00.000Z',
			'3000-01-01T10:00:00.000+01:00',
			day(addMonths(today, -6)),
			day(addMonths(today, 5))
		])
			expect(
				await attempt('core', (doc) => appendCaseEvent(doc, entry(`db4-${n++}`, at))),
				at
			).toEqual({ notices: [refused], stored: false });
		const after = await open('krystyna', 'core');
		expect(coreRoots(after.doc).caseEvents.length).toBe(before);
		after.destroy();
		// Recorded offline a week ago, synced now: an ordinary entry.
		const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString();
		expect(
			await attempt('core', (doc) => appendCaseEvent(doc, entry('db4-fine', weekAgo)))
		).toEqual({ notices: [], stored: true });
	});
});
