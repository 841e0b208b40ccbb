/**
 * [DV11] A device marked lost with no open socket erases at its next contact — a page load online
 * (before anyone signs in), the background sync reconnecting after an offline unlock — not only
 * at the next login. [DV12] A profile whose site data was cleared says at the next login what was
 * lost (the changes the server last heard were waiting), then resyncs.
 */
import { expect, test, type Page } from './fixtures';
import {
	actionDescription,
	ANNA,
	encryptedDbs,
	keyRecords,
	openFamily,
	signIn,
	syncIndicator,
	unlockDevice,
	userContext,
	waitForServiceWorker
} from './pages/app';
import type { Browser } from '@playwright/test';

const KRYSTYNA = 'krystyna.kierownik@demo.local';

/** The head marks this page's device of its signed-in user lost (from her own browser). */
async function markLost(browser: Browser, userId: string, deviceId: string): Promise<void> {
	const head = await userContext(browser, KRYSTYNA);
	const marked = await head.page.request.post('/api/devices/lost', { data: { userId, deviceId } });
	expect(marked.ok()).toBe(true);
	await head.context.close();
}

async function whoAndWhere(page: Page): Promise<{ userId: string; deviceId: string }> {
	const deviceId = (await page.evaluate(() => localStorage.getItem('asysta:device-id')))!;
	const me = (await (await page.request.get('/api/session')).json()) as { user: { id: string } };
	return { userId: me.user.id, deviceId };
}

test('[DV11] marked lost while closed: the next page load online erases the copies, before anyone signs in', async ({
	page,
	context,
	browser
}) => {
	await signIn(page, ANNA);
	await openFamily(page, /Rodzina/);
	await expect(actionDescription(page)).toBeVisible();
	expect(await encryptedDbs(page)).not.toEqual([]);
	const { userId, deviceId } = await whoAndWhere(page);
	// The laptop is closed: no page, no socket of it is open when the head marks it.
	await page.close();
	await markLost(browser, userId, deviceId);

	const again = await context.newPage();
	await again.goto('/rodziny');
	await expect(
		again.getByRole('alert').filter({ hasText: 'zgłoszone jako zgubione' }).first()
	).toBeVisible();
	await expect.poll(() => keyRecords(again)).toBe(0);
	await expect.poll(() => encryptedDbs(again)).toEqual([]);
	await expect(again.locator('body')).not.toContainText('Kowalskich');
});

test('[DV11] marked lost while offline and unlocked offline: the background sync’s reconnect erases at once', async ({
	page,
	context,
	browser
}) => {
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	await openFamily(page, /Rodzina/);
	await expect(actionDescription(page)).toBeVisible();
	const { userId, deviceId } = await whoAndWhere(page);
	await context.setOffline(true);
	await expect(syncIndicator(page)).toContainText('offline');
	await markLost(browser, userId, deviceId);
	// Offline the device cannot know: the password unlocks it (the lease is still running).
	await page.reload();
	await unlockDevice(page);
	await expect(actionDescription(page)).toBeVisible();

	await context.setOffline(false);
	await expect(
		page.getByRole('alert').filter({ hasText: 'zgłoszone jako zgubione' }).first()
	).toBeVisible();
	await expect(actionDescription(page)).toHaveCount(0);
	await expect.poll(() => keyRecords(page)).toBe(0);
	await expect.poll(() => encryptedDbs(page)).toEqual([]);
});

/** Anna with one change waiting that the server never got, and the device's report of it. */
async function oneChangeWaitingReported(page: Page): Promise<{ marker: string; deviceId: string }> {
	const marker = `PRZEPADLE${Date.now().toString(36).toUpperCase()}`;
	// Sync sockets pass through to the server until `block`; from then on they open onto a mock
	// that answers nothing (Playwright patches WebSocket in each new document, so the route is
	// set before the first page load).
	let block = false;
	await page.routeWebSocket(/\/sync\//, (ws) => {
		if (!block) ws.connectToServer();
	});
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	await openFamily(page, /Rodzina/);
	await expect(actionDescription(page)).toBeVisible();
	const { deviceId } = await whoAndWhere(page);
	await page.context().setOffline(true);
	const field = actionDescription(page);
	await field.click();
	await field.press('Control+End');
	await field.pressSequentially(` ${marker}`);
	await field.press('Tab');
	await expect(syncIndicator(page)).toContainText('offline — 1 zmiana czeka');
	// Back online, but the sync socket never reaches the server: the change stays waiting, and
	// a page load reports it with the key request.
	block = true;
	await page.context().setOffline(false);
	await page.reload();
	await expect(actionDescription(page)).toBeVisible();
	await expect
		.poll(
			async () => {
				const reply = await page.request.get('/api/devices').catch(() => null);
				const list = (await reply?.json().catch(() => null)) as {
					devices?: { deviceId: string; pending: number }[];
				} | null;
				return list?.devices?.find((d) => d.deviceId === deviceId)?.pending;
			},
			{ timeout: 30_000 }
		)
		.toBe(1);
	return { marker, deviceId };
}

/** Clears the origin's site data as the browser's "clear site data" does (cookies apart). */
async function wipeStorage(page: Page): Promise<void> {
	const origin = new URL(page.url()).origin;
	await page.goto('about:blank');
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Storage.clearDataForOrigin', {
		origin,
		storageTypes: 'local_storage,indexeddb,cache_storage,service_workers'
	});
	await cdp.detach();
}

/** A new page of the wiped profile: nothing of Asysta in its storage any more. */
async function afterWipe(page: Page): Promise<Page> {
	const fresh = await page.context().newPage();
	await fresh.goto('/logowanie');
	expect(await fresh.evaluate(() => localStorage.length)).toBe(0);
	expect(
		await fresh.evaluate(async () =>
			(await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith('asysta'))
		)
	).toEqual([]);
	return fresh;
}

test('[DV12] site data cleared (cookies kept): the next login says the device’s copies were erased and the change that was waiting is lost, then resyncs', async ({
	page
}) => {
	const { marker, deviceId } = await oneChangeWaitingReported(page);
	await wipeStorage(page);
	const fresh = await afterWipe(page);
	await signIn(fresh, ANNA);
	const notice = fresh.getByTestId('store-wiped');
	await expect(notice).toContainText('Dane Asysty w tej przeglądarce zostały usunięte');
	await expect(notice).toContainText('czekały tu zmiany do wysłania (1) — te zmiany przepadły');
	// The same profile keeps its device (its entry in the lists), not a second one.
	expect(await fresh.evaluate(() => localStorage.getItem('asysta:device-id'))).toBe(deviceId);
	// Resync: the family comes back from the server, without the lost change.
	await openFamily(fresh, /Rodzina/);
	await expect(actionDescription(fresh)).toBeVisible();
	await expect(actionDescription(fresh)).not.toHaveValue(new RegExp(marker));
	await fresh.getByRole('button', { name: 'Rozumiem' }).click();
	await expect(notice).toHaveCount(0);
});

test('[DV12] site data and cookies cleared: the login names the same-browser device that had a change waiting, without claiming it is this one', async ({
	page,
	context
}) => {
	await oneChangeWaitingReported(page);
	await wipeStorage(page);
	await context.clearCookies();
	const fresh = await afterWipe(page);
	await signIn(fresh, ANNA);
	const notice = fresh.getByTestId('store-wiped');
	await expect(notice).toContainText('W tej przeglądarce nie ma danych Asysty dla Twojego konta');
	await expect(notice).toContainText('jeśli to było to urządzenie, te zmiany przepadły');
});
