import { expect, test } from './fixtures';
import {
	ANNA,
	actionDescription,
	expectSaved,
	openFamily,
	signIn,
	syncIndicator,
	unlockDevice,
	waitForServiceWorker
} from './pages/app';

test('[SY6] a cold offline reload is served by the service worker and the plan comes from the device', async ({
	page,
	context
}) => {
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	await openFamily(page, /Rodzina Kowalskich/);
	await expectSaved(page);
	const familyUrl = page.url();

	await context.setOffline(true);
	const field = actionDescription(page);
	await field.click();
	await field.press('Control+End');
	await field.pressSequentially(' (zapisane bez sieci)');
	await field.press('Tab'); // [SY10] a short field is written whole when the user leaves it
	await expect(syncIndicator(page)).toContainText(/offline — \d+ zmia/);

	// Reload while offline: the shell is served by the service worker, the plan by IndexedDB,
	// once the device is unlocked with the password (DV5: offline, the server cannot unlock it).
	const res = await page.reload();
	expect(res?.fromServiceWorker()).toBe(true);
	await unlockDevice(page);
	await expect(actionDescription(page)).toHaveValue(/\(zapisane bez sieci\)$/);
	await expect(syncIndicator(page)).toHaveText('offline — 1 zmiana czeka'); // one field edited (SY8)

	// Close the tab and open the app again, still offline: "Moje rodziny", then the family.
	await page.close();
	const again = await context.newPage();
	const list = await again.goto('/rodziny');
	expect(list?.fromServiceWorker()).toBe(true);
	await unlockDevice(again);
	await expect(again.getByRole('heading', { level: 1, name: 'Moje rodziny' })).toBeVisible();
	await again.goto(familyUrl);
	await unlockDevice(again);
	const reopened = actionDescription(again);
	await expect(reopened).toHaveValue(/\(zapisane bez sieci\)$/);
	await reopened.press('Control+End');
	await reopened.pressSequentially(' i dalej');
	await reopened.press('Tab');

	await context.setOffline(false);
	await expectSaved(again);
	await expect(actionDescription(again)).toHaveValue(/\(zapisane bez sieci\) i dalej$/);
});

test.describe('control: without the service worker', () => {
	test.use({ serviceWorkers: 'block' });
	test('[SY6] the same offline reload fails, so the test above depends on the service worker', async ({
		page,
		context
	}) => {
		await signIn(page, ANNA);
		await openFamily(page, /Rodzina Kowalskich/);
		await context.setOffline(true);
		await expect(page.reload()).rejects.toThrow(/net::ERR_INTERNET_DISCONNECTED/);
	});
});

test('[SY6] the app is installable: manifest with icons, service worker scope at the root', async ({
	page
}) => {
	await page.goto('/logowanie');
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	expect(href).toBeTruthy();
	const manifest = await (await page.request.get(href!)).json();
	expect(manifest).toMatchObject({ lang: 'pl', display: 'standalone', start_url: '/rodziny' });
	expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(
		expect.arrayContaining(['192x192', '512x512'])
	);
	for (const icon of manifest.icons)
		expect((await page.request.get(icon.src)).headers()['content-type']).toBe('image/png');
	const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
	expect(scope).toBe(new URL('/', page.url()).href);
});

test('[SY6] a first visit to a nested page registers the one service worker at the root', async ({
	page
}) => {
	// A relative registration from /rodzina/dokumenty would ask for /rodzina/sw.js (404).
	await page.goto('/rodzina/dokumenty');
	const registration = await page.evaluate(async () => {
		const r = await navigator.serviceWorker.ready;
		return { scope: r.scope, script: r.active?.scriptURL };
	});
	expect(registration).toEqual({
		scope: new URL('/', page.url()).href,
		script: new URL('/sw.js', page.url()).href
	});
});
