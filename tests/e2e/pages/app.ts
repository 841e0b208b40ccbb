import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';

/** Demo accounts seeded by `--demo` (README). */
export const DEMO_PASSWORD = 'asysta-demo';
export const ANNA = 'anna.asystent@demo.local';
export const PIOTR = 'piotr.pracownik@demo.local';

/** Signs in through the login form and waits for "Moje rodziny". */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/logowanie');
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Hasło').fill(password);
	await page.getByRole('button', { name: /zaloguj/i }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Moje rodziny' })).toBeVisible();
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
