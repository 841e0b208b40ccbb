/**
 * [DV2] The page side of tests/bench/device-open.ts, bundled by Vite and run in Chromium: builds
 * family documents of a given size, stores them through plain y-indexeddb and through Asysta's
 * encrypted store (src/lib/device/encrypted-persistence.ts: one user's database, `enc-user`,
 * holding every document under its tag, here the document's name), and times opening them. The
 * user's database is open before the timed opens, as it is after an unlock; its open is timed
 * apart (`openStore`).
 *
 * Past 250 lines on purpose: the page side of one benchmark, step by step as the browser runs it.
 */
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { EncryptedPersistence, closeCopies } from '../../src/lib/device/encrypted-persistence';
import { isCopyMark, openUserStore, req } from '../../src/lib/device/user-store';
import { openAhead } from '../../src/lib/device/copy-records';
import { open as openSealed } from '../../src/lib/device/seal';
import { addAction, addGoal, initPlan, planText, setActionText } from '../../src/lib/sync/plan-doc';

/**
 * `ahead`: the encrypted store with the documents read (awaited, untimed) and their decryption
 * started ahead, as the unlock does.
 */
export type Kind = 'memory' | 'plain' | 'encrypted' | 'ahead';

interface Built {
	state: Uint8Array;
	tail: Uint8Array[];
	/** The whole document as one update (what a compacted store holds). */
	full: Uint8Array;
}

const built = new Map<string, Built>();
let key: CryptoKey | null = null;

function rng(seed: number) {
	let s = seed;
	return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

const WORDS =
	'rodzina dziecko szkoła wizyta matka ojciec plan działanie opieka mieszkanie praca zdrowie terapia kurator sąd asystent rozmowa spotkanie postęp trudność budżet zakupy lekarz przedszkole'.split(
		' '
	);

/**
 * A plan grown the way a family file grows: goals and actions added, short fields rewritten
 * whole, and narratives typed a few characters at a time, until its state is `target` bytes.
 * Then `tailEdits` more small edits, kept as separate updates (what the store holds after the
 * last compaction).
 */
function build(name: string, target: number, seed: number, tailEdits: number): number {
	const rand = rng(seed);
	const doc = new Y.Doc();
	initPlan(doc);
	const actions: string[] = [];
	let goal = addGoal(doc, { kind: 'glowny', title: 'Cel główny' });
	const word = () => WORDS[Math.floor(rand() * WORDS.length)];
	const step = () => {
		const r = rand();
		if (r < 0.03 || actions.length === 0) {
			if (rand() < 0.2) goal = addGoal(doc, { kind: 'szczegolowy', title: `Cel ${word()}` });
			actions.push(addAction(doc, goal, { description: `Działanie: ${word()} ${word()}` }));
		} else if (r < 0.25) {
			const id = actions[Math.floor(rand() * actions.length)];
			setActionText(doc, id, 'description', `${word()} ${word()} ${word()} ${word()}`);
		} else {
			const t = planText(doc, { type: 'notes' });
			const chunk = ` ${word()}`;
			doc.transact(() => t?.insert(Math.floor(rand() * ((t?.length ?? 0) + 1)), chunk));
		}
	};
	let i = 0;
	while (true) {
		step();
		if (++i % 200 === 0 && Y.encodeStateAsUpdate(doc).length >= target) break;
	}
	const state = Y.encodeStateAsUpdate(doc);
	const tail: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => tail.push(u));
	for (let k = 0; k < tailEdits; k++) step();
	built.set(name, { state, tail, full: Y.encodeStateAsUpdate(doc) });
	doc.destroy();
	return state.length;
}

async function dataKey(): Promise<CryptoKey> {
	key ??= await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
		'encrypt',
		'decrypt'
	]);
	return key;
}

/** The encrypted store's database: one user's. */
const USER_DB = 'enc-user';

function encrypted(name: string, doc: Y.Doc, k: CryptoKey): EncryptedPersistence {
	return new EncryptedPersistence({ dbName: USER_DB, tag: name, doc, key: k, aad: `${name}:e1` });
}

function persistence(kind: 'plain' | 'encrypted', name: string, doc: Y.Doc, k: CryptoKey) {
	return kind === 'plain'
		? new IndexeddbPersistence(`plain-${name}`, doc)
		: encrypted(name, doc, k);
}

async function close(p: IndexeddbPersistence | EncryptedPersistence): Promise<void> {
	if (p instanceof EncryptedPersistence) await p.close();
	else await p.destroy();
}

/** Writes a built document into a store through that store's own write path. */
async function store(kind: 'plain' | 'encrypted', name: string): Promise<void> {
	const b = built.get(name)!;
	const doc = new Y.Doc();
	const p = persistence(kind, name, doc, await dataKey());
	await p.whenSynced;
	Y.applyUpdate(doc, b.state);
	for (const u of b.tail) Y.applyUpdate(doc, u);
	// Both write asynchronously; closing waits for the writes (the encrypted store's chain, and
	// IndexedDB finishes a connection's transactions before it closes).
	await new Promise((r) => setTimeout(r, 200));
	await close(p);
	doc.destroy();
	if (kind === 'encrypted') await keepWritten(name);
}

/** The encrypted store's raw records as its write path left them, per document. */
const written = new Map<string, unknown[]>();

/** Keeps the encrypted store's records as written (the state plus the tail updates). */
async function keepWritten(name: string): Promise<void> {
	written.set(name, await (await openUserStore(USER_DB)).read(name));
}

/**
 * Puts the encrypted store back as its write path left it, so every timed open reads the same
 * records (an open past the threshold compacts the store afterwards).
 */
async function restore(names: string[]): Promise<void> {
	const store = await openUserStore(USER_DB);
	for (const name of names) {
		await store.clear(name);
		await store.append(name, written.get(name) ?? []);
	}
}

/** Folds the encrypted store of each document into one sealed state record (its compaction). */
async function compactStore(names: string[]): Promise<number> {
	const k = await dataKey();
	let n = 0;
	for (const name of names) {
		const doc = new Y.Doc();
		const p = encrypted(name, doc, k);
		await p.whenSynced;
		await p.compact();
		n = p._dbsize;
		await p.close();
		doc.destroy();
	}
	return n;
}

/** Opens every named document of one kind at once; returns ms until all are loaded. */
async function open(kind: Kind | 'memoryFull', names: string[]): Promise<number> {
	const k = await dataKey();
	const docs = names.map(() => new Y.Doc());
	if (kind === 'ahead') {
		// As the unlock does (store-check.ts): the read awaited, the decryption only started.
		const store = await openUserStore(USER_DB);
		await store.readAhead(names);
		openAhead(
			store,
			k,
			names.map((n) => ({ tag: n, aad: `${n}:e1` }))
		);
	}
	const t0 = performance.now();
	let ps: (IndexeddbPersistence | EncryptedPersistence)[] = [];
	if (kind === 'memoryFull') {
		names.forEach((n, i) => Y.applyUpdate(docs[i], built.get(n)!.full));
	} else if (kind === 'memory') {
		names.forEach((n, i) => {
			const b = built.get(n)!;
			Y.transact(docs[i], () => {
				Y.applyUpdate(docs[i], b.state);
				for (const u of b.tail) Y.applyUpdate(docs[i], u);
			});
		});
	} else {
		ps = names.map((n, i) => persistence(kind === 'ahead' ? 'encrypted' : kind, n, docs[i], k));
		await Promise.all(ps.map((p) => p.whenSynced));
	}
	const ms = performance.now() - t0;
	// The documents really hold the content.
	for (const d of docs) if (d.store.clients.size === 0) throw new Error(`${kind}: empty document`);
	await Promise.all(ps.map(close));
	for (const d of docs) d.destroy();
	return ms;
}

/** PBKDF2-SHA-256 at the device's iteration count (the offline unlock's key derivation). */
async function derive(iterations: number): Promise<number> {
	const base = await crypto.subtle.importKey(
		'raw',
		new TextEncoder().encode('haslo-do-testu'),
		'PBKDF2',
		false,
		['deriveKey']
	);
	const t0 = performance.now();
	await crypto.subtle.deriveKey(
		{
			name: 'PBKDF2',
			hash: 'SHA-256',
			salt: crypto.getRandomValues(new Uint8Array(16)),
			iterations
		},
		base,
		{ name: 'AES-GCM', length: 256 },
		false,
		['unwrapKey']
	);
	return performance.now() - t0;
}

/** Records stored for one document by each kind (to check both stores hold the same shape). */
async function records(kind: 'plain' | 'encrypted', name: string): Promise<number> {
	if (kind === 'encrypted')
		return (await (await openUserStore(USER_DB)).read(name)).filter((v) => !isCopyMark(v)).length;
	const db = await new Promise<IDBDatabase>((resolve, reject) => {
		const r = indexedDB.open(`plain-${name}`);
		r.onsuccess = () => resolve(r.result);
		r.onerror = () => reject(r.error);
	});
	const n = await req(db.transaction('updates').objectStore('updates').count());
	db.close();
	return n;
}

/** The open of the user's database, once per unlock (closed first, then opened again). */
async function openStore(): Promise<number> {
	await closeCopies(USER_DB);
	const t0 = performance.now();
	await openUserStore(USER_DB);
	return performance.now() - t0;
}

/**
 * Where the encrypted open spends its time, step by step on one stored document (ms): opening
 * the user's database (once per unlock, not per document), reading the document's records in it,
 * decrypting one after the other or all at once, applying the updates one by one (one
 * transaction) or merged first, and the in-memory apply alone.
 */
async function breakdown(name: string): Promise<Record<string, number>> {
	const k = await dataKey();
	const aad = `${name}:e1`;
	const t: Record<string, number> = {};
	t.openStore = await openStore();
	let t0 = performance.now();
	const values = (await (await openUserStore(USER_DB)).read(name)).filter(
		(v) => !isCopyMark(v)
	) as Uint8Array[];
	t.rangeRead = performance.now() - t0;
	t.records = values.length;
	t.bytes = values.reduce((n, v) => n + v.length, 0);
	t0 = performance.now();
	const seq: Uint8Array[] = [];
	for (const v of values) seq.push(await openSealed(k, v, aad));
	t.decryptSeq = performance.now() - t0;
	t0 = performance.now();
	const par = await Promise.all(values.map((v) => openSealed(k, v, aad)));
	t.decryptPar = performance.now() - t0;
	let d = new Y.Doc();
	t0 = performance.now();
	Y.transact(d, () => {
		for (const u of par) Y.applyUpdate(d, u);
	});
	t.applyEach = performance.now() - t0;
	d.destroy();
	d = new Y.Doc();
	t0 = performance.now();
	const merged = Y.mergeUpdates(par);
	t.merge = performance.now() - t0;
	t0 = performance.now();
	Y.applyUpdate(d, merged);
	t.applyMerged = performance.now() - t0;
	d.destroy();
	d = new Y.Doc();
	t0 = performance.now();
	Y.applyUpdate(d, par[0]);
	t.applyStateOnly = performance.now() - t0;
	t0 = performance.now();
	const st = Y.encodeStateAsUpdate(d);
	t.encodeState = performance.now() - t0;
	t.stateBytes = st.length;
	d.destroy();
	void seq;
	return t;
}

(window as unknown as { bench: unknown }).bench = {
	build,
	store,
	open,
	derive,
	records,
	breakdown,
	restore,
	compactStore,
	openStore
};
