import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { changeCopies, familyCopies } from './copies';

/** Demo accounts seeded by `--demo` (README). */
export const DEMO_PASSWORD = 'asysta-demo';
export const ANNA = 'anna.asystent@demo.local';
export const PIOTR = 'piotr.pracownik@demo.local';

/**
 * Signs in through the login form and waits for the role's start page: "Widok kierownika" for
 * the head, "Moje rodziny" for everyone else.
 */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/logowanie');
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Hasło').fill(password);
	await page.getByRole('button', { name: /zaloguj/i }).click();
	await expect(
		page.getByRole('heading', { level: 1, name: /^(Moje rodziny|Widok kierownika)$/ })
	).toBeVisible();
}

/** A new browser context (a second user), signed in. */
export async function userContext(
	browser: Browser,
	email: string
): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await signIn(page, email);
	return { context, page };
}

/** Opens a family from "Moje rodziny" by its name and waits for the plan to show. */
export async function openFamily(page: Page, name: RegExp | string): Promise<void> {
	if (new URL(page.url()).pathname !== '/rodziny') await page.goto('/rodziny');
	await page.getByRole('link', { name }).first().click();
	await expect(page.getByTestId('action').first()).toBeVisible();
}

/** The sync indicator; its data-sync-state is offline | syncing | saved | refused. */
export function syncIndicator(page: Page) {
	return page.locator('[data-sync-state]').first();
}

/** Waits until the server has stored everything this page has. */
export async function expectSaved(page: Page): Promise<void> {
	await expect(syncIndicator(page)).toHaveAttribute('data-sync-state', 'saved');
	await expect(syncIndicator(page)).toContainText('zapisane na serwerze');
}

/** The description field of the n-th action on the page. */
export function actionDescription(page: Page, n = 0) {
	return page.getByTestId('action').nth(n).getByLabel('Opis działania');
}

/** Waits until this page is controlled by the service worker. */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.waitForFunction(async () => {
		await navigator.serviceWorker.ready;
		return navigator.serviceWorker.controller !== null;
	});
}

/** Opens a family from "Moje rodziny" and then one section of its file by the tab's name. */
export async function openFamilyTab(
	page: Page,
	family: RegExp | string,
	tab: string
): Promise<void> {
	// The head starts on its own view: the families are on "Moje rodziny".
	if (new URL(page.url()).pathname !== '/rodziny') await page.goto('/rodziny');
	await page.getByTestId('family').filter({ hasText: family }).getByRole('link').first().click();
	await page
		.getByRole('navigation', { name: 'Części akt rodziny' })
		.getByRole('link', { name: tab })
		.click();
	await expect(page.getByRole('link', { name: tab, exact: true })).toHaveAttribute(
		'aria-current',
		'page'
	);
}

/** A rich-text (Tiptap) field by its label. */
export function richText(page: Page, label: string) {
	return page.getByRole('textbox', { name: label, exact: true });
}

/** Runs axe-core on the page as it is now and expects no violations. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
	const { default: AxeBuilder } = await import('@axe-core/playwright');
	const result = await new AxeBuilder({ page }).analyze();
	expect(
		result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);
}

/**
 * [DV5] After an offline reload the device is locked: unlock it with the password (offline
 * unlock). Online reloads with a live session unlock by themselves.
 */
export async function unlockDevice(page: Page, password = DEMO_PASSWORD): Promise<void> {
	const lock = page.getByTestId('lock-screen');
	await expect(lock).toBeVisible();
	await lock.getByLabel('Hasło').fill(password);
	await lock.getByRole('button', { name: 'Odblokuj' }).click();
	await expect(lock).toBeHidden();
}

/** [DV5] A full page load while offline: the device asks for the password (offline unlock). */
export async function gotoLocked(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await unlockDevice(page);
}

/**
 * Offline, from the sign-in page (nothing holds the copies open): this device forgets one
 * family's documents, as a device that never downloaded them. [DV2] The copies are keyed by
 * hashes of the user, document names and epochs, so they are computed while still online.
 */
export async function forgetFamilyOffline(
	page: Page,
	context: BrowserContext,
	familyId: string
): Promise<void> {
	const copies = await familyCopies(page, familyId);
	await context.setOffline(true);
	await page.goto('/logowanie');
	await changeCopies(page, copies, 'delete');
	await page.evaluate((familyId) => {
		const mark = `rodzina-${familyId}-`;
		for (const key of Object.keys(localStorage))
			if (key.includes(mark)) localStorage.removeItem(key);
	}, familyId);
}

/** The names of the page's encrypted databases (`asysta-y-…`: one per user). */
export function encryptedDbNames(page: Page): Promise<string[]> {
	return page.evaluate(async () =>
		(await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('asysta-y-'))
	);
}

/**
 * The same names while the page may be erasing and reloading: null when the reload destroyed the
 * evaluation, so a poll asks again.
 */
export function encryptedDbs(page: Page): Promise<string[] | null> {
	return encryptedDbNames(page).catch(() => null);
}

/**
 * How many wrapped-key records the device keeps (DV1); null while the page reloads, so a poll
 * asks again.
 */
export function keyRecords(page: Page): Promise<number | null> {
	return page
		.evaluate(
			() =>
				new Promise<number>((resolve, reject) => {
					const r = indexedDB.open('asysta-keys', 1);
					r.onupgradeneeded = () => r.result.createObjectStore('records');
					r.onsuccess = () => {
						const req = r.result.transaction('records').objectStore('records').count();
						req.onsuccess = () => {
							r.result.close();
							resolve(req.result);
						};
					};
					r.onerror = () => reject(r.error);
				})
		)
		.catch(() => null);
}
