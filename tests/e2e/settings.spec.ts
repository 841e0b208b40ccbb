import { expect, test, type Page } from './fixtures';
import { ANNA, signIn, unlockDevice, userContext, waitForServiceWorker } from './pages/app';

const KRYSTYNA = 'krystyna.kierownik@demo.local';
// The first demo family's action due in 14 days: outside the default 7-day reminder window.
const ACTION = 'Ustalenie stałego planu dnia dzieci';

const trayAction = (page: Page) =>
	page.getByTestId('tray').locator('[data-kind="dzialanie"]').filter({ hasText: ACTION });

test('[OS2][OS4][OS5] the head changes the organisation settings; the assistant sees them after a reload and offline', async ({
	page,
	context,
	browser
}) => {
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	await expect(page.getByTestId('caseload')).toContainText(/\d+ \/ 15/);
	// Wait for the tray to be computed (the overdue demo action), then check the 14-day one is not in it.
	await expect(page.getByTestId('tray').locator('[data-kind="dzialanie"]').first()).toBeVisible();
	await expect(trayAction(page)).toHaveCount(0);

	const head = await userContext(browser, KRYSTYNA);
	try {
		await head.page.getByRole('link', { name: 'Widok kierownika' }).click();
		await head.page.getByRole('link', { name: /Ustawienia ośrodka/ }).click();
		await expect(
			head.page.getByRole('heading', { level: 1, name: 'Ustawienia ośrodka' })
		).toBeVisible();
		const limit = head.page.getByLabel('Limit rodzin na asystenta');
		const reminder = head.page.getByLabel(/Przypomnienie o działaniu z planu/);
		await expect(limit).toHaveValue('15');
		await expect(reminder).toHaveValue('7');
		await expect(head.page.getByRole('group', { name: 'Wizyty' })).toContainText(
			'Wartość z praktyki, nie z ustawy.'
		);

		// Over the statutory ceiling: refused with a Polish message by the field; nothing typed is lost.
		await limit.fill('16');
		await reminder.fill('20');
		await head.page.getByRole('button', { name: 'Zapisz ustawienia' }).click();
		await expect(head.page.locator('#caseloadLimit-error')).toHaveText(
			/nie może przekroczyć ustawowych 15 rodzin/
		);
		await expect(limit).toHaveAttribute('aria-invalid', 'true');
		await expect(limit).toBeFocused();
		await expect(limit).toHaveValue('16');
		await expect(reminder).toHaveValue('20');

		await limit.fill('9');
		await head.page.getByRole('button', { name: 'Zapisz ustawienia' }).click();
		await expect(head.page.getByTestId('settings-saved')).toHaveText(
			'Zapisano ustawienia ośrodka.'
		);
		await head.page.reload();
		await expect(head.page.getByLabel('Limit rodzin na asystenta')).toHaveValue('9');

		// The assistant, online: the tray and the meter follow the organisation's settings.
		await page.reload();
		await expect(page.getByTestId('caseload')).toContainText(/\d+ \/ 9/);
		await expect(trayAction(page)).toBeVisible();

		// Offline, cold reload from the service worker: the settings come from the device.
		await context.setOffline(true);
		const res = await page.reload();
		expect(res?.fromServiceWorker()).toBe(true);
		await unlockDevice(page); // [DV5] offline, the password unlocks the device
		await expect(page.getByTestId('caseload')).toContainText(/\d+ \/ 9/);
		await expect(trayAction(page)).toBeVisible();
		await context.setOffline(false);
	} finally {
		// The other specs share this server and expect the documented defaults.
		const reset = await head.page.request.put('/api/organisation/settings', {
			data: { caseloadLimit: 15, actionReminderDays: 7 }
		});
		expect(reset.status()).toBe(200);
		await head.context.close();
	}
});

test('[OS2] the API refuses an assistant (403) and a request without a session (401)', async ({
	page,
	playwright,
	baseURL
}) => {
	await signIn(page, ANNA);
	const get = await page.request.get('/api/organisation/settings');
	expect(get.status()).toBe(200);
	expect(await get.json()).toMatchObject({ ceiling: 15, settings: { caseloadLimit: 15 } });
	const put = await page.request.put('/api/organisation/settings', { data: { caseloadLimit: 3 } });
	expect(put.status()).toBe(403);
	expect(await put.json()).toEqual({
		error: 'Ustawienia ośrodka zmienia tylko kierownik.',
		fields: {}
	});
	const anonymous = await playwright.request.newContext({
		baseURL
	});
	const none = await anonymous.get('/api/organisation/settings');
	expect(none.status()).toBe(401);
	expect(await none.json()).toEqual({ error: 'Nie zalogowano.' });
	await anonymous.dispose();
});
