/**
 * [DV9] Every user (not only the head) lists their own devices in "Moje urządzenia", names them
 * (the head's list shows the name) and reports another of their own devices lost, which erases
 * itself at once when open and online (DV8). Nobody but the head touches another user's device.
 */
import { expect, test } from './fixtures';
import {
	ANNA,
	PIOTR,
	encryptedDbNames,
	encryptedDbs,
	expectNoAxeViolations,
	openFamily,
	signIn,
	userContext
} from './pages/app';

const KRYSTYNA = 'krystyna.kierownik@demo.local';

test('[DV9][DV8] an assistant names this device, sees it in her list and the head’s, and reports her other device lost, which erases itself at once', async ({
	page,
	browser
}) => {
	const label = `Laptop służbowy ${Date.now() % 100000}`;
	await signIn(page, ANNA);
	// A second device of the same assistant, open on a family.
	const other = await userContext(browser, ANNA);
	await openFamily(other.page, /Rodzina Kowalskich/);
	expect((await encryptedDbNames(other.page)).length).toBeGreaterThan(0);

	await page.getByRole('link', { name: 'Moje urządzenia' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Moje urządzenia' })).toBeVisible();
	const here = page.locator('[data-testid="device"][data-current="true"]');
	await expect(here).toContainText('to urządzenie');
	// This device cannot be reported lost from itself (that is "Wyloguj").
	await expect(here.getByRole('button', { name: 'Zgłoś jako zgubione' })).toHaveCount(0);
	await here.getByLabel('Nazwa urządzenia').fill(label);
	await here.getByRole('button', { name: 'Zapisz nazwę' }).click();
	await expect(here.getByRole('status')).toHaveText('Zapisano nazwę.');
	await expect(here).toContainText(label);
	await expectNoAxeViolations(page);

	// A name past 60 characters is refused, not cut.
	await here.getByLabel('Nazwa urządzenia').fill('x'.repeat(61));
	await expect(here.getByTestId('too-long')).toBeVisible();
	const deviceId = await page.evaluate(() => localStorage.getItem('asysta:device-id'));
	const tooLong = await page.request.post('/api/devices/name', {
		data: { deviceId, name: 'x'.repeat(61) }
	});
	expect(tooLong.status()).toBe(400);

	// The head sees the name.
	const head = await userContext(browser, KRYSTYNA);
	await head.page.goto('/kierownik/ustawienia');
	await expect(head.page.getByTestId('device').filter({ hasText: label })).toBeVisible();

	// Another user's device: neither named nor reported by an assistant.
	const piotr = await userContext(browser, PIOTR);
	const piotrDevice = await piotr.page.evaluate(() => localStorage.getItem('asysta:device-id'));
	const piotrId = (
		(await (await piotr.page.request.get('/api/session')).json()) as { user: { id: string } }
	).user.id;
	expect(
		(
			await page.request.post('/api/devices/lost', {
				data: { userId: piotrId, deviceId: piotrDevice }
			})
		).status()
	).toBe(403);
	expect(
		(
			await page.request.post('/api/devices/name', {
				data: { deviceId: piotrDevice, name: 'cudzy' }
			})
		).status()
	).toBe(404);

	// Her other device (named there): reported lost from here, after a confirmation.
	const otherLabel = `Drugi laptop ${Date.now() % 100000}`;
	const otherId = await other.page.evaluate(() => localStorage.getItem('asysta:device-id'));
	expect(
		(
			await other.page.request.post('/api/devices/name', {
				data: { deviceId: otherId, name: otherLabel }
			})
		).ok()
	).toBe(true);
	await page.reload();
	const second = page.getByTestId('device').filter({ hasText: otherLabel });
	await second.getByRole('button', { name: 'Zgłoś jako zgubione' }).click();
	await expect(second).toContainText('Zgłosić to urządzenie jako zgubione?');
	await second.getByRole('button', { name: 'Tak, zgłoś jako zgubione' }).click();
	await expect(second).toContainText('zgłoszone jako zgubione');
	await expect(
		other.page.getByRole('alert').filter({ hasText: 'zgłoszone jako zgubione' })
	).toBeVisible();
	await expect.poll(() => encryptedDbs(other.page)).toEqual([]);
	// This device still works.
	await openFamily(page, /Rodzina Kowalskich/);
	for (const c of [other.context, head.context, piotr.context]) await c.close();
});
