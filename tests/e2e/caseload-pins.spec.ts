/**
 * Issue 12: a head's or a kurator's wider access is kept on the device only for the families they
 * pin (AC12, SY12). The pin is stored per user on the server, so another device of the same user
 * keeps the family too, from whichever page the user is on.
 */
import { expect, test, type Page } from './fixtures';
import {
	ANNA,
	expectSaved,
	gotoLocked,
	signIn,
	syncIndicator,
	userContext,
	waitForServiceWorker
} from './pages/app';

const KRYSTYNA = 'krystyna.kierownik@demo.local';

interface Listed {
	id: string;
	name: string;
	pinned: boolean;
	assistantId: string | null;
}

async function listed(page: Page): Promise<Listed[]> {
	const res = await page.request.get('/api/families');
	expect(res.ok()).toBe(true);
	return (await res.json()) as Listed[];
}

test('[AC12][SY12] a head pins a family: kept whole on another device of theirs and offline, unpinned again', async ({
	page,
	browser
}) => {
	test.setTimeout(180_000); // two devices, one of them walking sections offline
	await signIn(page, KRYSTYNA);
	const all = await listed(page);
	const target = all.find((f) => /Kowalskich/.test(f.name));
	const other = all.find((f) => /Zielińskich/.test(f.name));
	if (!target || !other) throw new Error('demo families missing');
	expect(target.pinned).toBe(false);

	// What the plan holds, seen online.
	await page.goto(`/rodzina?id=${target.id}`);
	await expect(page.getByTestId('action').first()).toBeVisible();
	await expectSaved(page);
	const actions = await page.getByTestId('action').count();

	await page.goto('/rodziny');
	const card = page.getByTestId('family').filter({ hasText: target.name });
	const otherCard = page.getByTestId('family').filter({ hasText: other.name });
	// Neither is the head's own caseload: each says it is not kept and offers a pin.
	await expect(card.getByTestId('family-ready')).toHaveText(
		'nie trzymana na tym urządzeniu — przypnij, by mieć ją bez sieci'
	);
	await card.getByRole('button', { name: 'Przypnij do pracy bez sieci' }).click();
	await expect(card.getByRole('button', { name: 'Odepnij' })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	await expect(card.getByTestId('family-ready')).toHaveText(/^gotowa bez sieci, stan z /, {
		timeout: 30_000
	});
	await expect(otherCard.getByTestId('family-ready')).toHaveText(/^nie trzymana/);
	// Stored on the server, for this user only.
	expect((await listed(page)).find((f) => f.id === target.id)?.pinned).toBe(true);

	// Another device of the head: it lands on the head's view, never opens "Moje rodziny", and
	// still gets the pinned family whole in the background.
	const device = await browser.newContext();
	const second = await device.newPage();
	await signIn(second, KRYSTYNA);
	await expect(second).toHaveURL(/\/kierownik$/);
	await waitForServiceWorker(second);
	await expect(second.getByTestId('caseload-progress')).toHaveAttribute('data-state', 'ready', {
		timeout: 30_000
	});
	await device.setOffline(true);
	// [DV5] Each full load offline asks for the password.
	await gotoLocked(second, `/rodzina?id=${target.id}`);
	await expect(second.getByTestId('action')).toHaveCount(actions);
	await expect(second.getByTestId('not-on-device')).toHaveCount(0);
	await expect(syncIndicator(second)).toContainText('offline — wszystko zapisane na serwerze');
	await gotoLocked(second, `/rodzina/sprawa?id=${target.id}`);
	await expect(second.getByTestId('case-state')).toBeVisible();
	await expect(second.getByTestId('not-on-device')).toHaveCount(0);
	await device.close();

	// Unpinned: the card says it is not kept any more, and the server forgets the pin.
	await card.getByRole('button', { name: 'Odepnij' }).click();
	await expect(card.getByRole('button', { name: 'Przypnij do pracy bez sieci' })).toHaveAttribute(
		'aria-pressed',
		'false'
	);
	await expect(card.getByTestId('family-ready')).toHaveText(/^nie trzymana/);
	expect((await listed(page)).find((f) => f.id === target.id)?.pinned).toBe(false);
});

test('[AC12] a kurator pins a family it may read, never one it may not', async ({
	page: annaPage,
	browser
}) => {
	await signIn(annaPage, ANNA);
	const annas = await listed(annaPage);
	const { context, page } = await userContext(browser, 'kasia.kurator@demo.local');
	const kasias = await listed(page);
	expect(kasias.length).toBeGreaterThan(0);
	const [readable] = kasias;
	expect((await page.request.put(`/api/families/${readable.id}/pin`)).status()).toBe(200);
	expect((await listed(page)).find((f) => f.id === readable.id)?.pinned).toBe(true);
	expect((await page.request.delete(`/api/families/${readable.id}/pin`)).status()).toBe(200);
	expect((await listed(page)).find((f) => f.id === readable.id)?.pinned).toBe(false);
	// A family of the organisation without a grant to her, and one that does not exist: 404.
	const foreign = annas.find((f) => !kasias.some((k) => k.id === f.id));
	for (const id of [foreign?.id, 'nie-ma-takiej-rodziny'].filter((x) => x !== undefined))
		expect((await page.request.put(`/api/families/${id}/pin`)).status()).toBe(404);
	await context.close();
});
