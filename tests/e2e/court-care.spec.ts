import { expect, test, type Page } from './fixtures';
import { fromToday } from './dates';
import { ANNA, PIOTR, expectNoAxeViolations, expectSaved, userContext } from './pages/app';

const caseState = (page: Page) => page.getByTestId('case-state');
const guardMessage = (page: Page) => page.getByTestId('guard-message');
const go = (page: Page, to: string) =>
	page.getByRole('button', { name: `Przejdź: ${to}`, exact: true }).click();
const tab = (page: Page, name: string) =>
	page
		.getByRole('navigation', { name: 'Części akt rodziny' })
		.getByRole('link', { name, exact: true })
		.click();

test('[CT2][CT3][G3][PC1][PC3][PC4][G4] a court obligation lets work start without written consent; a child placed in a placówka puts the plan in coordinated mode and G4 waits for the plan pomocy dziecku, never for a coordinator', async ({
	browser
}) => {
	const anna = await userContext(browser, ANNA);
	const page = anna.page;
	const name = `Rodzina Sądowa ${Date.now() % 100000}`;

	// A new family from the intake, with a parent who signs and a child.
	await page.getByRole('link', { name: '+ Nowa rodzina' }).click();
	await page.getByLabel(/Nazwa rodziny/).fill(name);
	await page.getByLabel('Pracownik socjalny rodziny').selectOption({ label: 'Piotr Wiśniewski' });
	await page.getByRole('button', { name: 'Załóż rodzinę' }).click();
	await expect(caseState(page)).toHaveText('Przydzielona – oczekuje na zgodę');
	await page.getByRole('textbox', { name: 'Imię i nazwisko' }).last().fill('Jan Sądowy');
	await page.getByLabel('Relacja').last().selectOption('ojciec');
	await page.getByRole('button', { name: 'Dodaj osobę' }).click();
	await page.getByTestId('member').first().getByLabel('podpisuje plan (osoba dorosła)').check();
	await page.getByRole('textbox', { name: 'Imię i nazwisko' }).last().fill('Ola Sądowa');
	await page.getByLabel('Relacja').last().selectOption('dziecko');
	await page.getByRole('button', { name: 'Dodaj osobę' }).click();
	await expect(page.getByTestId('member')).toHaveCount(2);
	const caseUrl = page.url();

	// POSTANOWIENIE_SADU: the court obliges the family to work with the assistant.
	await tab(page, 'Oceny i sąd');
	const form = page.getByRole('form', { name: 'Nowe postanowienie sądu' });
	await form.getByRole('button', { name: 'Zapisz postanowienie' }).click();
	await expect(form.getByText('Wybierz rodzaj postanowienia.')).toBeVisible();
	await form.getByLabel('Sąd wydający postanowienie').fill('Sąd Rejonowy w Przykładowie');
	await form.getByLabel('Wydział').fill('III Wydział Rodzinny i Nieletnich');
	await form.getByLabel('Sygnatura', { exact: true }).fill('III Nsm 77/26');
	await form.getByLabel('Data postanowienia').fill(fromToday(-35));
	await form.getByLabel('Rodzaj postanowienia').selectOption('zobowiazanie');
	await form.getByRole('checkbox', { name: 'Jan Sądowy' }).check();
	await form.getByRole('button', { name: 'Zapisz postanowienie' }).click();
	await expect(form.getByRole('status')).toHaveText('Postanowienie zapisane.');
	const saved = page.getByTestId('court-order');
	await expect(saved).toHaveCount(1);
	await expect(saved).toContainText('III Nsm 77/26');
	await expect(saved).toContainText('dotyczy: Jan Sądowy');
	await expectNoAxeViolations(page);
	await expectSaved(page);

	// G3 passes on the exemption; the log shows the order without its content.
	await page.goto(caseUrl);
	await expect(page.getByTestId('case-event').first()).toContainText(
		'Postanowienie sądu: zobowiązanie do współpracy z asystentem'
	);
	await expect(page.getByTestId('case-event').first()).not.toContainText('III Nsm 77/26');
	await expect(page.getByTestId('consent-current')).toContainText('zobowiązanie sądu');
	await expect(page.getByRole('checkbox', { name: 'zobowiązanie sądu' })).toBeChecked();
	await go(page, 'Nawiązanie kontaktu');
	await expect(caseState(page)).toHaveText('Nawiązanie kontaktu');
	await expect(guardMessage(page)).toHaveCount(0);
	await go(page, 'Plan w przygotowaniu');
	await expect(caseState(page)).toHaveText('Plan w przygotowaniu');

	// DZIECKO_W_PIECZY from the child's record.
	const care = page.getByRole('form', { name: 'Piecza zastępcza: Ola Sądowa' });
	await care.getByLabel('Gdzie').selectOption('placowka');
	await care.getByRole('button', { name: 'Zarejestruj umieszczenie w pieczy' }).click();
	await expect(care.getByTestId('in-care')).toContainText('placówka opiekuńczo-wychowawcza');
	await expect(page.getByTestId('member').nth(1).getByLabel('Gdzie przebywa')).toHaveValue(
		'placowka'
	);
	await expect(page.getByRole('checkbox', { name: 'dziecko w pieczy zastępczej' })).toBeChecked();
	await expect(page.getByTestId('case-event').first()).toContainText(
		'Dziecko umieszczone w pieczy zastępczej (placówka opiekuńczo-wychowawcza): Ola Sądowa'
	);

	// G4 in coordinated mode names what pkt 2 needs; a placówka has no coordinator (issue 13).
	await go(page, 'Realizacja planu');
	await expect(guardMessage(page)).toContainText('brak odwołania do planu pomocy dziecku');
	await expect(guardMessage(page)).not.toContainText('koordynator');
	await expectNoAxeViolations(page);
	await expectSaved(page);

	// The plan shows the coordinated mode; agreeing waits for its fields and the coordinator.
	await tab(page, 'Plan pracy');
	await expect(page.getByTestId('coordinated-mode')).toBeVisible();
	await expect(page.getByTestId('placowka-no-coordinator')).toBeVisible();
	await expect(page.getByLabel(/Koordynator rodzinnej pieczy zastępczej/)).toHaveCount(0);
	await page.getByRole('button', { name: 'Dodaj cel' }).click();
	await page.getByLabel('Tytuł celu').fill('Powrót Oli do domu');
	await page.getByRole('button', { name: 'Dodaj działanie' }).click();
	const action = page.getByTestId('action').first();
	await action.getByLabel('Opis działania').fill('Regularne odwiedziny w placówce');
	await action.getByLabel('Osoba odpowiedzialna').fill('Jan Sądowy');
	await action.getByLabel('Termin realizacji').fill(fromToday(60));
	await action.getByLabel('Przewidywany efekt').fill('Więź z dzieckiem utrzymana');
	await action.getByLabel('Przewidywany efekt').blur();
	await page.getByRole('button', { name: 'Uzgodnij plan z rodziną' }).click();
	await page.getByRole('checkbox', { name: 'Jan Sądowy' }).check();
	await page.getByRole('button', { name: 'Zapisz uzgodnienie wersji 1' }).click();
	await expect(page.getByRole('alert')).toContainText('brak odwołania do planu pomocy dziecku');

	await page.getByLabel('Plan pomocy dziecku (numer lub odwołanie)').fill('PPD/7/2026');
	await page.getByLabel('Plan pomocy dziecku (numer lub odwołanie)').blur();
	await page.getByRole('button', { name: 'Zapisz uzgodnienie wersji 1' }).click();
	await expect(page.getByTestId('agreed-version')).toContainText('Wersja 1 uzgodniona');
	await expectNoAxeViolations(page);
	await expectSaved(page);

	// The social worker consults version 1; then G4 lets the case into realizacja.
	const piotr = await userContext(browser, PIOTR);
	await piotr.page.goto(caseUrl.replace('/rodzina/sprawa', '/rodzina'));
	await piotr.page.getByLabel('Uwagi pracownika socjalnego do wersji 1').fill('Bez uwag.');
	await piotr.page.getByRole('button', { name: 'Potwierdź konsultację wersji 1' }).click();
	await expect(piotr.page.getByTestId('consulted')).toBeVisible();
	await expectSaved(piotr.page);

	await page.goto(caseUrl);
	await expect(page.getByText('skonsultowana z pracownikiem socjalnym')).toBeVisible();
	await go(page, 'Realizacja planu');
	await expect(caseState(page)).toHaveText('Realizacja planu');
	await expect(guardMessage(page)).toHaveCount(0);

	// POWROT_DZIECKA: the last child home switches the coordinated mode off.
	const back = page.getByRole('form', { name: 'Piecza zastępcza: Ola Sądowa' });
	await back.getByRole('button', { name: 'Zarejestruj powrót dziecka' }).click();
	await expect(back.getByTestId('in-care')).toHaveCount(0);
	await expect(
		page.getByRole('checkbox', { name: 'dziecko w pieczy zastępczej' })
	).not.toBeChecked();
	await expect(page.getByTestId('case-event').first()).toContainText('Powrót dziecka do rodziny');
	await expectSaved(page);
	await tab(page, 'Plan pracy');
	await expect(page.getByTestId('action').first()).toBeVisible();
	await expect(page.getByTestId('coordinated-mode')).toHaveCount(0);

	await anna.context.close();
	await piotr.context.close();
});
