/**
 * [DV2][DV4] A shared laptop: two staff with their own logins on one browser profile. The second
 * never reads the first's local data (her copies are under her key and her database names), the
 * first's waiting change stays sealed on the device while the second works, and reaches the
 * server when she returns.
 */
import { expect, test } from './fixtures';
import {
	ANNA,
	PIOTR,
	actionDescription,
	expectSaved,
	openFamily,
	signIn,
	syncIndicator,
	waitForServiceWorker
} from './pages/app';

test('[DV2][DV4] two users on one profile: the second never sees the first’s waiting change; it reaches the server when she returns', async ({
	page,
	context
}) => {
	const marker = `WSPOLNY${Date.now().toString(36).toUpperCase()}`;
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	await openFamily(page, /Rodzina Zielińskich/);
	await expectSaved(page);
	await context.setOffline(true);
	const field = actionDescription(page);
	await field.click();
	await field.press('Control+End');
	await field.pressSequentially(` ${marker}`);
	await field.press('Tab');
	await expect(syncIndicator(page)).toContainText('offline — 1 zmiana czeka');
	const annaDbs = await page.evaluate(async () =>
		(await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('asysta-y-'))
	);

	// Signed out offline with the change waiting ("Wyloguj mimo to"), then Piotr signs in.
	await page.getByRole('button', { name: 'Wyloguj', exact: true }).click();
	await page.getByRole('button', { name: 'Wyloguj mimo to' }).click();
	await expect(page.getByLabel('E-mail')).toBeVisible();
	await context.setOffline(false);
	await signIn(page, PIOTR);
	await openFamily(page, /Rodzina Zielińskich/);
	await expectSaved(page);
	await expect(actionDescription(page)).not.toHaveValue(new RegExp(marker));
	// His copies are his own databases; hers are all still there, untouched.
	const now = await page.evaluate(async () =>
		(await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('asysta-y-'))
	);
	for (const n of annaDbs) expect(now).toContain(n);
	expect(now.some((n) => !annaDbs.includes(n))).toBe(true);
	// Offline, his unlock opens his copy: still none of hers.
	await context.setOffline(true);
	await page.reload();
	const lock = page.getByTestId('lock-screen');
	await lock.getByLabel('Hasło').fill('asysta-demo');
	await lock.getByRole('button', { name: 'Odblokuj' }).click();
	await expect(lock).toBeHidden();
	await expect(actionDescription(page)).toBeVisible();
	await expect(actionDescription(page)).not.toHaveValue(new RegExp(marker));

	// Anna returns (online): her sealed change is still waiting and reaches the server.
	await context.setOffline(false);
	await page.getByRole('button', { name: 'Wyloguj', exact: true }).click();
	await expect(page.getByLabel('E-mail')).toBeVisible();
	await signIn(page, ANNA);
	await openFamily(page, /Rodzina Zielińskich/);
	await expect(actionDescription(page)).toHaveValue(new RegExp(`${marker}$`));
	await expectSaved(page);
	// The server has it: a fresh profile of Anna's sees it.
	const fresh = await page.context().browser()!.newContext();
	const other = await fresh.newPage();
	await signIn(other, ANNA);
	await openFamily(other, /Rodzina Zielińskich/);
	await expect(actionDescription(other)).toHaveValue(new RegExp(`${marker}$`));
	await fresh.close();
});
