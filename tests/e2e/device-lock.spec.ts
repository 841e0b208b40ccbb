/**
 * [DV5][DV7] The device lock in real Chromium: wrong passwords erase the wrapped keys, the lease
 * and a clock set off refuse offline unlock, idle locks, "Zablokuj" locks every tab, and a device
 * the head marks lost loses its session and erases its data at the next contact.
 */
import { expect, test, type Page } from './fixtures';
import {
	actionDescription,
	ANNA,
	DEMO_PASSWORD,
	expectNoAxeViolations,
	keyRecords,
	openFamily,
	signIn,
	syncIndicator,
	unlockDevice,
	userContext,
	waitForServiceWorker
} from './pages/app';

const KRYSTYNA = 'krystyna.kierownik@demo.local';
const DAY = 86_400_000;

/** Names of the origin's IndexedDB databases. */
function databases(page: Page): Promise<string[]> {
	return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
}

async function tryPassword(page: Page, password: string): Promise<void> {
	const lock = page.getByTestId('lock-screen');
	await lock.getByLabel('Hasło').fill(password);
	await lock.getByRole('button', { name: 'Odblokuj' }).click();
}

test('[DV5] offline, five wrong passwords erase the keys; before the last the screen counts the waiting changes', async ({
	page,
	context
}) => {
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	await openFamily(page, /Rodzina Kowalskich/);
	await context.setOffline(true);
	const field = actionDescription(page);
	await field.click();
	await field.press('Control+End');
	await field.pressSequentially(' (czeka na serwer)');
	await field.press('Tab');
	await expect(syncIndicator(page)).toContainText('offline — 1 zmiana czeka');

	await page.reload();
	const lock = page.getByTestId('lock-screen');
	await expect(lock).toBeVisible();
	await expect(page.getByTestId('lock-pending')).toContainText('1');
	for (const left of [4, 3, 2]) {
		await tryPassword(page, 'zle-haslo');
		await expect(lock.getByRole('alert').first()).toHaveText(
			`Nieprawidłowe hasło. Pozostało prób: ${left}.`
		);
	}
	await tryPassword(page, 'zle-haslo');
	await expect(lock).toContainText('Pozostało prób: 1.');
	await expect(lock).toContainText('zostało ostatnie podejście');
	await expect(lock).toContainText('zmiany czekające na wysłanie (1) przepadną');
	expect(await keyRecords(page)).toBe(1);

	await tryPassword(page, 'zle-haslo');
	await expect(lock).toContainText('klucze na tym urządzeniu zostały usunięte');
	expect(await keyRecords(page)).toBe(0);
	expect((await databases(page)).filter((n) => n.startsWith('asysta-y-'))).toEqual([]);
	// The right password no longer helps offline: there is no key to unwrap.
	await tryPassword(page, DEMO_PASSWORD);
	await expect(lock).toContainText('nie ma klucza dla tego konta');

	// Online, a login makes a new key and the family opens from the server (the wait is lost).
	await context.setOffline(false);
	await signIn(page, ANNA);
	await openFamily(page, /Rodzina Kowalskich/);
	await expect(actionDescription(page)).not.toHaveValue(/czeka na serwer/);
});

test('[DV5] offline unlock refuses past the lease (14 days) without counting an attempt', async ({
	page,
	context
}) => {
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	await context.setOffline(true);
	// Fifteen days later (default lease 14): the device has not reached the server since.
	await page.clock.install({ time: Date.now() + 15 * DAY });
	await page.reload();
	const lock = page.getByTestId('lock-screen');
	await tryPassword(page, DEMO_PASSWORD);
	await expect(lock.getByRole('alert')).toHaveText(
		'To urządzenie nie łączyło się z serwerem od 15 dni (dopuszczalne: 14). Połącz się z siecią i zaloguj, aby je odblokować.'
	);
	// A wrong attempt was not counted: the lease refuses before the password is tried.
	expect(await keyRecords(page)).toBe(1);
});

test('[DV5] a clock set years back refuses offline unlock with its own message', async ({
	page,
	context
}) => {
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await page.clock.install({ time: Date.now() - 3 * 365 * DAY });
	await page.reload();
	await tryPassword(page, DEMO_PASSWORD);
	await expect(page.getByTestId('lock-screen').getByRole('alert')).toContainText(
		'Zegar tego urządzenia wskazuje datę wcześniejszą'
	);
});

test('[DV5] idle past the organisation’s auto-lock (15 min) locks; the password unlocks', async ({
	page
}) => {
	await page.clock.install();
	await signIn(page, ANNA);
	await openFamily(page, /Rodzina Kowalskich/);
	await page.clock.fastForward('14:00');
	await expect(page.getByTestId('lock-screen')).toHaveCount(0);
	await page.clock.fastForward('02:00');
	await expect(page.getByTestId('lock-screen')).toBeVisible();
	await expect(page.locator('main')).not.toContainText('Kowalskich');
	await unlockDevice(page);
	await expect(actionDescription(page)).toBeVisible();
});

test('[DV5] "Zablokuj" locks every tab of the user; a reload online stays locked', async ({
	page,
	context
}) => {
	await signIn(page, ANNA);
	await openFamily(page, /Rodzina Kowalskich/);
	const other = await context.newPage();
	await other.goto('/rodziny');
	await expect(other.getByRole('heading', { level: 1, name: 'Moje rodziny' })).toBeVisible();
	await page.getByRole('button', { name: 'Zablokuj' }).click();
	await expect(page.getByTestId('lock-screen')).toBeVisible();
	await expect(other.getByTestId('lock-screen')).toBeVisible();
	await expectNoAxeViolations(page);
	await other.reload();
	await expect(other.getByTestId('lock-screen')).toBeVisible();
	await unlockDevice(other);
	await expect(other.getByRole('heading', { level: 1, name: 'Moje rodziny' })).toBeVisible();
});

test('[DV7] a device the head marks lost: its session gets 401, its next login erases its data', async ({
	page,
	browser
}) => {
	await signIn(page, ANNA);
	await openFamily(page, /Rodzina Kowalskich/);
	const deviceId = await page.evaluate(() => localStorage.getItem('asysta:device-id'));
	const me = (await (await page.request.get('/api/session')).json()) as { user: { id: string } };
	const head = await userContext(browser, KRYSTYNA);
	const listed = (await (await head.page.request.get('/api/devices')).json()) as {
		devices: { userId: string; deviceId: string }[];
	};
	expect(listed.devices).toContainEqual(expect.objectContaining({ userId: me.user.id, deviceId }));
	// An assistant may not mark another user's device lost (her own: device-list.spec, DV9).
	const headDevice = await head.page.evaluate(() => localStorage.getItem('asysta:device-id'));
	const headId = (
		(await (await head.page.request.get('/api/session')).json()) as { user: { id: string } }
	).user.id;
	const refused = await page.request.post('/api/devices/lost', {
		data: { userId: headId, deviceId: headDevice }
	});
	expect(refused.status()).toBe(403);
	const marked = await head.page.request.post('/api/devices/lost', {
		data: { userId: me.user.id, deviceId }
	});
	expect(marked.ok()).toBe(true);
	expect((await page.request.get('/api/session')).status()).toBe(401);
	// The head's settings page lists the devices, the lost one marked, with its waiting count.
	await head.page.goto('/kierownik/ustawienia');
	await expect(
		head.page.getByTestId('device').filter({ hasText: 'zgłoszone jako zgubione' }).first()
	).toBeVisible();
	await expect(head.page.getByTestId('device-storage')).toContainText(/Zajęte: .* MB z .* MB\./);

	await page.goto('/logowanie');
	await page.getByLabel('E-mail').fill(ANNA);
	await page.getByLabel('Hasło').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: /zaloguj/i }).click();
	await expect(page.getByRole('alert')).toContainText('zgłoszone jako zgubione');
	expect(await keyRecords(page)).toBe(0);
	expect((await databases(page)).filter((n) => n.startsWith('asysta-y-'))).toEqual([]);
	await head.context.close();
});

test('[DV8] a device marked lost while unlocked and online erases its data at once, without another login', async ({
	page,
	browser
}) => {
	await signIn(page, ANNA);
	await openFamily(page, /Rodzina Kowalskich/);
	await expect(actionDescription(page)).toBeVisible();
	expect((await databases(page)).filter((n) => n.startsWith('asysta-y-')).length).toBeGreaterThan(
		0
	);
	const deviceId = await page.evaluate(() => localStorage.getItem('asysta:device-id'));
	const me = (await (await page.request.get('/api/session')).json()) as { user: { id: string } };
	const head = await userContext(browser, KRYSTYNA);
	const marked = await head.page.request.post('/api/devices/lost', {
		data: { userId: me.user.id, deviceId }
	});
	expect(marked.ok()).toBe(true);
	// The page reacts by itself (the server closes its sockets with "device lost"): the keys and
	// the encrypted copies erased, the page reloaded (nothing of the family in memory or on
	// screen), the reason in Polish.
	await expect(
		page.getByRole('alert').filter({ hasText: 'zgłoszone jako zgubione' })
	).toBeVisible();
	await expect(page.locator('body')).not.toContainText('Rodzina');
	await expect.poll(() => keyRecords(page)).toBe(0);
	await expect
		.poll(async () => (await databases(page)).filter((n) => n.startsWith('asysta-y-')))
		.toEqual([]);
	await head.context.close();
});
