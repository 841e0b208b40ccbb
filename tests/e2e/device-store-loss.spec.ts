/**
 * [DV10] An evicted or damaged store is said at unlock, in Polish, with what was lost (the changes
 * that were waiting) and that the rest comes back from the server; never a crash, never a
 * document the device no longer holds shown as an empty editable one (SY7, issue 12's rule).
 */
import { expect, test, type Page } from './fixtures';
import {
	ANNA,
	DEMO_PASSWORD,
	actionDescription,
	expectSaved,
	signIn,
	syncIndicator,
	unlockDevice,
	waitForServiceWorker
} from './pages/app';
import { changeCopies, familyCopies } from './pages/copies';

// Not the Kowalskich: visits.spec counts on their last visit being overdue (the demo's state).
const FAMILY = 'Rodzina Zielińskich';

async function familyId(page: Page): Promise<string> {
	const all = (await (await page.request.get('/api/families')).json()) as {
		id: string;
		name: string;
	}[];
	const f = all.find((x) => x.name === FAMILY);
	expect(f).toBeTruthy();
	return f!.id;
}

/** Deletes every database of the origin; rejects when one is still open somewhere. */
async function deleteDatabases(page: Page): Promise<number> {
	return page.evaluate(async () => {
		let n = 0;
		for (const { name } of await indexedDB.databases()) {
			if (!name) continue;
			await new Promise((resolve, reject) => {
				const r = indexedDB.deleteDatabase(name);
				r.onsuccess = resolve;
				r.onerror = () => reject(r.error);
				r.onblocked = () => reject(new Error(`blocked: ${name}`));
			});
			n++;
		}
		return n;
	});
}

/** Opens the family's plan from "Moje rodziny" (client-side, no full load). */
async function openPlan(page: Page): Promise<void> {
	await page.getByRole('link', { name: 'Moje rodziny', exact: true }).first().click();
	await page.getByTestId('family').filter({ hasText: FAMILY }).getByRole('link').first().click();
}

test('[DV10] the whole IndexedDB evicted: offline unlock says the data is gone and how many changes were lost; online login reports it and the server’s copy comes back', async ({
	page,
	context
}) => {
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	await openPlan(page);
	await expectSaved(page);
	const before = await actionDescription(page).inputValue();
	await context.setOffline(true);
	const field = actionDescription(page);
	await field.click();
	await field.press('Control+End');
	await field.pressSequentially(' (przepadnie)');
	await field.press('Tab');
	await expect(syncIndicator(page)).toContainText('offline — 1 zmiana czeka');

	// The browser evicts the origin's IndexedDB (localStorage stays): nothing holds it open on
	// the lock screen.
	await page.reload();
	await expect(page.getByTestId('lock-screen')).toBeVisible();
	expect(await deleteDatabases(page)).toBeGreaterThan(1);
	const lock = page.getByTestId('lock-screen');
	await lock.getByLabel('Hasło').fill(DEMO_PASSWORD);
	await lock.getByRole('button', { name: 'Odblokuj' }).click();
	await expect(lock.getByRole('alert').first()).toHaveText(
		'Dane Asysty na tym urządzeniu zniknęły (przeglądarka mogła je usunąć przy braku miejsca) albo są uszkodzone. Zmiany, które czekały na wysłanie (1), przepadły. Połącz się z siecią i zaloguj — wszystko, co jest na serwerze, zostanie pobrane ponownie.'
	);
	await expect(page.locator('body')).not.toContainText('Zielińskich');

	// Online: the login makes a new key; the page says what was lost, and the family comes back
	// from the server without the lost change.
	await context.setOffline(false);
	await signIn(page, ANNA);
	const loss = page.getByTestId('store-loss');
	await expect(loss).toContainText('Zmiany, które w nich czekały na wysłanie (1), przepadły.');
	await expect(loss).toContainText(/dokumenty rodzin: [1-9]/);
	await openPlan(page);
	await expect(actionDescription(page)).toHaveValue(before);
	await loss.getByRole('button', { name: 'Rozumiem' }).click();
	await expect(loss).toHaveCount(0);
});

test('[DV10] one family’s copies evicted while the rest stays: unlock says so; offline the family is not on the device, never an empty editable plan', async ({
	page,
	context
}) => {
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	await expect(page.getByTestId('caseload-progress')).toHaveAttribute('data-state', 'ready', {
		timeout: 30_000
	});
	const copies = await familyCopies(page, await familyId(page));
	await page.getByRole('button', { name: 'Zablokuj' }).click();
	await expect(page.getByTestId('lock-screen')).toBeVisible();
	await context.setOffline(true);
	expect(await changeCopies(page, copies, 'delete')).toBeGreaterThan(0);

	await unlockDevice(page);
	await expect(page.getByTestId('store-loss')).toContainText(
		'Nie czekały w nich żadne zmiany, więc nic nie przepadło.'
	);
	await expect(
		page.getByTestId('family').filter({ hasText: FAMILY }).getByTestId('family-ready')
	).toHaveText('nie pobrano na to urządzenie');
	await openPlan(page);
	await expect(page.getByTestId('not-on-device')).toBeVisible();
	await expect(actionDescription(page)).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Dodaj cel' })).toHaveCount(0);

	// Online, the plan comes back from the server.
	await context.setOffline(false);
	await expect(actionDescription(page)).toBeVisible({ timeout: 20_000 });
	await expectSaved(page);
});

test('[DV10] records that do not decrypt: the page says they were skipped, the document is not shown half-empty offline, and the server’s copy comes back', async ({
	page,
	context
}) => {
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	await expect(page.getByTestId('caseload-progress')).toHaveAttribute('data-state', 'ready', {
		timeout: 30_000
	});
	const copies = await familyCopies(page, await familyId(page));
	await page.getByRole('button', { name: 'Zablokuj' }).click();
	await expect(page.getByTestId('lock-screen')).toBeVisible();
	await context.setOffline(true);
	// Every stored record of the family's copies is damaged in place (one byte flipped).
	const damaged = await changeCopies(page, copies, 'damage');
	expect(damaged).toBeGreaterThan(0);

	await unlockDevice(page);
	await openPlan(page);
	await expect(
		page.getByText(/Uszkodzone zapisy na tym urządzeniu \(\d+\) zostały pominięte/).first()
	).toBeVisible();
	await expect(page.getByTestId('not-on-device')).toBeVisible();
	await expect(page.getByRole('button', { name: 'Dodaj cel' })).toHaveCount(0);

	await context.setOffline(false);
	await expect(actionDescription(page)).toBeVisible({ timeout: 20_000 });
	await expectSaved(page);
});
