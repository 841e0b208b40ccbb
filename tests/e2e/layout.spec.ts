import { expect, test, type Page } from './fixtures';
import { ANNA, openFamily, signIn } from './pages/app';

const KRYSTYNA = 'krystyna.kierownik@demo.local';

/**
 * [UI1] Comfortable on a 1366×768 laptop and on a tablet (issue 4): no page of the app scrolls
 * sideways, and the family's tabs stay reachable. Measured, not eyeballed: the document may not be
 * wider than the viewport.
 */
const VIEWPORTS = [
	{ name: 'laptop 1366×768', width: 1366, height: 768 },
	{ name: 'tablet 768×1024', width: 768, height: 1024 },
	{ name: 'tablet landscape 1024×768', width: 1024, height: 768 }
];

async function expectNoSidewaysScroll(page: Page, where: string): Promise<void> {
	const { scroll, client } = await page.evaluate(() => ({
		scroll: document.documentElement.scrollWidth,
		client: document.documentElement.clientWidth
	}));
	expect(
		scroll,
		`${where}: document ${scroll}px wide in a ${client}px viewport`
	).toBeLessThanOrEqual(client);
}

for (const vp of VIEWPORTS) {
	test(`[UI1] no page scrolls sideways on a ${vp.name}`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
		const page = await context.newPage();
		await signIn(page, ANNA);
		await expectNoSidewaysScroll(page, 'Moje rodziny');
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
			await expectNoSidewaysScroll(page, name);
		}
		await page.goto('/rodziny/nowa');
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectNoSidewaysScroll(page, 'Nowa rodzina');
		await context.close();
	});

	test(`[UI1] the head's pages do not scroll sideways on a ${vp.name}`, async ({ browser }) => {
		const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
		const page = await context.newPage();
		await signIn(page, KRYSTYNA);
		for (const path of ['/kierownik', '/kierownik/ustawienia']) {
			await page.goto(path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			await expectNoSidewaysScroll(page, path);
		}
		await context.close();
	});
}
