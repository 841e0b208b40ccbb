import { expect, test } from './fixtures';
import { ANNA, expectNoAxeViolations, openFamily, signIn } from './pages/app';

const KRYSTYNA = 'krystyna.kierownik@demo.local';

test('[A11Y] axe finds no violations on the login page', async ({ page }) => {
	await page.goto('/logowanie');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expectNoAxeViolations(page);
});

test('[A11Y] axe finds no violations on every section of a family file', async ({ page }) => {
	await signIn(page, ANNA);
	await expectNoAxeViolations(page);
	await openFamily(page, /Rodzina Kowalskich/);
	const tabs = page.getByRole('navigation', { name: 'Części akt rodziny' }).getByRole('link');
	const names = await tabs.allInnerTexts();
	expect(names.length).toBeGreaterThanOrEqual(5);
	for (const name of names) {
		await tabs.filter({ hasText: name }).click();
		await expect(page.getByRole('link', { name, exact: true })).toHaveAttribute(
			'aria-current',
			'page'
		);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectNoAxeViolations(page);
	}
});

test('[A11Y] axe finds no violations on the head’s view', async ({ page }) => {
	await signIn(page, KRYSTYNA);
	await page
		.getByRole('link', { name: /kierownik|Widok kierownika/i })
		.first()
		.click();
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expectNoAxeViolations(page);
});

test('[A11Y] axe finds no violations on the organisation settings page, also with field errors', async ({
	page
}) => {
	await signIn(page, KRYSTYNA);
	await page.goto('/kierownik/ustawienia');
	await expect(page.getByRole('heading', { level: 1, name: 'Ustawienia ośrodka' })).toBeVisible();
	await expect(page.getByLabel('Limit rodzin na asystenta')).toHaveValue(/\d+/);
	await expectNoAxeViolations(page);
	await page.getByLabel('Limit rodzin na asystenta').fill('99');
	await page.getByRole('button', { name: 'Zapisz ustawienia' }).click();
	await expect(page.locator('#caseloadLimit-error')).toBeVisible();
	await expectNoAxeViolations(page);
});
