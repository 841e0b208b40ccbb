import { expect, test } from './fixtures';
import { ANNA, DEMO_PASSWORD } from './pages/app';

test('[AU1] the HTTP contract: POST /api/session, GET /api/families, DELETE /api/session', async ({
	request
}) => {
	const bad = await request.post('/api/session', { data: { email: ANNA, password: 'zle-haslo' } });
	expect(bad.status()).toBe(401);
	expect((await bad.json()).error).toMatch(/nieprawidłowy|Nieprawidłowy/);

	const malformed = await request.post('/api/session', { data: { email: 42 } });
	expect(malformed.status()).toBe(400);

	expect((await request.get('/api/families')).status()).toBe(401);

	const ok = await request.post('/api/session', { data: { email: ANNA, password: DEMO_PASSWORD } });
	expect(ok.status()).toBe(200);
	const cookie = ok.headers()['set-cookie'];
	expect(cookie).toMatch(/asysta_session=[a-z2-7]+/);
	expect(cookie).toMatch(/HttpOnly/i);
	expect(cookie).toMatch(/SameSite=Lax/i);

	const families = (await (await request.get('/api/families')).json()) as { name: string }[];
	// The demo's two families; other specs (law, NK, bounds) add families of Anna's own.
	expect(families.map((f) => f.name)).toEqual(
		expect.arrayContaining(['Rodzina Kowalskich', 'Rodzina Zielińskich'])
	);
	for (const f of families) {
		expect(f).toMatchObject({
			id: expect.any(String),
			name: expect.any(String),
			doc: expect.any(String)
		});
	}

	expect((await request.delete('/api/session')).status()).toBeLessThan(300);
	expect((await request.get('/api/families')).status()).toBe(401);
});

test('[AU1] a wrong password shows a Polish message and keeps what was typed', async ({ page }) => {
	await page.goto('/logowanie');
	await page.getByLabel('E-mail').fill(ANNA);
	await page.getByLabel('Hasło').fill('zle-haslo');
	await page.getByRole('button', { name: /zaloguj/i }).click();
	await expect(page.getByRole('alert')).toContainText(/nieprawidłowy/i);
	await expect(page.getByLabel('E-mail')).toHaveValue(ANNA);
});
