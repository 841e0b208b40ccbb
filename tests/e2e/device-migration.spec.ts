/**
 * [DV6] A device with the plaintext store of the previous version (y-indexeddb database
 * `u:<user>:d:<doc>:e<epoch>` and the write-ahead buffer in localStorage) is sealed at the first
 * unlock: the plaintext is deleted, and every edit it held shows and reaches the server.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { expect, test } from './fixtures';
import {
	ANNA,
	DEMO_PASSWORD,
	actionDescription,
	expectSaved,
	openFamily,
	signIn,
	unlockDevice,
	waitForServiceWorker
} from './pages/app';

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
