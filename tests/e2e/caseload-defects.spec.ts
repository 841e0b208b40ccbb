/**
 * Issue 12, "defects found on the way": each point of a first walk through the app as a new user,
 * in real Chromium with the demo accounts.
 *
 * Past 250 lines on purpose: the file is the list of defects, one short test per point.
 */
import { expect, test, type Page } from './fixtures';
import { ANNA, DEMO_PASSWORD, expectSaved, signIn } from './pages/app';

const KRYSTYNA = 'krystyna.kierownik@demo.local';
const ZENON = 'zenon.zespol@demo.local';

interface Family {
	id: string;
	name: string;
}

/** The families a signed-in page's user may open, from the API. */
async function familiesOf(page: Page): Promise<Family[]> {
	const res = await page.request.get('/api/families');
	expect(res.ok()).toBe(true);
	return ((await res.json()) as Family[]).map(({ id, name }) => ({ id, name }));
}

async function family(page: Page, name: RegExp): Promise<Family> {
	const f = (await familiesOf(page)).find((x) => name.test(x.name));
	if (!f) throw new Error(`no family ${name}`);
	return f;
}

/** ISO date `days` from today in Warsaw (the app's calendar). */
async function isoIn(page: Page, days: number): Promise<string> {
	return page.evaluate((d) => {
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(
			new Date()
		);
		const t = new Date(`${today}T00:00:00Z`);
		t.setUTCDate(t.getUTCDate() + d);
		return t.toISOString().slice(0, 10);
	}, days);
}

/** True when the element's visible text lays out on one line (not broken mid-word). */
async function oneLine(page: Page, locator: ReturnType<Page['locator']>): Promise<boolean> {
	return locator.evaluate((el) => {
		const tops = new Set<number>();
		const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
		for (let n = walker.nextNode(); n; n = walker.nextNode()) {
			if (n.parentElement?.closest('.visually-hidden') || !n.textContent?.trim()) continue;
			const range = document.createRange();
			range.selectNodeContents(n);
			for (const r of range.getClientRects()) tops.add(Math.round(r.top));
		}
		return tops.size === 1;
	});
}

test('[issue12] the head lands on the head’s view and is offered no plan agreement for a plan it only reads', async ({
	page
}) => {
	await signIn(page, KRYSTYNA);
	await expect(page).toHaveURL(/\/kierownik$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Widok kierownika' })).toBeVisible();

	const f = await family(page, /Kowalskich/);
	await page.goto(`/rodzina?id=${f.id}`);
	await expect(page.getByTestId('action').first()).toBeVisible();
	await expect(page.getByText(/tylko do odczytu|do odczytu/).first()).toBeVisible();
	// The case file under the plan has loaded (the agreement section's text is there).
	await expect(page.getByText(/wersj|uzgodn|uzgadn/i).first()).toBeVisible();
	await expect(page.getByRole('button', { name: 'Uzgodnij plan z rodziną' })).toHaveCount(0);
});

test('[issue12] a ZI member’s Terminy and Wizyty say “no access” instead of loading or “not yet”', async ({
	page
}) => {
	await signIn(page, ZENON);
	const [f] = await familiesOf(page);
	await page.goto(`/rodzina/terminy?id=${f.id}`);
	await expect(page.getByTestId('terminy-no-access')).toBeVisible();
	await expect(page.getByText('Wczytywanie terminów…')).toHaveCount(0);
	await page.goto(`/rodzina/wizyty?id=${f.id}`);
	await expect(page.getByText('Nie masz dostępu do dziennika wizyt tej rodziny.')).toBeVisible();
	await expect(page.getByText('nie jest jeszcze dostępny')).toHaveCount(0);
});

test('[issue12] plan deadlines: bounds with a Polish message, a past deadline warned, an overdue action marked', async ({
	page
}) => {
	await signIn(page, ANNA);
	const f = await family(page, /Kowalskich/);
	await page.goto(`/rodzina?id=${f.id}`);
	await expect(page.getByTestId('action').first()).toBeVisible();
	await expectSaved(page);

	// The demo plan has an open action three days past its deadline: marked in the plan itself.
	await expect(page.getByTestId('action-overdue')).toHaveCount(1);

	const action = page.getByTestId('action').first();
	const deadline = action.getByLabel('Termin realizacji');
	const before = await deadline.inputValue();
	for (const far of ['3000-01-01', '1800-01-01']) {
		await deadline.fill(far);
		await deadline.blur();
		await expect(action.getByRole('alert')).toHaveText(
			/^Podaj datę od \d{2}\.\d{2}\.\d{4} do \d{2}\.\d{2}\.\d{4}\.$/
		);
	}
	// Nothing was written: a reload shows the deadline as it was.
	await page.reload();
	await expect(page.getByTestId('action').first().getByLabel('Termin realizacji')).toHaveValue(
		before
	);

	// A past date inside the bounds is kept, with a warning, and the action is marked overdue.
	const again = page.getByTestId('action').first();
	const past = await isoIn(page, -10);
	await again.getByLabel('Termin realizacji').fill(past);
	await again.getByLabel('Termin realizacji').blur();
	await expect(again.getByRole('status')).toContainText('Ten termin już minął');
	await expect(again.getByTestId('action-overdue')).toBeVisible();
	// Put the demo plan back.
	await again.getByLabel('Termin realizacji').fill(before);
	await again.getByLabel('Termin realizacji').blur();
	await expect(again.getByTestId('action-overdue')).toHaveCount(0);
	await expectSaved(page);
});

test('[issue12] a visit: a date out of bounds and a place too long are refused with the limit, the draft kept', async ({
	page
}) => {
	await signIn(page, ANNA);
	const f = await family(page, /Kowalskich/);
	await page.goto(`/rodzina/wizyty?id=${f.id}`);
	const count = page.getByTestId('visit');
	await expect(page.getByRole('button', { name: 'Zapisz wizytę' })).toBeVisible();
	const visits = await count.count();

	await page.getByLabel('Data wizyty').fill('1800-01-01');
	const place = 'ul. Długa 1, '.repeat(400).slice(0, 5000);
	await page.getByLabel('Miejsce').fill(place);
	await page.getByRole('button', { name: 'Zapisz wizytę' }).click();
	await expect(
		page.getByText(/^Podaj datę od \d{2}\.\d{2}\.\d{4} do \d{2}\.\d{2}\.\d{4}\.$/)
	).toBeVisible();
	await expect(
		page.getByText('Za długie: najwyżej 300 znaków, wpisano 5000.', { exact: false })
	).toBeVisible();
	// Nothing cut, nothing saved.
	await expect(page.getByLabel('Miejsce')).toHaveValue(place);
	await expect(page.getByLabel('Data wizyty')).toHaveValue('1800-01-01');
	await expect(count).toHaveCount(visits);
});

test('[issue12] an empty periodic assessment is refused; goals are numbered as in the plan', async ({
	page
}) => {
	await signIn(page, ANNA);
	const f = await family(page, /Kowalskich/);
	await page.goto(`/rodzina?id=${f.id}`);
	await expect(page.getByTestId('goal')).toHaveCount(2);
	await expect(page.getByTestId('goal').nth(1).getByRole('heading', { level: 3 })).toHaveText(
		'Cel 2'
	);
	const secondTitle = await page.getByTestId('goal').nth(1).getByLabel('Tytuł celu').inputValue();

	await page.goto(`/rodzina/dokumenty?id=${f.id}`);
	await expect(page.getByRole('heading', { name: 'Nowa ocena' })).toBeVisible();
	// The same goal reads "Cel 2" here too.
	await expect(page.getByLabel(`Cel 2: ${secondTitle}`, { exact: true })).toBeVisible();
	const assessments = await page.getByTestId('assessment').count();

	const today = await isoIn(page, 0);
	await page.getByLabel('Okres od').fill(today);
	await page.getByLabel('Okres do').fill(today);
	await page.getByRole('button', { name: 'Zapisz ocenę' }).click();
	await expect(page.getByText(/Ocena nic nie mówi/)).toBeVisible();
	await expect(
		page.getByText('Okres oceny musi kończyć się później, niż się zaczyna.')
	).toBeVisible();
	await expect(page.getByTestId('assessment')).toHaveCount(assessments);
});

test('[issue12] Dostęp i dziennik: back link and family in the title, a grant until 3000 refused, words never broken, names instead of ids, opens folded', async ({
	page
}) => {
	await signIn(page, ANNA);
	const f = await family(page, /Kowalskich/);
	// A walk through the tabs: each section opened (audited), some more than once.
	for (const path of ['/rodzina', '/rodzina/sprawa', '/rodzina', '/rodzina/wizyty', '/rodzina']) {
		await page.goto(`${path}?id=${f.id}`);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectSaved(page);
	}
	await page.goto(`/rodzina/dostep?id=${f.id}`);
	await expect(page).toHaveTitle(new RegExp(f.name));
	await expect(page.getByRole('link', { name: '← Moje rodziny' })).toBeVisible();

	// Grants table at 1366 px: headers and buttons on one line each.
	const grants = page.getByTestId('grants');
	await expect(grants).toBeVisible();
	for (const th of await grants.locator('th:not(:has(.visually-hidden))').all())
		expect(await oneLine(page, th)).toBe(true);
	for (const b of await grants.getByRole('button').all()) expect(await oneLine(page, b)).toBe(true);

	// A kurator's grant until the year 3000 is refused in Polish; no grant is added.
	const rows = await grants.locator('tbody tr').count();
	await page.getByLabel('Osoba (e-mail)').fill('kasia.kurator@demo.local');
	await page.getByLabel(/^Ważny do/).fill('3000-01-01');
	await page.getByRole('button', { name: 'Udziel dostępu' }).click();
	await expect(
		page.getByText(/^Podaj datę od \d{2}\.\d{2}\.\d{4} do \d{2}\.\d{2}\.\d{4}\.$/)
	).toBeVisible();
	await expect(grants.locator('tbody tr')).toHaveCount(rows);
	expect(
		await page.locator('form.grant-form').evaluate((el) => (el as HTMLFormElement).noValidate)
	).toBe(true);

	// The audit trail: no raw document ids, and one row per person, document and day for opens.
	const audit = page.getByTestId('audit');
	await expect(audit.getByTestId('audit-row').first()).toBeVisible();
	await expect(audit).not.toContainText(`rodzina-${f.id}`);
	const opens = await audit
		.getByTestId('audit-row')
		.filter({ hasText: /otwarcie/ })
		.evaluateAll((trs) =>
			trs.map((tr) => {
				const td = [...tr.querySelectorAll('td')].map((c) => c.textContent?.trim() ?? '');
				return `${td[0].slice(0, 10)}|${td[1]}|${td[2].includes('bez sieci')}|${td[3]}`;
			})
		);
	expect(opens.length).toBeGreaterThan(0);
	expect(new Set(opens).size).toBe(opens.length);
	await expect(
		audit
			.getByTestId('audit-row')
			.filter({ hasText: /otwarcie \(\d+×\)/ })
			.first()
	).toBeVisible();
});

test('[issue12] on a phone the grants are readable cards, not a squeezed table', async ({
	page
}) => {
	await page.setViewportSize({ width: 375, height: 740 });
	await signIn(page, ANNA);
	const f = await family(page, /Kowalskich/);
	await page.goto(`/rodzina/dostep?id=${f.id}`);
	const cell = page.getByTestId('grants').locator('tbody td').first();
	await expect(cell).toBeVisible();
	expect(await cell.evaluate((el) => getComputedStyle(el).display)).toBe('block');
	// Nothing wider than the phone but what scrolls inside its own box.
	const wide = await page.evaluate(() =>
		[...document.querySelectorAll('body *')]
			.filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
			.filter((el) => !el.closest('.table-wrap'))
			.map((el) => `${el.tagName}.${el.className}`)
	);
	expect(wide).toEqual([]);
});

test('[issue12] the plan’s Notatki print under their own name', async ({ page }) => {
	await signIn(page, ANNA);
	const f = await family(page, /Kowalskich/);
	await page.goto(`/rodzina/druk?id=${f.id}&dokument=plan`);
	await expect(page.getByRole('heading', { name: 'Notatki', exact: true })).toBeVisible();
	await expect(page.getByText('Diagnoza, zasoby i uwagi')).toHaveCount(0);
});

test('[issue12] signing in goes to the role’s page even when “Moje rodziny” is the default', async ({
	page
}) => {
	await page.goto('/logowanie');
	await page.getByLabel('E-mail').fill(KRYSTYNA);
	await page.getByLabel('Hasło').fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: /zaloguj/i }).click();
	await expect(page).toHaveURL(/\/kierownik$/);
	await page.goto('/');
	await expect(page).toHaveURL(/\/kierownik$/);
});
