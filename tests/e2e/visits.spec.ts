import { expect, test, type Page } from './fixtures';
import {
	ANNA,
	PIOTR,
	expectNoAxeViolations,
	expectSaved,
	openFamilyTab,
	richText,
	signIn,
	unlockDevice,
	userContext,
	waitForServiceWorker
} from './pages/app';

const FAMILY = 'Rodzina Kowalskich';

/** The visit-cadence deadline in the Terminy tray of the page. */
const cadence = (page: Page) => page.locator('[data-testid="termin"][data-kind="wizyta"]');

/** Today plus `days`, as the tray shows it (dd.mm.rrrr), in Poland's calendar. */
function plDate(days: number): string {
	const iso = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw' }).format(new Date());
	const d = new Date(`${iso}T00:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	const [y, m, day] = d.toISOString().slice(0, 10).split('-');
	return `${day}.${m}.${y}`;
}

async function tab(page: Page, name: string) {
	await page
		.getByRole('navigation', { name: 'Części akt rodziny' })
		.getByRole('link', { name })
		.click();
	await expect(page.getByRole('link', { name, exact: true })).toHaveAttribute(
		'aria-current',
		'page'
	);
}

test('[VI1][VI2][DL4] a visit recorded offline with rich text moves the visit cadence offline; the social worker sees it after reconnect', async ({
	page,
	context,
	browser
}) => {
	await signIn(page, ANNA);
	await waitForServiceWorker(page);
	// The cross-family tray: the demo family's last visit was 9 days ago, so one is overdue.
	const tray = page.getByTestId('tray');
	await expect(tray.locator('[data-kind="wizyta"]').filter({ hasText: FAMILY })).toBeVisible();
	// Both demo families are in counted states (CS2); other specs may add families of their own.
	await expect(page.getByTestId('caseload')).toContainText(/\d+ \/ 15/);
	const counted = Number(
		(await page.getByTestId('caseload').innerText()).match(/(\d+) \/ 15/)?.[1]
	);
	expect(counted).toBeGreaterThanOrEqual(2);

	await openFamilyTab(page, FAMILY, 'Terminy');
	await expect(
		page.getByTestId('termin-group-po_terminie').locator('[data-kind="wizyta"]')
	).toBeVisible();
	await expect(cadence(page)).toContainText(plDate(-2));
	await tab(page, 'Wizyty');
	await expectSaved(page);

	await context.setOffline(true);
	// A refused form keeps what was typed, with the message next to the field.
	await page.getByLabel('Początek').fill('10:00');
	await page.getByLabel('Koniec').fill('09:15');
	await page.getByLabel('Miejsce').fill('mieszkanie rodziny, kuchnia');
	await page.getByRole('button', { name: 'Zapisz wizytę' }).click();
	await expect(page.getByText('Koniec wizyty nie może być przed początkiem.')).toBeVisible();
	await expect(page.getByLabel('Początek')).toHaveValue('10:00');
	await expect(page.getByLabel('Miejsce')).toHaveValue('mieszkanie rodziny, kuchnia');
	await expect(page.getByTestId('visit')).toHaveCount(2);

	await page.getByLabel('Koniec').fill('11:15');
	await page.getByRole('button', { name: 'Zapisz wizytę' }).click();
	await expect(page.getByTestId('visit')).toHaveCount(3);
	const newest = page.getByTestId('visit').first();
	await expect(newest).toContainText('zapisana bez sieci');
	await expect(newest.getByRole('button').first()).toHaveAttribute('aria-expanded', 'true');
	const topics = richText(page, 'Tematy rozmowy');
	await topics.click();
	await page.keyboard.type('Budżet domowy i plan dnia dzieci');
	await richText(page, 'Zadania rodziny do następnej wizyty').click();
	await page.keyboard.type('Zapisywać wydatki w zeszycie');
	await expect(topics).toContainText('Budżet domowy i plan dnia dzieci');

	// Terminy, still offline: the next visit is now due a week from today.
	await tab(page, 'Terminy');
	await expect(cadence(page)).toContainText(plDate(7));
	await expect(
		page.getByTestId('termin-group-pozniej').locator('[data-kind="wizyta"]')
	).toBeVisible();
	await page.getByRole('link', { name: '← Moje rodziny' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Moje rodziny' })).toBeVisible();
	// No longer overdue; due in a week, so listed among the coming days (DL8, issue 12).
	const visitDue = page
		.getByTestId('tray')
		.locator('[data-kind="wizyta"]')
		.filter({ hasText: FAMILY });
	await expect(visitDue).toHaveCount(1);
	await expect(visitDue).toContainText(plDate(7));
	await expect(
		page.getByTestId('tray').getByTestId('termin-group-po_terminie').locator('[data-kind="wizyta"]')
	).toHaveCount(0);

	// Cold offline: the page comes from the service worker, the diary from IndexedDB.
	await openFamilyTab(page, FAMILY, 'Wizyty');
	const res = await page.reload();
	expect(res?.fromServiceWorker()).toBe(true);
	await unlockDevice(page); // [DV5] offline, the password unlocks the device
	await page.getByTestId('visit').first().getByRole('button').first().click();
	await expect(richText(page, 'Tematy rozmowy')).toContainText('Budżet domowy i plan dnia dzieci');

	const piotr = await userContext(browser, PIOTR);
	await context.setOffline(false);
	await expectSaved(page);

	await openFamilyTab(piotr.page, FAMILY, 'Wizyty');
	await expect(piotr.page.getByText('tylko do odczytu', { exact: false }).first()).toBeVisible();
	await expect(piotr.page.getByRole('button', { name: 'Zapisz wizytę' })).toHaveCount(0);
	const seen = piotr.page.getByTestId('visit').first();
	await expect(seen).toContainText('zapisana bez sieci');
	await seen.getByRole('button').first().click();
	const remote = richText(piotr.page, 'Tematy rozmowy');
	await expect(remote).toContainText('Budżet domowy i plan dnia dzieci');
	await expect(remote).toHaveAttribute('contenteditable', 'false');
	await expect(richText(piotr.page, 'Zadania rodziny do następnej wizyty')).toContainText(
		'Zapisywać wydatki w zeszycie'
	);
	await piotr.context.close();
});

test('[VI1] two people typing in one narrative field see each other’s text and caret with a name', async ({
	page,
	browser
}) => {
	await signIn(page, ANNA);
	await openFamilyTab(page, FAMILY, 'Wizyty');
	await page.getByTestId('visit').first().getByRole('button').first().click();
	const krystyna = await userContext(browser, 'krystyna.kierownik@demo.local');
	// The head reads the diary; Anna types, and her caret shows on the head's screen.
	await openFamilyTab(krystyna.page, FAMILY, 'Wizyty');
	await krystyna.page.getByTestId('visit').first().getByRole('button').first().click();
	const field = richText(page, 'Obserwacje, w tym bezpieczeństwo dzieci');
	await field.click();
	await page.keyboard.type('Dzieci zadbane, w domu ciepło');
	const other = richText(krystyna.page, 'Obserwacje, w tym bezpieczeństwo dzieci');
	await expect(other).toContainText('Dzieci zadbane, w domu ciepło');
	await expect(other.locator('.collaboration-carets__label')).toHaveText('Anna Nowicka');
	await krystyna.context.close();
});

test('axe-core finds no violations on Moje rodziny, Wizyty (a visit open) and Terminy', async ({
	page
}) => {
	await signIn(page, ANNA);
	await expect(page.getByTestId('tray').locator('[data-testid="termin"]').first()).toBeVisible();
	await expectNoAxeViolations(page);
	await openFamilyTab(page, FAMILY, 'Wizyty');
	await page.getByTestId('visit').first().getByRole('button').first().click();
	await expect(richText(page, 'Tematy rozmowy')).toBeVisible();
	await expectNoAxeViolations(page);
	await tab(page, 'Terminy');
	await expect(cadence(page)).toBeVisible();
	await expectNoAxeViolations(page);
});

test('Moje rodziny filters families by name on the device, ignoring Polish letters', async ({
	page
}) => {
	await signIn(page, ANNA);
	await page.getByLabel('Szukaj rodziny').fill('zielinsk');
	await expect(page.getByTestId('family')).toHaveCount(1);
	await expect(page.getByTestId('family')).toContainText('Rodzina Zielińskich');
	await expect(page.getByTestId('family').getByTestId('family-state')).toContainText(
		'Nawiązanie kontaktu'
	);
});

test('[RE5][VI2] a saved visit’s place and times are corrected later; a refused edit keeps the draft; a reader sees the change', async ({
	page,
	browser
}) => {
	await signIn(page, ANNA);
	await openFamilyTab(page, FAMILY, 'Wizyty');
	const visit = page.getByTestId('visit').first();
	await visit.getByRole('button').first().click();
	await visit.getByRole('button', { name: 'Edytuj dane' }).click();
	await visit.getByLabel('Początek').fill('12:00');
	await visit.getByLabel('Koniec').fill('11:00');
	await visit.getByLabel('Miejsce').fill('świetlica szkolna');
	await visit.getByRole('button', { name: 'Zapisz zmiany' }).click();
	await expect(visit.getByText('Koniec wizyty nie może być przed początkiem.')).toBeVisible();
	await expect(visit.getByLabel('Miejsce')).toHaveValue('świetlica szkolna');
	await expectNoAxeViolations(page);

	await visit.getByLabel('Koniec').fill('13:30');
	await visit.getByRole('button', { name: 'Zapisz zmiany' }).click();
	await expect(visit.getByText('Zmiany zapisane.')).toBeVisible();
	await expect(visit.getByRole('button').first()).toContainText('świetlica szkolna');
	await expectSaved(page);

	const krystyna = await userContext(browser, 'krystyna.kierownik@demo.local');
	await openFamilyTab(krystyna.page, FAMILY, 'Wizyty');
	const seen = krystyna.page.getByTestId('visit').filter({ hasText: 'świetlica szkolna' });
	await expect(seen).toContainText('12:00');
	await seen.getByRole('button').first().click();
	await expect(seen.getByRole('button', { name: 'Edytuj dane' })).toHaveCount(0);
	await krystyna.context.close();
});
