/**
 * [DV6] A device with the plaintext store of the previous version (y-indexeddb database
 * `u:<user>:d:<doc>:e<epoch>` and the write-ahead buffer in localStorage) is sealed at the first
 * unlock: the plaintext is deleted, and every edit it held shows and reaches the server.
 * [DV13] One with the previous encrypted layout (a database per document) has it moved into the
 * user's store the same way.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { expect, test } from './fixtures';
import {
	ANNA,
	DEMO_PASSWORD,
	actionDescription,
	encryptedDbNames,
	expectSaved,
	openFamily,
	signIn,
	syncIndicator,
	unlockDevice,
	waitForServiceWorker
} from './pages/app';
import { changeCopies, familyCopies } from './pages/copies';

test('[DV6] the plaintext store of the previous version is sealed at the first unlock, losing no edit', async ({
	browser,
	page,
	baseURL
}) => {
	// The server's plan of the demo family, read by a Yjs client with Anna's session.
	const helper = await browser.newContext();
	const hp = await helper.newPage();
	expect(
		(await hp.request.post('/api/session', { data: { email: ANNA, password: DEMO_PASSWORD } })).ok()
	).toBe(true);
	const token = (await helper.cookies()).find((c) => c.name === 'asysta_session')!.value;
	const userId = ((await (await hp.request.get('/api/session')).json()) as { user: { id: string } })
		.user.id;
	const families = (await (await hp.request.get('/api/families')).json()) as {
		name: string;
		docs: Record<string, { name: string; epoch: number }>;
	}[];
	const plan = families.find((f) => f.name === 'Rodzina Kowalskich')!.docs['plan'];
	const doc = new Y.Doc();
	class CookieSocket extends WebSocket {
		constructor(url: string, protocols?: string | string[]) {
			super(url, protocols, { headers: { cookie: `asysta_session=${token}`, origin: baseURL! } });
		}
	}
	const provider = new WebsocketProvider(
		baseURL!.replace(/^http/, 'ws') + '/sync',
		plan.name,
		doc,
		{
			WebSocketPolyfill: CookieSocket as unknown as typeof globalThis.WebSocket,
			params: { epoch: String(plan.epoch) },
			disableBc: true
		}
	);
	await new Promise<void>((resolve) => provider.once('sync', (s: boolean) => s && resolve()));
	provider.destroy();
	await helper.close();

	// Two edits the old version kept only on the device: one in its IndexedDB, one in the buffer.
	const onDevice = await actionDescriptionOf(page, ANNA);
	// [SY10] The description is a whole-value field of the action's Y.Map.
	const action = doc
		.getArray<Y.Map<unknown>>('actions')
		.toArray()
		.find((a) => a.get('description') === onDevice);
	expect(action, 'the first action in the Yjs document').toBeTruthy();
	const marker = `MIGRACJA${Date.now().toString(36).toUpperCase()}`;
	action!.set('description', `${onDevice} ${marker}-idb`);
	const stored = Y.encodeStateAsUpdate(doc);
	let buffered: Uint8Array | null = null;
	doc.on('update', (u: Uint8Array) => (buffered = u));
	action!.set('description', `${onDevice} ${marker}-idb ${marker}-wal`);
	const legacyName = `u:${userId}:d:${plan.name}:e${plan.epoch}`;
	const walKey = `asysta:wal:u:${userId}:d:${plan.name}:e${plan.epoch}`;

	// A fresh profile that ran the previous version: its plaintext store.
	const ctx = await browser.newContext();
	const old = await ctx.newPage();
	await old.goto('/logowanie');
	await old.evaluate(
		async ({ name, bytes, walKey, wal }) => {
			await new Promise<void>((resolve, reject) => {
				const r = indexedDB.open(name, 1);
				r.onupgradeneeded = () => {
					r.result.createObjectStore('updates', { autoIncrement: true });
					r.result.createObjectStore('custom');
				};
				r.onsuccess = () => {
					const tx = r.result.transaction('updates', 'readwrite');
					tx.objectStore('updates').add(new Uint8Array(bytes));
					tx.oncomplete = () => {
						r.result.close();
						resolve();
					};
				};
				r.onerror = () => reject(r.error);
			});
			localStorage.setItem(
				walKey,
				JSON.stringify([{ t: Date.now(), u: btoa(String.fromCharCode(...wal)) }])
			);
		},
		{ name: legacyName, bytes: [...stored], walKey, wal: [...buffered!] }
	);

	await signIn(old, ANNA);
	await openFamily(old, /Rodzina Kowalskich/);
	await expect(actionDescription(old)).toHaveValue(new RegExp(`${marker}-idb ${marker}-wal$`));
	const names = await old.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
	expect(names).not.toContain(legacyName);
	expect(names.some((n) => n?.startsWith('asysta-y-'))).toBe(true);
	expect(await old.evaluate((k) => localStorage.getItem(k), walKey)).toBeNull();
	await expectSaved(old);
	await ctx.close();

	// The server has both edits: another device sees them.
	await openFamily(page, /Rodzina Kowalskich/);
	await expect(actionDescription(page)).toHaveValue(new RegExp(`${marker}-idb ${marker}-wal$`));
});

/** The first action's description as the app shows it to `email` (signs `page` in). */
async function actionDescriptionOf(page: import('@playwright/test').Page, email: string) {
	await signIn(page, email);
	await openFamily(page, /Rodzina Kowalskich/);
	await expectSaved(page);
	return actionDescription(page).inputValue();
}

test('[DV4][DV6] a remembered user of the previous version (name in clear) is sealed at the first unlock: the name stays shown, the clear record keeps none', async ({
	page,
	context
}) => {
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	// What the previous version kept in clear: id, name, role, colour.
	await page.evaluate(() => {
		const u = JSON.parse(localStorage.getItem('asysta:user') ?? '{}') as Record<string, string>;
		localStorage.setItem('asysta:user', JSON.stringify({ ...u, name: 'Anna Nowicka' }));
	});
	await context.setOffline(true);
	await page.reload();
	await unlockDevice(page);
	const clear = () =>
		page.evaluate(() => JSON.parse(localStorage.getItem('asysta:user') ?? 'null') as unknown);
	await expect.poll(clear).not.toHaveProperty('name');
	expect(await clear()).toHaveProperty('id');
	// Offline again from a cold load: locked, no name in the page; unlocked, the name is back.
	await page.reload();
	await expect(page.getByTestId('lock-screen')).toBeVisible();
	await expect(page.locator('body')).not.toContainText('Nowicka');
	await unlockDevice(page);
	await expect(page.getByRole('banner')).toContainText('Anna Nowicka');
});

test('[DV13] the per-document encrypted databases of the previous version move into the user’s store at the first unlock: the offline edit they alone held is shown and reaches the server', async ({
	page,
	context,
	browser
}) => {
	const marker = `PRZENIESIENIE${Date.now().toString(36).toUpperCase()}`;
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	await openFamily(page, /Rodzina Zielińskich/);
	await expectSaved(page);
	const all = (await (await page.request.get('/api/families')).json()) as {
		id: string;
		name: string;
	}[];
	const copies = await familyCopies(page, all.find((f) => f.name === 'Rodzina Zielińskich')!.id);
	expect(copies.tags.length).toBeGreaterThan(0);
	await context.setOffline(true);
	const field = actionDescription(page);
	await field.click();
	await field.press('Control+End');
	await field.pressSequentially(` ${marker}`);
	await field.press('Tab');
	await expect(syncIndicator(page)).toContainText('offline — 1 zmiana czeka');

	// The device as the previous version left it: the family's records (the offline edit among
	// them) in one database per document, none in the user's store. Nothing holds them open on the
	// lock screen.
	await page.reload();
	await expect(page.getByTestId('lock-screen')).toBeVisible();
	const moved = await page.evaluate(async ({ db: userDb, tags }) => {
		const open = (name: string, make?: (db: IDBDatabase) => void) =>
			new Promise<IDBDatabase>((resolve, reject) => {
				const r = indexedDB.open(name, 1);
				r.onupgradeneeded = () => make?.(r.result);
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error);
			});
		const finished = (tx: IDBTransaction) =>
			new Promise<void>((resolve, reject) => {
				tx.oncomplete = () => resolve();
				tx.onerror = () => reject(tx.error);
			});
		const store = await open(userDb);
		let n = 0;
		for (const tag of tags) {
			const range = IDBKeyRange.bound([tag, -Infinity], [tag, Infinity]);
			const tx = store.transaction('records', 'readwrite');
			const q = tx.objectStore('records').getAll(range);
			const values = await new Promise<unknown[]>((resolve, reject) => {
				q.onsuccess = () => resolve(q.result);
				q.onerror = () => reject(q.error);
			});
			tx.objectStore('records').delete(range);
			await finished(tx);
			if (values.length === 0) continue;
			// The old layout had no mark: an empty document was an empty database.
			const records = values.filter((v) => (v as Uint8Array).length > 0);
			const old = await open(`${userDb}-${tag}`, (db) =>
				db.createObjectStore('updates', { autoIncrement: true })
			);
			const put = old.transaction('updates', 'readwrite');
			for (const v of records) put.objectStore('updates').add(v);
			await finished(put);
			old.close();
			n += records.length;
		}
		store.close();
		return n;
	}, copies);
	expect(moved).toBeGreaterThan(0);
	// Without the move the new layout finds nothing of the family (DV10 would call it lost).
	expect(await changeCopies(page, copies, 'count')).toBe(0);

	await unlockDevice(page);
	await page.getByRole('link', { name: 'Moje rodziny', exact: true }).first().click();
	await page
		.getByTestId('family')
		.filter({ hasText: 'Rodzina Zielińskich' })
		.getByRole('link')
		.first()
		.click();
	await expect(actionDescription(page)).toHaveValue(new RegExp(`${marker}$`));
	await expect(page.getByTestId('not-on-device')).toHaveCount(0);
	// The unlock checked the store before the page showed (DV10): nothing was lost.
	await expect(page.getByTestId('store-loss')).toHaveCount(0);
	await expect(syncIndicator(page)).toContainText('offline — 1 zmiana czeka');
	const names = await encryptedDbNames(page);
	expect(names).toEqual([copies.db]);
	expect(await changeCopies(page, copies, 'count')).toBeGreaterThanOrEqual(moved);

	// Online, the edit reaches the server: another device sees it.
	await context.setOffline(false);
	await expectSaved(page);
	const other = await browser.newContext();
	const second = await other.newPage();
	await signIn(second, ANNA);
	await openFamily(second, /Rodzina Zielińskich/);
	await expect(actionDescription(second)).toHaveValue(new RegExp(`${marker}$`));
	await other.close();
});
