import { expect, test } from './fixtures';
import { ANNA, expectNoAxeViolations, expectSaved, openFamilyTab, signIn } from './pages/app';

const FAMILY = 'Rodzina Kowalskich';
const TAB = 'Kontakty i bezpieczeństwo';

test('[KI1][KI2][SA1][SA3] the assistant records an inter-agency contact and a safety concern not related to violence', async ({
	page
}) => {
	await signIn(page, ANNA);
	await openFamilyTab(page, FAMILY, TAB);
	await expect(page.getByRole('heading', { name: 'Kontakty z instytucjami' })).toBeVisible();

	// KI2: the institution is required; what was typed stays.
	await page.getByLabel('Osoba kontaktowa').fill('pedagog szkolny');
	await page.getByRole('button', { name: 'Zapisz kontakt' }).click();
	await expect(page.locator('#contact-institution-error')).toHaveText(/Podaj instytucję/);
	await expect(page.getByLabel('Osoba kontaktowa')).toHaveValue('pedagog szkolny');
	await expectNoAxeViolations(page);

	await page
		.getByRole('textbox', { name: 'Instytucja', exact: true })
		.fill('Szkoła Podstawowa nr 3');
	await page.getByLabel('Znak pisma').fill('SP3.41.2026');
	await page.getByRole('button', { name: 'Zapisz kontakt' }).click();
	await expect(page.getByText('Kontakt zapisany.')).toBeVisible();
	const contact = page.getByTestId('contact-record').filter({ hasText: 'Szkoła Podstawowa nr 3' });
	await expect(contact).toBeVisible();
	const outcome = contact.getByRole('textbox', { name: 'Wynik kontaktu' });
	await outcome.click();
	await page.keyboard.type('Umówiono spotkanie z wychowawczynią.');
	await expect(outcome).toContainText('Umówiono spotkanie');

	// SA3: the violence question comes first and must be answered.
	await page.getByRole('button', { name: 'Zapisz zdarzenie' }).click();
	await expect(page.locator('#safety-violence-error')).toHaveText(
		'Odpowiedz, czy zdarzenie dotyczy przemocy domowej.'
	);
	await page.getByRole('radio', { name: /^Nie/ }).check();
	await page.getByLabel('Godzina').fill('18:30');
	await page.getByRole('checkbox', { name: 'powiadomiono pracownika socjalnego' }).check();
	await page.getByRole('button', { name: 'Zapisz zdarzenie' }).click();
	await expect(page.getByText('Zapisano w dzienniku wizyt.')).toBeVisible();
	const record = page.getByTestId('safety-record').filter({ hasText: 'godz. 18:30' });
	await expect(record).toHaveAttribute('data-compartment', 'visits');
	const description = record.getByRole('textbox', { name: 'Opis zdarzenia' });
	await description.click();
	await page.keyboard.type('Dziecko samo w domu wieczorem.');
	await expect(description).toContainText('Dziecko samo w domu');
	await expectSaved(page);
	await expectNoAxeViolations(page);

	// After a reload everything is still there.
	await page.reload();
	await expect(
		page
			.getByTestId('contact-record')
			.filter({ hasText: 'Szkoła Podstawowa nr 3' })
			.getByRole('textbox', { name: 'Wynik kontaktu' })
	).toContainText('Umówiono spotkanie');
	await expect(
		page
			.getByTestId('safety-record')
			.filter({ hasText: 'godz. 18:30' })
			.getByRole('textbox', { name: 'Opis zdarzenia' })
	).toContainText('Dziecko samo w domu');
});
