import { expect, test, type Page } from './fixtures';
import { ANNA, expectSaved, userContext } from './pages/app';
import { fromToday } from './dates';

/**
 * Issue 13, external participants in a real browser: a kurator's grant rests on a court order
 * the case log records (ST3), and a family's own assistant is never recorded as another
 * institution's (ST4) — each refused in Polish with the form kept, nothing stored.
 */
const KRYSTYNA = 'krystyna.kierownik@demo.local';
const KASIA = 'kasia.kurator@demo.local';

const tab = (page: Page, name: string) =>
	page
		.getByRole('navigation', { name: 'Części akt rodziny' })
		.getByRole('link', { name, exact: true })
		.click();

test('[ST3] the assistant cannot give the kurator the plan before a court order is recorded; after recording one she can', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	const page = anna.page;
	const name = `Rodzina Kurator ${Date.now() % 100000}`;
	await page.getByRole('link', { name: '+ Nowa rodzina' }).click();
	await page.getByLabel(/Nazwa rodziny/).fill(name);
	await page.getByRole('button', { name: 'Załóż rodzinę' }).click();
	await expect(page.getByTestId('case-state')).toHaveText('Przydzielona – oczekuje na zgodę');
	const familyId = new URL(page.url()).searchParams.get('id') ?? '';
	await expectSaved(page);

	const grantKasia = async () => {
		await page.goto(`/rodzina/dostep?id=${encodeURIComponent(familyId)}`);
		const form = page.locator('form.grant-form');
		await form.getByLabel('Osoba (e-mail)').fill(KASIA);
		await form.getByLabel(/^Ważny do/).fill(fromToday(90));
		await form.getByLabel(/^Podstawa/).fill('nadzór kuratora');
		await form.getByRole('button', { name: 'Udziel dostępu' }).click();
		return form;
	};
	const kasiaRows = () => page.getByTestId('grants').getByRole('row').filter({ hasText: 'Kasia' });

	// No order in the case log: refused in Polish, the form keeps what was typed.
	const refused = await grantKasia();
	await expect(refused.getByRole('alert')).toContainText(
		'kurator sądowy (Kasia Lewandowska) dostaje dostęp do akt rodziny tylko na podstawie postanowienia sądu (art. 109 § 2 KRiO)'
	);
	await expect(refused.getByLabel('Osoba (e-mail)')).toHaveValue(KASIA);
	await expect(kasiaRows()).toHaveCount(0);

	// The assistant records the order (supervision by a kurator); then the grant is given.
	await page.goto(`/rodzina/sprawa?id=${encodeURIComponent(familyId)}`);
	await tab(page, 'Oceny i sąd');
	const order = page.getByRole('form', { name: 'Nowe postanowienie sądu' });
	await order.getByLabel('Sąd wydający postanowienie').fill('Sąd Rejonowy w Przykładowie');
	await order.getByLabel('Sygnatura', { exact: true }).fill('III Nsm 91/26');
	await order.getByLabel('Data postanowienia').fill(fromToday(-10));
	await order.getByLabel('Rodzaj postanowienia').selectOption('nadzor_kuratora');
	await order.getByRole('button', { name: 'Zapisz postanowienie' }).click();
	await expect(order.getByRole('status')).toHaveText('Postanowienie zapisane.');
	await expectSaved(page);

	// The server reads the order from the case log after the commit (debounced): retry.
	await expect(async () => {
		const form = await grantKasia();
		await expect(form.getByRole('status')).toBeVisible({ timeout: 2000 });
	}).toPass();
	await expect(kasiaRows()).toHaveCount(1);
	await anna.context.close();
});

test('[ST4] the head cannot record the family’s own assistant as another institution’s: a Polish message naming her families, nothing stored', async ({
	browser
}) => {
	const head = await userContext(browser, KRYSTYNA);
	const page = head.page;
	await page.goto('/kierownik/ustawienia');
	const anna = page.getByTestId('staff-member').filter({ hasText: 'Anna Nowicka' });
	await expect(anna.getByTestId('staff-institution')).toContainText('OPS (ten ośrodek)');
	await anna.getByText('Instytucja: Anna Nowicka').click();
	const form = anna.getByRole('form', { name: 'Instytucja' });
	await form.getByLabel('Instytucja', { exact: true }).selectOption('inna');
	await form.getByLabel('Nazwa instytucji').fill('Fundacja Przykład');
	await form.getByRole('button', { name: 'Zapisz instytucję' }).click();
	await expect(form.getByRole('alert')).toContainText(
		/^Anna Nowicka jest asystentem rodziny: .*Rodzina Kowalskich.*osoba spoza OPS tego nie może/
	);
	await expect(form.getByLabel('Nazwa instytucji')).toHaveValue('Fundacja Przykład');
	await page.reload();
	await expect(
		page
			.getByTestId('staff-member')
			.filter({ hasText: 'Anna Nowicka' })
			.getByTestId('staff-institution')
	).toContainText('OPS (ten ośrodek)');
	await head.context.close();
});
