/**
 * Issue 12, bad input and what the first walk tripped over: every date field refuses dates
 * outside its bounds with a Polish message and keeps the draft (DB1); a value longer than a field
 * takes is refused with its limit, never cut (DB2); "Najbliższe terminy" lists a deadline a few
 * days ahead; a section never downloaded to this device says so (SY7).
 */
import { expect, test, type Page } from './fixtures';
import {
	ANNA,
	expectSaved,
	forgetFamilyOffline,
	gotoLocked,
	signIn,
	syncIndicator,
	unlockDevice,
	waitForServiceWorker
} from './pages/app';

const OUT_OF_RANGE = /^Podaj datę od \d{2}\.\d{2}\.\d{4} do \d{2}\.\d{2}\.\d{4}\.$/;

interface Family {
	id: string;
	name: string;
}

async function family(page: Page, name: RegExp): Promise<Family> {
	const res = await page.request.get('/api/families');
	const f = ((await res.json()) as Family[]).find((x) => name.test(x.name));
	if (!f) throw new Error(`no family ${name}`);
	return f;
}

/** ISO date `days` from `from` (ISO). */
function plusDays(from: string, days: number): string {
	const t = new Date(`${from}T00:00:00Z`);
	t.setUTCDate(t.getUTCDate() + days);
	return t.toISOString().slice(0, 10);
}

/** Today in Warsaw, as the page's clock says. */
const todayIn = (page: Page) =>
	page.evaluate(() =>
		new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date())
	);

test('[issue12][DL3] “Najbliższe terminy” lists a deadline four days ahead, as the family’s Terminy does (fake clock)', async ({
	page
}) => {
	await signIn(page, ANNA);
	const f = await family(page, /Zielińskich/);
	await page.goto(`/rodzina?id=${f.id}`);
	await expect(page.getByTestId('caseload-progress')).toHaveAttribute('data-state', 'ready', {
		timeout: 30_000
	});
	// The family's own deadlines of every kind, as its Terminy tab lists them today.
	await page.goto(`/rodzina/terminy?id=${f.id}`);
	const items = page.getByTestId('termin');
	await expect(items.first()).toBeVisible();
	await expect(page.getByText('Wczytywanie terminów…')).toHaveCount(0);
	const today = await todayIn(page);
	const all = await items.evaluateAll((els) =>
		els.map((el) => ({
			due: el.querySelector('.due')?.textContent?.trim() ?? '',
			label: el.querySelector('.label')?.textContent?.trim() ?? ''
		}))
	);
	const iso = (d: string) => d.split('.').reverse().join('-');
	const ahead = all
		.filter((t) => iso(t.due) > today)
		.sort((a, b) => (iso(a.due) < iso(b.due) ? -1 : 1));
	expect(ahead.length).toBeGreaterThan(0);
	const target = ahead[0];

	// The page's clock: noon, four days before that deadline (Warsaw).
	const fakeToday = plusDays(iso(target.due), -4);
	await page.clock.setFixedTime(new Date(`${fakeToday}T11:00:00Z`));
	await page.goto('/rodziny');
	// [DV5] A clock moved days ahead reads as a device left idle: it locks, as it should.
	const lock = page.getByTestId('lock-screen');
	await expect(lock.or(page.getByTestId('tray'))).toBeVisible();
	if (await lock.isVisible()) await unlockDevice(page);
	expect(await todayIn(page)).toBe(fakeToday);
	const tray = page.getByTestId('tray');
	const item = tray
		.getByTestId('termin')
		.filter({ hasText: target.label.slice(0, 30) })
		.filter({ hasText: target.due });
	await expect(item).toHaveCount(1);
	await expect(tray).not.toContainText('Nic po terminie ani w najbliższych dniach');
	// And it stays listed on the next load, every family's documents on the device.
	await page.reload();
	await expect(item).toHaveCount(1);
	// The family's Terminy agrees under the same clock: due in four days.
	await page.goto(`/rodzina/terminy?id=${f.id}`);
	await expect(
		page
			.getByTestId('termin')
			.filter({ hasText: target.label.slice(0, 30) })
			.filter({ hasText: target.due })
	).toContainText('za 4 dni');
});

test('[DB1] a court order dated in the future and an opinion due in three years are refused in Polish, the drafts kept', async ({
	page
}) => {
	await signIn(page, ANNA);
	const f = await family(page, /Kowalskich/);
	await page.goto(`/rodzina/dokumenty?id=${f.id}`);
	const today = await todayIn(page);
	const orders = page.getByTestId('court-order');
	const form = page.getByRole('form', { name: 'Nowe postanowienie sądu' });
	await expect(form).toBeVisible();
	const orderCount = await orders.count();
	await form.getByLabel('Sąd wydający postanowienie').fill('Sąd Rejonowy w Przykładowie');
	await form.getByLabel('Sygnatura', { exact: true }).fill('III Nsm 90/26');
	await form.getByLabel('Data postanowienia').fill(plusDays(today, 40));
	await form.getByLabel('Rodzaj postanowienia').selectOption('nadzor_kuratora');
	await form.getByRole('button', { name: 'Zapisz postanowienie' }).click();
	await expect(form.getByText(OUT_OF_RANGE)).toBeVisible();
	await expect(form.getByLabel('Data postanowienia')).toHaveValue(plusDays(today, 40));
	await expect(form.getByLabel('Sygnatura', { exact: true })).toHaveValue('III Nsm 90/26');
	await expect(orders).toHaveCount(orderCount);

	const opinions = page.getByTestId('opinion');
	const opinionCount = await opinions.count();
	await page.getByLabel('Sąd', { exact: true }).fill('Sąd Rejonowy Lublin-Zachód');
	await page.getByLabel('Sygnatura akt').fill('III Nsm 91/26');
	await page.getByLabel('Termin opinii').fill(plusDays(today, 3 * 366));
	await page.getByRole('button', { name: 'Zapisz zapytanie' }).click();
	await expect(page.locator('#opinion-due-error')).toHaveText(OUT_OF_RANGE);
	await expect(page.getByLabel('Termin opinii')).toHaveValue(plusDays(today, 3 * 366));
	await expect(opinions).toHaveCount(opinionCount);
	// No browser bubble beside the app's message: every form validates itself.
	for (const el of await page.locator('form').all())
		expect(await el.evaluate((x) => (x as HTMLFormElement).noValidate)).toBe(true);
});

test('[DB1][DB2] a contact dated next month or with an institution of 5,000 characters is refused, nothing cut', async ({
	page
}) => {
	await signIn(page, ANNA);
	const f = await family(page, /Kowalskich/);
	await page.goto(`/rodzina/kontakty?id=${f.id}`);
	await expect(page.getByRole('button', { name: 'Zapisz kontakt' })).toBeVisible();
	const today = await todayIn(page);
	const contacts = page.getByTestId('contact-record');
	const count = await contacts.count();

	await page.getByLabel('Data kontaktu').fill(plusDays(today, 31));
	const long = 'Miejski Ośrodek Pomocy Społecznej, '.repeat(150).slice(0, 5000);
	const institution = page.getByRole('textbox', { name: 'Instytucja', exact: true });
	await institution.fill(long);
	await expect(
		page.getByText('Za długie: najwyżej 200 znaków, wpisano 5000.', { exact: false })
	).toBeVisible();
	await expect(institution).toHaveValue(long);
	await page.getByRole('button', { name: 'Zapisz kontakt' }).click();
	await expect(contacts).toHaveCount(count);

	await institution.fill('Szkoła Podstawowa nr 7');
	await expect(page.getByText('Za długie', { exact: false })).toHaveCount(0);
	await page.getByRole('button', { name: 'Zapisz kontakt' }).click();
	await expect(page.locator('#contact-date-error')).toHaveText(OUT_OF_RANGE);
	await expect(page.getByLabel('Data kontaktu')).toHaveValue(plusDays(today, 31));
	await expect(contacts).toHaveCount(count);
	// No field anywhere on the page cuts what is pasted into it.
	expect(await page.locator('[maxlength]').count()).toBe(0);
});

test('[DB2] a plan field longer than it takes is not written and says its limit', async ({
	page
}) => {
	await signIn(page, ANNA);
	const f = await family(page, /Kowalskich/);
	await page.goto(`/rodzina?id=${f.id}`);
	await expect(page.getByTestId('action').first()).toBeVisible();
	await expectSaved(page);
	const responsible = page.getByTestId('action').first().getByLabel('Osoba odpowiedzialna');
	const before = await responsible.inputValue();
	const long = 'Matka z asystentem rodziny; '.repeat(30).slice(0, 600);
	await responsible.fill(long);
	await responsible.blur();
	await expect(
		page.getByText('Za długie: najwyżej 500 znaków, wpisano 600.', { exact: false })
	).toBeVisible();
	await expect(responsible).toHaveValue(long);
	await expectSaved(page);
	await expect(page.getByText('Serwer nie przyjął')).toHaveCount(0);
	// Nothing was written: another load shows the value as it was.
	await page.reload();
	await expect(page.getByTestId('action').first().getByLabel('Osoba odpowiedzialna')).toHaveValue(
		before
	);
	expect(await page.locator('[maxlength]').count()).toBe(0);
});

test('[DB1] a new family with a signal date in 1800 is refused by the form and by the server', async ({
	page
}) => {
	await signIn(page, ANNA);
	await page.goto('/rodziny/nowa');
	await page.getByLabel(/Nazwa rodziny/).fill('Rodzina Graniczna');
	await page.getByLabel('Data zgłoszenia').fill('1800-01-01');
	await page.getByRole('button', { name: 'Załóż rodzinę' }).click();
	await expect(page.getByText(OUT_OF_RANGE)).toBeVisible();
	await expect(page.getByLabel(/Nazwa rodziny/)).toHaveValue('Rodzina Graniczna');
	await expect(page).toHaveURL(/\/rodziny\/nowa$/);

	const res = await page.request.post('/api/families', {
		data: { name: 'Rodzina Graniczna', caseRefs: { signalDate: '3000-01-01' } }
	});
	expect(res.status()).toBe(400);
	expect(((await res.json()) as { error: string }).error).toMatch(OUT_OF_RANGE);
	const list = await page.request.get('/api/families');
	expect(((await list.json()) as Family[]).some((x) => x.name === 'Rodzina Graniczna')).toBe(false);
});

test('[SY7] contacts, assessments and court records never downloaded say so offline, no empty forms', async ({
	page,
	context
}) => {
	await signIn(page, ANNA);
	const [first, absent] = [await family(page, /Kowalskich/), await family(page, /Zielińskich/)];
	await page.goto(`/rodzina?id=${first.id}`);
	await waitForServiceWorker(page);
	await expect(page.getByTestId('caseload-progress')).toHaveAttribute('data-state', 'ready', {
		timeout: 30_000
	});
	// Offline, this device forgets the second family's documents, as if never downloaded.
	await forgetFamilyOffline(page, context, absent.id);

	await gotoLocked(page, `/rodzina/kontakty?id=${absent.id}`);
	await expect(page.getByTestId('not-on-device').first()).toBeVisible();
	await expect(page.getByRole('button', { name: 'Zapisz kontakt' })).toHaveCount(0);
	await expect(syncIndicator(page)).not.toContainText('zapisane na serwerze');

	await gotoLocked(page, `/rodzina/dokumenty?id=${absent.id}`);
	await expect(page.getByTestId('not-on-device').first()).toBeVisible();
	for (const name of ['Zapisz ocenę', 'Zapisz postanowienie', 'Zapisz zapytanie'])
		await expect(page.getByRole('button', { name })).toHaveCount(0);
	await expect(syncIndicator(page)).not.toContainText('zapisane na serwerze');

	// The family on the device still opens its sections offline.
	await gotoLocked(page, `/rodzina/kontakty?id=${first.id}`);
	await expect(page.getByRole('button', { name: 'Zapisz kontakt' })).toBeVisible();
	await expect(page.getByTestId('not-on-device')).toHaveCount(0);
});
